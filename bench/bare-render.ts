import { performance } from 'node:perf_hooks';
import type { BrowserPool } from '../adapters/pdf';
import type { Database } from '../db/client';
import type { Issuer } from '../domain/documents/document-of';
import { toUblXml } from '../domain/einvoice/ubl';
import { loadFinalDocument } from '../services/load-document';
import { renderDocumentFiles } from '../services/render-documents';
import { runPool } from './stats';

/**
 * The invoice run's floor, measured in the same process right after it: the same final
 * invoices' HTML, UBL and PDF rendered again through the same PDF pool by `callers`
 * concurrent callers, with nothing else to do. The documents are loaded first, so only the
 * rendering is timed.
 */
export async function measureBareRender(input: {
  db: Database;
  issuer: Issuer;
  pdf: BrowserPool;
  publicBaseUrl: string;
  invoiceIds: string[];
  callers: number;
}): Promise<{ ms: number; perDocumentMs: number }> {
  const docs = await Promise.all(
    input.invoiceIds.map((id) => loadFinalDocument(input.db, input.issuer, 'invoice', id)),
  );
  const start = performance.now();
  await runPool(docs, input.callers, async (doc) => {
    await renderDocumentFiles({ pdf: input.pdf, publicBaseUrl: input.publicBaseUrl }, doc);
    toUblXml(doc);
  });
  const ms = performance.now() - start;
  return { ms, perDocumentMs: ms / Math.max(1, docs.length) };
}
