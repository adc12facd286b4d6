import { Router } from 'express';
import { z } from 'zod';
import {
  createCreditNote,
  loadCreditNote,
  loadInvoiceCreditNotes,
  type StoredCreditNote,
} from '../../db/repositories/credit-notes.repository';
import { isDecimalString } from '../../domain/decimal';
import { BillingError } from '../../domain/errors';
import { toIso } from '../../domain/time';
import { mayRead, requireOperator } from '../auth';
import { loadInvoiceOr404 } from '../customer-lookup';
import type { ApiDeps } from '../deps';
import { idSchema, isWellFormedId } from '../schemas/ids';
import { toFieldIssues } from '../schemas/issues';
import { text } from '../schemas/text';

const creditNoteSchema = z.strictObject({
  /** The credit note's business id: the idempotency key. */
  id: idSchema,
  reason: text(512),
  lines: z
    .array(
      z.strictObject({
        lineId: z.string().min(1, 'must not be empty').max(512),
        amount: z.string().refine(isDecimalString, 'must be a positive decimal string'),
      }),
    )
    .min(1, 'at least one line; omit lines for a full credit note')
    .max(1000, 'at most 1000 lines')
    .optional(),
});

function creditNoteView(note: StoredCreditNote) {
  const { issuedAtMs, ...rest } = note;
  return { ...rest, issuedAt: toIso(issuedAtMs) };
}

/** Credit notes (full or partial) against finalized invoices. */
export function creditNotesRouter({ database, now, dispatchEvents }: ApiDeps): Router {
  const router = Router();
  const { db } = database;

  router.post('/v1/invoices/:id/credit-notes', async (req, res) => {
    requireOperator(res);
    const invoice = await loadInvoiceOr404(res, db, req.params.id);
    const parsed = creditNoteSchema.safeParse(req.body);
    if (!parsed.success) {
      throw new BillingError('invalid_request', 'the credit note is invalid', {
        details: toFieldIssues(parsed.error),
      });
    }
    const result = await createCreditNote(db, invoice.id, parsed.data, now());
    if (!result) throw new BillingError('invoice_not_found', `no invoice ${invoice.id}`);
    await dispatchEvents(invoice.customerId);
    res.status(result.created ? 201 : 200).json(creditNoteView(result.note));
  });

  router.get('/v1/invoices/:id/credit-notes', async (req, res) => {
    const invoice = await loadInvoiceOr404(res, db, req.params.id);
    const notes = await loadInvoiceCreditNotes(db, invoice.id);
    res.json({ creditNotes: notes.map(creditNoteView) });
  });

  router.get('/v1/credit-notes/:id', async (req, res) => {
    const note = isWellFormedId(req.params.id) ? await loadCreditNote(db, req.params.id) : null;
    if (!note || !mayRead(res, note.customerId)) {
      throw new BillingError('credit_note_not_found', `no credit note ${req.params.id}`);
    }
    res.json(creditNoteView(note));
  });

  return router;
}
