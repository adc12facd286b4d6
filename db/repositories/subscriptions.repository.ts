import { and, asc, desc, eq, gt, lt, lte } from 'drizzle-orm';
import { BillingError } from '../../domain/errors';
import type { Database } from '../client';
import { subscriptions } from '../schema';

/** A customer is on `planId` from `effectiveFromMs` until its next subscription begins. */
export interface Subscription {
  id: string;
  customerId: string;
  planId: string;
  effectiveFromMs: number;
}

type SubscriptionRow = typeof subscriptions.$inferSelect;

function toSubscription(row: SubscriptionRow): Subscription {
  return {
    id: row.id,
    customerId: row.customerId,
    planId: row.planId,
    effectiveFromMs: row.effectiveFrom.getTime(),
  };
}

/**
 * Inserts a new subscription. An existing id is `subscription_exists`; another subscription
 * of the customer starting at the same instant is `subscription_conflict` (which plan would
 * apply there would be undefined). Neither overwrites anything.
 */
export async function saveNewSubscription(
  db: Database,
  subscription: Subscription,
): Promise<Subscription> {
  const inserted = await db
    .insert(subscriptions)
    .values({
      id: subscription.id,
      customerId: subscription.customerId,
      planId: subscription.planId,
      effectiveFrom: new Date(subscription.effectiveFromMs),
    })
    .onConflictDoNothing()
    .returning();
  const row = inserted[0];
  if (row) return toSubscription(row);
  if (await loadSubscription(db, subscription.id)) {
    throw new BillingError(
      'subscription_exists',
      `subscription ${subscription.id} already exists`,
      {
        details: [{ field: 'id', message: 'already exists' }],
      },
    );
  }
  throw new BillingError(
    'subscription_conflict',
    `customer ${subscription.customerId} already has a subscription starting at ${new Date(subscription.effectiveFromMs).toISOString()}`,
    {
      details: [{ field: 'effectiveFrom', message: 'another subscription starts at this instant' }],
    },
  );
}

export async function loadSubscription(db: Database, id: string): Promise<Subscription | null> {
  const rows = await db.select().from(subscriptions).where(eq(subscriptions.id, id));
  return rows[0] ? toSubscription(rows[0]) : null;
}

/** Every subscription of the customer, oldest first. */
export async function loadSubscriptions(db: Database, customerId: string): Promise<Subscription[]> {
  const rows = await db
    .select()
    .from(subscriptions)
    .where(eq(subscriptions.customerId, customerId))
    .orderBy(asc(subscriptions.effectiveFrom));
  return rows.map(toSubscription);
}

/** The subscription in effect at an instant: the latest one starting at or before it. */
export async function loadSubscriptionAt(
  db: Database,
  customerId: string,
  instantMs: number,
): Promise<Subscription | null> {
  const rows = await db
    .select()
    .from(subscriptions)
    .where(
      and(
        eq(subscriptions.customerId, customerId),
        lte(subscriptions.effectiveFrom, new Date(instantMs)),
      ),
    )
    .orderBy(desc(subscriptions.effectiveFrom))
    .limit(1);
  return rows[0] ? toSubscription(rows[0]) : null;
}

/**
 * The subscriptions in effect during [startMs, endMs), oldest first: the one in effect at
 * the start, then those starting inside the period (mid-period plan changes). Each applies
 * until the next one's `effectiveFromMs` (or the period end).
 */
export async function loadSubscriptionsOverlapping(
  db: Database,
  customerId: string,
  period: { startMs: number; endMs: number },
): Promise<Subscription[]> {
  const atStart = await loadSubscriptionAt(db, customerId, period.startMs);
  const rows = await db
    .select()
    .from(subscriptions)
    .where(
      and(
        eq(subscriptions.customerId, customerId),
        gt(subscriptions.effectiveFrom, new Date(period.startMs)),
        lt(subscriptions.effectiveFrom, new Date(period.endMs)),
      ),
    )
    .orderBy(asc(subscriptions.effectiveFrom));
  return [...(atStart ? [atStart] : []), ...rows.map(toSubscription)];
}
