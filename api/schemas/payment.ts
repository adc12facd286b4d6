import { z } from 'zod';
import { DECIMAL_PATTERN, NON_ZERO_PATTERN } from './price-model';
import { instantSchema } from './instant';
import { text } from './text';

const AMOUNT_MESSAGE = 'must be a positive decimal string such as "12.30"';

/** A positive decimal string ("12.30"); the currency's decimals are checked with the data. */
export const positiveAmountSchema = z
  .string()
  .max(40, AMOUNT_MESSAGE)
  .regex(DECIMAL_PATTERN, AMOUNT_MESSAGE)
  .regex(NON_ZERO_PATTERN, AMOUNT_MESSAGE);

export const paymentSchema = z.strictObject({
  /** The payer's reference (bank transfer id, PSP charge id): the idempotency key. */
  reference: text(128).meta({
    description: "The payer's reference (bank transfer id, PSP charge id): the idempotency key",
  }),
  amount: positiveAmountSchema.meta({
    description:
      'At most the currency\'s decimals ("0.001" EUR is refused) and at most what remains ' +
      'due; both depend on the invoice, so they are answered 400 naming `amount`',
  }),
  /** Default: now. */
  receivedAt: instantSchema.optional(),
});
