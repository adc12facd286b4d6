import type { Database } from '../db/client';
import { recordBillingEvents } from '../db/repositories/billing-events.repository';
import { loadPayment, savePayment } from '../db/repositories/invoice-settlement.repository';
import { loadInvoice, lockInvoice, saveInvoiceState } from '../db/repositories/invoices.repository';
import { isWellFormedInvoiceId } from '../domain/ids';
import { decidePayment, type PaymentRequest, type StoredInvoice } from '../domain/invoice';

export type { PaymentRequest as PaymentInput } from '../domain/invoice';

/**
 * Records a payment once per (invoice, reference), in one transaction under the invoice's
 * row lock, so concurrent payments see each other's totals: the same reference again with
 * the same amount is a no-op (`created: false`), with another amount payment_exists (see
 * decidePayment). Returns the invoice as it is afterwards; null: no such invoice.
 */
export async function recordPayment(
  db: Database,
  invoiceId: string,
  payment: PaymentRequest,
): Promise<{ created: boolean; invoice: StoredInvoice } | null> {
  if (!isWellFormedInvoiceId(invoiceId)) return null;
  const created = await db.transaction(async (tx) => {
    const invoice = await lockInvoice(tx, invoiceId);
    if (!invoice) return null;
    const earlier = await loadPayment(tx, invoiceId, payment.reference);
    const decision = decidePayment(invoice, earlier, payment);
    if (decision.kind === 'replay') return false;
    await savePayment(tx, invoiceId, { ...payment, amount: decision.amount });
    await saveInvoiceState(tx, invoiceId, {
      status: decision.status,
      amountPaid: decision.amountPaid,
    });
    await recordBillingEvents(tx, decision.events);
    return true;
  });
  const invoice = created === null ? null : await loadInvoice(db, invoiceId);
  return created === null || !invoice ? null : { created, invoice };
}
