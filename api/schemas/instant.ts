import { z } from 'zod';
import { parseRfc3339 } from '../../domain/time';

const DATE =
  '(?:(?:[1-8]\\d{3}|9[0-8]\\d{2}|99(?:[0-8]\\d|9[0-8]))-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\\d|3[01])|(?:0[469]|11)-(?:0[1-9]|[12]\\d|30)|02-(?:0[1-9]|1\\d|2[0-8]))' +
  '|(?:[1-9]\\d(?:[2468][048]|[13579][26]|0[48])|(?:1[26]|[2468][048]|[3579][26])00)-02-29)';
const TIME =
  '[Tt](?:[01]\\d|2[0-3]):[0-5]\\d:[0-5]\\d(?:\\.\\d{1,9})?(?:[Zz]|[+-](?:[01]\\d|2[0-3]):[0-5]\\d)';

/**
 * RFC 3339 with an explicit offset, exactly as domain/time.ts parseRfc3339 reads it (real
 * calendar dates only, no leap seconds, at most 9 fraction digits, "T"/"Z" in either case),
 * for the years 1000 to 9998: an instant PostgreSQL can store whatever the offset.
 */
export const RFC3339_PATTERN = new RegExp(`^${DATE}${TIME}$`);

export const instantSchema = z
  .string()
  .regex(RFC3339_PATTERN, 'must be an RFC 3339 timestamp with offset')
  .meta({ description: 'An RFC 3339 instant with offset, years 1000 to 9998' });

/** The instant in epoch ms of a string instantSchema accepted. */
export function instantMs(value: string): number {
  const ms = parseRfc3339(value);
  if (ms === null) throw new Error(`not an RFC 3339 instant: ${value}`);
  return ms;
}
