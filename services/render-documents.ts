import { invoiceUrl } from '../adapters/delivery-deps';
import { renderPdf, type BrowserPool } from '../adapters/pdf';
import type { Database } from '../db/client';
import { loadDocument, saveDocuments } from '../db/repositories/documents.repository';
import type { DocumentKind } from '../domain/billing-events';
import type { Issuer } from '../domain/documents/document-of';
import type { InvoiceDocument } from '../domain/documents/invoice-document';
import { toInvoiceViewModel } from '../domain/documents/view-model';
import { toUblXml } from '../domain/einvoice/ubl';
import { renderInvoiceHtml } from '../emails/render';
import { loadFinalDocument } from './load-document';

export interface RenderDocumentsDeps {
  db: Database;
  issuer: Issuer;
  pdf: BrowserPool;
  /** Base URL of links in the documents, e.g. https://billing.example.com. */
  publicBaseUrl: string;
}

/**
 * A document's HTML and PDF, from its data alone: the issue instant stamps the PDF, so the
 * same document renders to the same bytes on any worker, at any time.
 */
export async function renderDocumentFiles(
  deps: Pick<RenderDocumentsDeps, 'pdf' | 'publicBaseUrl'>,
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

/**
 * Renders a final document's HTML, UBL e-invoice and PDF once and stores them together. The
 * inputs are stored data only (the issue instant stamps the PDF), so a re-render after a
 * crash gives the same bytes; and a document already stored is never rendered again.
 */
export async function renderDocuments(
  deps: RenderDocumentsDeps,
  input: { documentId: string; kind: DocumentKind },
): Promise<{ sha256: string }> {
  const stored = await loadDocument(deps.db, input.documentId, 'pdf');
  if (stored) return { sha256: stored.sha256 };
  const doc = await loadFinalDocument(deps.db, deps.issuer, input.kind, input.documentId);
  const { html, pdf } = await renderDocumentFiles(deps, doc);
  const ubl = toUblXml(doc);
  // One statement stores the three together (a retry after a crash finds all or none).
  const saved = await saveDocuments(deps.db, doc.id, [
    { format: 'html', content: Buffer.from(html, 'utf8') },
    { format: 'ubl', content: Buffer.from(ubl, 'utf8') },
    { format: 'pdf', content: pdf },
  ]);
  const sha256 = saved.get('pdf');
  if (sha256 === undefined) throw new Error(`document ${doc.id}.pdf was not stored`);
  return { sha256 };
}
