import { z } from 'zod';
import { parseRfc3339 } from '../../domain/time';

export const MAX_EXPORT_RANGE_DAYS = 366;
const MAX_RANGE_MS = MAX_EXPORT_RANGE_DAYS * 86_400_000;
const RANGE_RULE = `to must be after from, at most ${MAX_EXPORT_RANGE_DAYS} days later`;

/** An RFC 3339 instant with an offset, to the nanosecond at most (domain/time.ts parses it). */
const instant = z.iso
  .datetime({ offset: true, error: 'must be an RFC 3339 timestamp with offset' })
  .regex(/^(?!.*\.\d{10})/, 'at most 9 fraction digits');

/** Epoch ms of an instant the schema accepted. */
export const instantMs = (value: string): number => parseRfc3339(value) ?? Number.NaN;

/** The documents issued in [from, to). */
export const exportRangeSchema = z
  .object({
    from: instant.describe('Start of the range (inclusive)'),
    to: instant.describe(`End of the range (exclusive); ${RANGE_RULE}`),
  })
  .refine(
    ({ from, to }) => {
      const span = instantMs(to) - instantMs(from);
      // An invalid instant is its own field's issue already.
      return Number.isNaN(span) || (span > 0 && span <= MAX_RANGE_MS);
    },
    { path: ['to'], message: `must be after from, at most ${MAX_EXPORT_RANGE_DAYS} days later` },
  )
  .meta({ description: `The documents issued in [from, to); ${RANGE_RULE}` });
