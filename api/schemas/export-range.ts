import { z } from 'zod';
import { parseRfc3339 } from '../../domain/time';
import { instantSchema } from './instant';

export const MAX_EXPORT_RANGE_DAYS = 366;
const MAX_RANGE_MS = MAX_EXPORT_RANGE_DAYS * 86_400_000;
const RANGE_RULE = `to must be after from, at most ${MAX_EXPORT_RANGE_DAYS} days later`;

/**
 * An RFC 3339 instant with an offset, years 1000 to 9998 (instant.ts): the range PostgreSQL
 * holds whatever the offset, so "0000-01-01T00:00:00Z" is a 400 naming the field, not a 500.
 */
const instant = instantSchema;
const YEARS = 'an RFC 3339 instant with offset, years 1000 to 9998';

/** Epoch ms of an instant the schema accepted. */
export const instantMs = (value: string): number => parseRfc3339(value) ?? Number.NaN;

/** The documents issued in [from, to). */
export const exportRangeSchema = z
  .object({
    from: instant.describe(`Start of the range (inclusive); ${YEARS}`),
    to: instant.describe(`End of the range (exclusive); ${RANGE_RULE}; ${YEARS}`),
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
