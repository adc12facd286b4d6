import { and, asc, eq } from 'drizzle-orm';
import type { Database, Transaction } from '../client';
import { afterKey } from '../keyset';
import { payments } from '../schema';

/** The payment stored under an invoice's reference, if any. */
export async function loadPayment(
  tx: Transaction,
  invoiceId: string,
  reference: string,
): Promise<{ amount: string } | null> {
  const [row] = await tx
    .select({ amount: payments.amount })
    .from(payments)
    .where(and(eq(payments.invoiceId, invoiceId), eq(payments.reference, reference)));
  return row ?? null;
}

/** Stores a payment; the caller holds the invoice's row lock. */
export async function savePayment(
  tx: Transaction,
  invoiceId: string,
  payment: { reference: string; amount: string; receivedAtMs: number },
): Promise<void> {
  await tx.insert(payments).values({
    invoiceId,
    reference: payment.reference,
    amount: payment.amount,
    receivedAt: new Date(payment.receivedAtMs),
  });
}

/** A payment as stored: the payer's reference is its identity within the invoice. */
export interface StoredPayment {
  reference: string;
  amount: string;
  receivedAtMs: number;
}

/**
 * Up to `take` payments of an invoice in the order they were received (a tie in the
 * millisecond goes by reference), after the key `after` ([receivedAtMs, reference]) when given.
 */
export async function loadInvoicePaymentsAfter(
  db: Database | Transaction,
  invoiceId: string,
  page: { take: number; after?: readonly [number, string] },
): Promise<StoredPayment[]> {
  const rows = await db
    .select({
      reference: payments.reference,
      amount: payments.amount,
      receivedAt: payments.receivedAt,
    })
    .from(payments)
    .where(
      and(
        eq(payments.invoiceId, invoiceId),
        page.after
          ? afterKey(
              [payments.receivedAt, payments.reference],
              [new Date(page.after[0]), page.after[1]],
            )
          : undefined,
      ),
    )
    .orderBy(asc(payments.receivedAt), asc(payments.reference))
    .limit(page.take);
  return rows.map(({ receivedAt, ...rest }) => ({ ...rest, receivedAtMs: receivedAt.getTime() }));
}
