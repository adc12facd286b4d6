import { z } from 'zod';
import { isDecimalString } from '../../domain/decimal';
import { parseRfc3339 } from '../../domain/time';
import { text } from './text';

export const paymentSchema = z.strictObject({
  /** The payer's reference (bank transfer id, PSP charge id): the idempotency key. */
  reference: text(128),
  amount: z.string().refine(isDecimalString, 'must be a positive decimal string such as "12.30"'),
  receivedAt: z
    .string()
    .refine((value) => parseRfc3339(value) !== null, 'must be an RFC 3339 timestamp with offset')
    .optional(),
});
