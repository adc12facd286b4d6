import type { Database } from '../db/client';
import { loadCreditNoteIdsIssuedBetween } from '../db/repositories/credit-notes.repository';
import { loadInvoiceIdsFinalizedBetween } from '../db/repositories/invoices.repository';
import type { Issuer } from '../domain/documents/document-of';
import { toInvoiceLinesCsv, toInvoicesCsv } from '../domain/einvoice/csv';
import { loadCreditNoteDocument, loadInvoiceDocument } from './load-document';

/** The CSV columns describe customers and amounts, never the issuer: no issuer is needed. */
const NO_ISSUER: Issuer = {
  party: { name: '', addressLines: [], countryCode: '', vatId: null, email: null },
  paymentInstructions: { iban: null, bic: null, note: null },
};

export type AccountingReport = 'invoices' | 'invoice-lines';

/**
 * A CSV export for accounting: the final invoices and credit notes issued in [fromMs, toMs)
 * (invoices first, each in number order), one row per document or one per document line.
 */
export async function exportAccountingCsv(
  db: Database,
  input: { report: AccountingReport; fromMs: number; toMs: number },
): Promise<string> {
  const invoiceIds = await loadInvoiceIdsFinalizedBetween(db, input.fromMs, input.toMs);
  const noteIds = await loadCreditNoteIdsIssuedBetween(db, input.fromMs, input.toMs);
  const docs = [
    ...(await Promise.all(invoiceIds.map((id) => loadInvoiceDocument(db, NO_ISSUER, id)))),
    ...(await Promise.all(noteIds.map((id) => loadCreditNoteDocument(db, NO_ISSUER, id)))),
  ];
  return input.report === 'invoices' ? toInvoicesCsv(docs) : toInvoiceLinesCsv(docs);
}
