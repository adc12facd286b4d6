import { and, asc, gt, ilike, inArray, like, lte, or, sql } from 'drizzle-orm';
import type { Database } from '../client';
import { customers, invoices, subscriptions } from '../schema';

export interface OperatorCustomerRow {
  id: string;
  name: string;
  email: string;
  currency: string;
  /** A subscription in force at the instant asked about. */
  subscribed: boolean;
  /** Sum of what open and partially paid invoices still ask (a decimal string). */
  openAmount: string;
}

/** `%`, `_` and `\` taken literally in a LIKE pattern. */
const literal = (text: string): string => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * Up to `take` customers in id order after `afterId`, whose name or email contains `search`
 * (any case) or whose id starts with it; with each one's subscription state at `atMs` and
 * its open amount. Two statements whatever the page size.
 */
export async function loadOperatorCustomers(
  db: Database,
  page: { take: number; afterId?: string; search?: string; atMs: number },
): Promise<OperatorCustomerRow[]> {
  const search = page.search === undefined ? undefined : literal(page.search);
  const rows = await db
    .select({
      id: customers.id,
      name: customers.name,
      email: customers.email,
      currency: customers.currency,
    })
    .from(customers)
    .where(
      and(
        page.afterId === undefined ? undefined : gt(customers.id, page.afterId),
        search === undefined
          ? undefined
          : or(
              ilike(customers.name, `%${search}%`),
              ilike(customers.email, `%${search}%`),
              like(customers.id, `${search}%`),
            ),
      ),
    )
    .orderBy(asc(customers.id))
    .limit(page.take);
  if (rows.length === 0) return [];
  const ids = rows.map((row) => row.id);
  const [subscribed, open] = await Promise.all([
    db
      .selectDistinct({ customerId: subscriptions.customerId })
      .from(subscriptions)
      .where(
        and(
          inArray(subscriptions.customerId, ids),
          lte(subscriptions.effectiveFrom, new Date(page.atMs)),
        ),
      ),
    db
      .select({
        customerId: invoices.customerId,
        amount: sql<string>`sum(greatest(${invoices.amountDue} - ${invoices.amountPaid} - ${invoices.amountCredited}, 0))::text`,
      })
      .from(invoices)
      .where(
        and(
          inArray(invoices.customerId, ids),
          inArray(invoices.status, ['open', 'partially_paid']),
        ),
      )
      .groupBy(invoices.customerId),
  ]);
  const withSubscription = new Set(subscribed.map((row) => row.customerId));
  const openById = new Map(open.map((row) => [row.customerId, row.amount]));
  return rows.map((row) => ({
    ...row,
    subscribed: withSubscription.has(row.id),
    openAmount: openById.get(row.id) ?? '0',
  }));
}
