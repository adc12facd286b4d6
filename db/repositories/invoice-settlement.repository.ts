import { and, eq } from 'drizzle-orm';
import type { Transaction } from '../client';
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
