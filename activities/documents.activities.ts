import type { Database } from '../db/client';
import { loadDocument, saveDocument } from '../db/repositories/documents.repository';
import type { InvoiceDocument } from '../domain/documents/invoice-document';
import { toInvoiceViewModel } from '../domain/documents/view-model';
import { BillingError } from '../domain/errors';
import { renderInvoiceHtml } from '../emails/render';
import { invoiceUrl, type DeliveryDeps } from './delivery-deps';
import { loadCreditNoteDocument, loadInvoiceDocument } from './documents/load-document';
import { toUblXml } from '../domain/einvoice/ubl';
import { renderPdf } from './pdf';

export type DocumentKind = 'invoice' | 'credit_note';

export function loadDocumentData(
  db: Database,
  deps: DeliveryDeps,
  kind: DocumentKind,
  documentId: string,
): Promise<InvoiceDocument> {
  return kind === 'invoice'
    ? loadInvoiceDocument(db, deps.issuer, documentId)
    : loadCreditNoteDocument(db, deps.issuer, documentId);
}

/**
 * A document's HTML and PDF, from its data alone: the issue instant stamps the PDF, so the
 * same document renders to the same bytes on any worker, at any time.
 */
export async function renderDocumentFiles(
  deps: Pick<DeliveryDeps, 'pdf' | 'publicBaseUrl'>,
  doc: InvoiceDocument,
): Promise<{ html: string; pdf: Buffer }> {
  const html = await renderInvoiceHtml(
    toInvoiceViewModel(doc, { invoiceUrl: invoiceUrl(deps, doc.id) }),
  );
  const pdf = await renderPdf(deps.pdf, {
    html,
    title: `${doc.kind === 'invoice' ? 'Invoice' : 'Credit note'} ${doc.number}`,
    createdAtMs: doc.issuedAtMs,
    footerLabel: doc.number,
  });
  return { html, pdf };
}

export function requireDelivery(deps: DeliveryDeps | undefined): DeliveryDeps {
  if (!deps) throw new BillingError('delivery_not_configured', 'this worker delivers nothing');
  return deps;
}

export function createDocumentActivities({
  db,
  delivery,
}: {
  db: Database;
  delivery?: DeliveryDeps;
}) {
  return {
    /**
     * Renders a final document's HTML, UBL e-invoice and PDF once and stores them with it. The inputs are
     * stored data only (the issue instant stamps the PDF), so a re-render after a crash gives
     * the same bytes; and a document already stored is never rendered again.
     */
    async renderDocuments(input: {
      documentId: string;
      kind: DocumentKind;
    }): Promise<{ sha256: string }> {
      const deps = requireDelivery(delivery);
      const stored = await loadDocument(db, input.documentId, 'pdf');
      if (stored) return { sha256: stored.sha256 };
      const doc = await loadDocumentData(db, deps, input.kind, input.documentId);
      const { html, pdf } = await renderDocumentFiles(deps, doc);
      await saveDocument(db, doc.id, 'html', Buffer.from(html, 'utf8'));
      await saveDocument(db, doc.id, 'ubl', Buffer.from(toUblXml(doc), 'utf8'));
      return { sha256: (await saveDocument(db, doc.id, 'pdf', pdf)).sha256 };
    },
  };
}
