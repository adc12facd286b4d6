import { and, eq } from 'drizzle-orm';
import { Decimal } from '../../domain/decimal';
import { BillingError } from '../../domain/errors';
import { applyPayment, assertVoidable } from '../../domain/invoice';
import { formatAmount } from '../../domain/money';
import type { Database } from '../client';
import { invoices, payments } from '../schema';
import { recordBillingEvent } from './billing-events.repository';

export interface PaymentInput {
  reference: string;
  amount: string;
  receivedAtMs: number;
}

/**
 * Records a payment once per (invoice, reference): the same reference again with the same
 * amount is a no-op (`created: false`), with another amount a conflict. The invoice row is
 * locked, so concurrent payments see each other's totals.
 */
export async function recordPayment(
  db: Database,
  invoiceId: string,
  payment: PaymentInput,
): Promise<{ created: boolean } | null> {
  return db.transaction(async (tx) => {
    const [invoice] = await tx
      .select()
      .from(invoices)
      .where(eq(invoices.id, invoiceId))
      .for('update');
    if (!invoice) return null;
    const [earlier] = await tx
      .select({ amount: payments.amount })
      .from(payments)
      .where(and(eq(payments.invoiceId, invoiceId), eq(payments.reference, payment.reference)));
    if (earlier) {
      if (!new Decimal(earlier.amount).eq(payment.amount)) {
        throw new BillingError(
          'payment_exists',
          `payment ${payment.reference} was recorded with ${earlier.amount}`,
          {
            details: [{ field: 'reference', message: 'already recorded with another amount' }],
          },
        );
      }
      return { created: false };
    }
    const next = applyPayment(invoice, payment.amount);
    await tx.insert(payments).values({
      invoiceId,
      reference: payment.reference,
      amount: formatAmount(new Decimal(payment.amount), invoice.currency),
      receivedAt: new Date(payment.receivedAtMs),
    });
    await tx.update(invoices).set(next).where(eq(invoices.id, invoiceId));
    const event = { customerId: invoice.customerId, occurredAtMs: payment.receivedAtMs };
    await recordBillingEvent(tx, {
      ...event,
      type: 'payment.received',
      subjectId: `${invoiceId}:${payment.reference}`,
      payload: {
        invoiceId,
        reference: payment.reference,
        amount: formatAmount(new Decimal(payment.amount), invoice.currency),
        currency: invoice.currency,
        receivedAtMs: payment.receivedAtMs,
      },
    });
    if (next.status === 'paid') {
      await recordBillingEvent(tx, {
        ...event,
        type: 'invoice.paid',
        subjectId: invoiceId,
        payload: {
          invoiceId,
          number: invoice.number,
          amountPaid: next.amountPaid,
          currency: invoice.currency,
        },
      });
    }
    return { created: true };
  });
}

/** Voids a finalized invoice that has no payments; voiding a void invoice is a no-op. */
export async function voidInvoice(
  db: Database,
  invoiceId: string,
  voidedAtMs: number,
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [invoice] = await tx
      .select()
      .from(invoices)
      .where(eq(invoices.id, invoiceId))
      .for('update');
    if (!invoice) return false;
    if (invoice.status === 'void') return true;
    assertVoidable(invoice);
    await tx.update(invoices).set({ status: 'void' }).where(eq(invoices.id, invoiceId));
    await recordBillingEvent(tx, {
      type: 'invoice.voided',
      customerId: invoice.customerId,
      subjectId: invoiceId,
      payload: { invoiceId, number: invoice.number },
      occurredAtMs: voidedAtMs,
    });
    return true;
  });
}
