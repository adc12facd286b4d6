import { z } from 'zod';
import type { StoredCreditNote } from '../../domain/invoice';
import { toIso } from '../../domain/time';
import { idSchema } from './ids';
import { amountSchema, taxBreakdownSchema } from './invoice';
import { positiveAmountSchema } from './payment';
import { text } from './text';
import { nextCursorSchema } from '../contract/pagination';

export const creditNoteRequestSchema = z.strictObject({
  /** The credit note's business id: the idempotency key. */
  id: idSchema,
  reason: text(512),
  lines: z
    .array(
      z.strictObject({
        lineId: text(512).meta({ description: 'A line of the invoice (its lineId)' }),
        amount: positiveAmountSchema.meta({
          description:
            "At most the currency's decimals and at most what remains of the line's net " +
            'amount; both depend on the invoice, so they are answered 400 naming the line',
        }),
      }),
    )
    .min(1, 'at least one line; omit lines for a full credit note')
    .max(1000, 'at most 1000 lines')
    .optional()
    .meta({ description: 'Omitted: a full credit note of everything not yet credited' }),
});

/** A credit note as the API answers it. */
export const creditNoteSchema = z
  .strictObject({
    id: z.string(),
    invoiceId: z.string(),
    customerId: z.string(),
    number: z.string(),
    reason: z.string(),
    currency: z.string(),
    lines: z.array(z.strictObject({ lineId: z.string(), amount: amountSchema })),
    taxes: z.array(taxBreakdownSchema),
    subtotal: amountSchema,
    totalTax: amountSchema,
    total: amountSchema,
    /** Taken off what the invoice still had to be paid. */
    appliedToInvoice: amountSchema,
    /** The rest, granted to the customer's credit balance. */
    creditedToBalance: amountSchema,
    issuedAt: z.iso.datetime(),
  })
  .meta({ id: 'CreditNote' });

export const creditNoteListSchema = z.strictObject({
  creditNotes: z.array(creditNoteSchema),
  nextCursor: nextCursorSchema,
});

export function creditNoteView(note: StoredCreditNote) {
  const { issuedAtMs, ...rest } = note;
  return { ...rest, issuedAt: toIso(issuedAtMs) };
}
