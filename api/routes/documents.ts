import { Router, type Response } from 'express';
import { loadCreditNote } from '../../db/repositories/credit-notes.repository';
import { loadDocument, type DocumentFormat } from '../../db/repositories/documents.repository';
import type { Database } from '../../db/client';
import { BillingError } from '../../domain/errors';
import { mayRead } from '../auth';
import { loadInvoiceOr404 } from '../customer-lookup';
import type { ApiDeps } from '../deps';
import { isWellFormedId } from '../schemas/ids';

const CONTENT_TYPES: Record<DocumentFormat, string> = {
  pdf: 'application/pdf',
  html: 'text/html; charset=utf-8',
  ubl: 'application/xml; charset=utf-8',
};
const EXTENSIONS: Record<DocumentFormat, string> = { pdf: 'pdf', html: 'html', ubl: 'xml' };

/** The number a document is saved under, if the caller may read it; else 404. */
async function documentNumber(
  res: Response,
  db: Database,
  kind: 'invoice' | 'credit_note',
  id: string,
): Promise<string | null> {
  if (kind === 'invoice') return (await loadInvoiceOr404(res, db, id)).number;
  const note = isWellFormedId(id) ? await loadCreditNote(db, id) : null;
  if (!note || !mayRead(res, note.customerId)) {
    throw new BillingError('credit_note_not_found', `no credit note ${id}`);
  }
  return note.number;
}

/**
 * The stored documents of final invoices and credit notes: the bytes rendered once after
 * finalization (the PDF that was emailed is the PDF served). Drafts have none: 404.
 */
export function documentsRouter({ database }: ApiDeps): Router {
  const router = Router();
  const routes: ['invoice' | 'credit_note', string][] = [
    ['invoice', '/v1/invoices/:id'],
    ['credit_note', '/v1/credit-notes/:id'],
  ];
  for (const [kind, base] of routes) {
    for (const format of ['pdf', 'html', 'ubl'] as const) {
      router.get(`${base}/${format}`, async (req, res) => {
        const { id } = req.params as { id: string };
        const number = await documentNumber(res, database.db, kind, id);
        const stored = number === null ? null : await loadDocument(database.db, id, format);
        if (!stored) {
          throw new BillingError(
            'document_not_ready',
            `no ${format} for ${id} yet: documents are rendered after finalization`,
          );
        }
        res
          .status(200)
          .type(CONTENT_TYPES[format])
          .setHeader('etag', `"${stored.sha256}"`)
          .setHeader(
            'content-disposition',
            `${format === 'html' ? 'inline' : 'attachment'}; filename="${number}.${EXTENSIONS[format]}"`,
          )
          .send(stored.content);
      });
    }
  }
  return router;
}
