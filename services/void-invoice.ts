import type { Database } from '../db/client';
import { recordBillingEvents } from '../db/repositories/billing-events.repository';
import { loadInvoice, lockInvoice, saveInvoiceState } from '../db/repositories/invoices.repository';
import { isWellFormedInvoiceId } from '../domain/ids';
import { decideVoid, type StoredInvoice } from '../domain/invoice';

/**
 * Voids a finalized invoice without payments or credit notes, in one transaction under its
 * row lock, and records invoice.voided; voiding a void invoice changes nothing (see
 * decideVoid). Returns the invoice afterwards; null: no such invoice.
 */
export async function voidInvoice(
  db: Database,
  invoiceId: string,
  voidedAtMs: number,
): Promise<StoredInvoice | null> {
  if (!isWellFormedInvoiceId(invoiceId)) return null;
  const found = await db.transaction(async (tx) => {
    const invoice = await lockInvoice(tx, invoiceId);
    if (!invoice) return false;
    const decision = decideVoid(invoice, voidedAtMs);
    if (decision.kind === 'void') {
      await saveInvoiceState(tx, invoiceId, { status: 'void' });
      await recordBillingEvents(tx, decision.events);
    }
    return true;
  });
  return found ? loadInvoice(db, invoiceId) : null;
}
