import type { Database } from '../../db/client';
import { loadCreditNote } from '../../db/repositories/credit-notes.repository';
import { loadInvoice } from '../../db/repositories/invoices.repository';
import type { InvoiceDocument } from '../../domain/documents/invoice-document';
import { toUblXml } from '../../domain/einvoice/ubl';

/** The UBL of a final document, with each line's tax rates from its invoice. */
export async function ublOf(db: Database, doc: InvoiceDocument): Promise<string> {
  const invoiceId =
    doc.kind === 'invoice' ? doc.id : ((await loadCreditNote(db, doc.id))?.invoiceId ?? doc.id);
  const invoice = await loadInvoice(db, invoiceId);
  const lineTaxRateIds = new Map(
    (invoice?.lineTotals ?? []).map((line) => [line.lineId, line.taxRateIds]),
  );
  return toUblXml(doc, { lineTaxRateIds });
}
