import { z } from 'zod';
import { toIso } from '../../domain/time';
import type { Credits, CreditsPage } from '../../services/get-credits';
import { nextCursorSchema } from '../contract/pagination';
import { idSchema } from './ids';
import { amountSchema } from './invoice';
import { positiveAmountSchema } from './payment';
import { text } from './text';

export const creditGrantSchema = z.strictObject({
  /** The grant's business id: the idempotency key. */
  id: idSchema,
  amount: positiveAmountSchema.meta({
    description:
      "In the customer's currency, with at most its decimals (JPY: whole yen); the " +
      "currency is the customer's, so a finer amount is answered 400 naming `amount`",
  }),
  description: text(256).optional(),
});

/** A customer's prepaid credits: the balance and the ledger it sums. */
export const creditsSchema = z
  .strictObject({
    currency: z.string(),
    balance: amountSchema,
    entries: z.array(
      z.strictObject({
        kind: z.enum(['grant', 'consumption']),
        amount: amountSchema,
        /** The grant id, `invoice:<id>` or `credit_note:<id>`. */
        reference: z.string(),
        currency: z.string(),
        description: z.string(),
        createdAt: z.iso.datetime(),
      }),
    ),
  })
  .meta({ id: 'Credits' });

/** GET: the balance of the whole ledger and a page of its entries. */
export const creditsPageSchema = creditsSchema
  .extend({ nextCursor: nextCursorSchema })
  .meta({ id: 'CreditsPage' });

export function creditsView(credits: Credits) {
  return {
    currency: credits.currency,
    balance: credits.balance,
    entries: credits.entries.map(({ createdAtMs, ...entry }) => ({
      ...entry,
      createdAt: toIso(createdAtMs),
    })),
  };
}

export const creditsPageView = (credits: CreditsPage) => ({
  ...creditsView(credits),
  nextCursor: credits.nextCursor,
});
