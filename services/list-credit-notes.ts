import type { Database } from '../db/client';
import { loadInvoiceCreditNotes } from '../db/repositories/credit-notes.repository';
import type { StoredCreditNote } from '../domain/invoice';
import type { Principal } from '../domain/principal';
import { loadVisibleInvoice } from './access';

/** The credit notes of an invoice in number order, as the principal may see them. */
export async function listInvoiceCreditNotes(
  db: Database,
  principal: Principal,
  invoiceId: string,
): Promise<StoredCreditNote[]> {
  const invoice = await loadVisibleInvoice(db, principal, invoiceId);
  return loadInvoiceCreditNotes(db, invoice.id);
}
