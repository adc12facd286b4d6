import { Router } from 'express';
import { z } from 'zod';
import {
  loadCreditNoteDocument,
  loadInvoiceDocument,
  type Issuer,
} from '../../activities/documents/load-document';
import { loadCreditNoteIdsIssuedBetween } from '../../db/repositories/credit-notes.repository';
import { loadInvoiceIdsFinalizedBetween } from '../../db/repositories/invoices.repository';
import { toInvoiceLinesCsv, toInvoicesCsv } from '../../domain/einvoice/csv';
import { BillingError } from '../../domain/errors';
import { parseRfc3339 } from '../../domain/time';
import { requireOperator } from '../auth';
import type { ApiDeps } from '../deps';
import { toFieldIssues } from '../schemas/issues';

/** The CSV columns describe customers and amounts, never the issuer: no issuer is needed. */
const NO_ISSUER: Issuer = {
  party: { name: '', addressLines: [], countryCode: '', vatId: null, email: null },
  paymentInstructions: { iban: null, bic: null, note: null },
};
const MAX_RANGE_MS = 366 * 86_400_000;

const instant = z
  .string()
  .refine((value) => parseRfc3339(value) !== null, 'must be an RFC 3339 timestamp with offset');
const rangeSchema = z.object({ from: instant, to: instant }).refine(
  ({ from, to }) => {
    const span = (parseRfc3339(to) ?? 0) - (parseRfc3339(from) ?? 0);
    return span > 0 && span <= MAX_RANGE_MS;
  },
  { path: ['to'], message: 'must be after from, at most 366 days later' },
);

/** CSV exports of final invoices and credit notes issued in [from, to), for accounting. */
export function exportsRouter({ database }: ApiDeps): Router {
  const router = Router();
  const { db } = database;

  const documentsIn = async (query: unknown) => {
    const parsed = rangeSchema.safeParse(query);
    if (!parsed.success) {
      throw new BillingError('invalid_request', 'the export range is invalid', {
        details: toFieldIssues(parsed.error),
      });
    }
    const fromMs = parseRfc3339(parsed.data.from) ?? 0;
    const toMs = parseRfc3339(parsed.data.to) ?? 0;
    const invoices = await loadInvoiceIdsFinalizedBetween(db, fromMs, toMs);
    const notes = await loadCreditNoteIdsIssuedBetween(db, fromMs, toMs);
    return [
      ...(await Promise.all(invoices.map((id) => loadInvoiceDocument(db, NO_ISSUER, id)))),
      ...(await Promise.all(notes.map((id) => loadCreditNoteDocument(db, NO_ISSUER, id)))),
    ];
  };

  router.get('/v1/exports/invoices.csv', async (req, res) => {
    requireOperator(res);
    res.type('text/csv; charset=utf-8').send(toInvoicesCsv(await documentsIn(req.query)));
  });

  router.get('/v1/exports/invoice-lines.csv', async (req, res) => {
    requireOperator(res);
    res.type('text/csv; charset=utf-8').send(toInvoiceLinesCsv(await documentsIn(req.query)));
  });

  return router;
}
