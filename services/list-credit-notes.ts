import type { Database } from '../db/client';
import { loadInvoiceCreditNotesAfter } from '../db/repositories/credit-notes.repository';
import type { StoredCreditNote } from '../domain/invoice';
import { decodeCursor, pageOf, type Page, type PageRequest } from '../domain/pagination';
import type { Principal } from '../domain/principal';
import { loadVisibleInvoice } from './access';

/** A page of the credit notes of an invoice in number order, as the principal may see them. */
export async function listInvoiceCreditNotes(
  db: Database,
  principal: Principal,
  invoiceId: string,
  page: PageRequest,
): Promise<Page<StoredCreditNote>> {
  const after = page.cursor === undefined ? undefined : decodeCursor(page.cursor, ['string']);
  const invoice = await loadVisibleInvoice(db, principal, invoiceId);
  const rows = await loadInvoiceCreditNotesAfter(db, invoice.id, { take: page.limit + 1, after });
  return pageOf(rows, page.limit, (note) => [note.number]);
}
