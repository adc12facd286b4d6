import { parseRfc3339, toIso } from '../../domain/time';

/** The parsed instant as a UTC ISO string (easy to check by eye), or null when rejected. */
const parsed = (value: string): string | null => {
  const instant = parseRfc3339(value);
  return instant === null ? null : toIso(instant);
};

describe('parseRfc3339', () => {
  // prettier-ignore
  it.each<[string, string]>([
    // UTC and offsets: local time minus the offset.
    ['2026-03-15T13:45:30Z', '2026-03-15T13:45:30.000Z'],
    ['2026-03-15T13:45:30+00:00', '2026-03-15T13:45:30.000Z'],
    ['2026-03-15T13:45:30-00:00', '2026-03-15T13:45:30.000Z'],
    ['2026-03-15T13:45:30+02:00', '2026-03-15T11:45:30.000Z'],
    ['2026-03-15T13:45:30-05:30', '2026-03-15T19:15:30.000Z'],
    ['2026-03-15T13:45:30+05:45', '2026-03-15T08:00:30.000Z'],
    ['2026-03-01T00:30:00+01:00', '2026-02-28T23:30:00.000Z'], // back across a month end
    ['2026-12-31T23:30:00-01:00', '2027-01-01T00:30:00.000Z'], // forward across a year end
    ['2026-03-15T23:59:00+23:59', '2026-03-15T00:00:00.000Z'], // largest offset
    ['2026-03-15T00:00:00-23:59', '2026-03-15T23:59:00.000Z'],
    // Lower-case separators are allowed (RFC 3339 section 5.6, NOTE).
    ['2026-03-15t13:45:30z', '2026-03-15T13:45:30.000Z'],
    ['2026-03-15t13:45:30+01:00', '2026-03-15T12:45:30.000Z'],
    // Fractions: 1 to 9 digits; digits beyond the millisecond are truncated, never rounded.
    ['2026-03-15T13:45:30.1Z', '2026-03-15T13:45:30.100Z'],
    ['2026-03-15T13:45:30.12Z', '2026-03-15T13:45:30.120Z'],
    ['2026-03-15T13:45:30.123Z', '2026-03-15T13:45:30.123Z'],
    ['2026-03-15T13:45:30.1239Z', '2026-03-15T13:45:30.123Z'],
    ['2026-03-15T13:45:30.0005Z', '2026-03-15T13:45:30.000Z'],
    ['2026-03-15T13:45:30.999999999Z', '2026-03-15T13:45:30.999Z'],
    ['2026-03-15T13:45:30.000000001+01:00', '2026-03-15T12:45:30.000Z'],
    ['2026-03-15T13:45:30.250-02:00', '2026-03-15T15:45:30.250Z'],
    // Calendar edges.
    ['2028-02-29T12:00:00Z', '2028-02-29T12:00:00.000Z'], // leap year
    ['2000-02-29T00:00:00Z', '2000-02-29T00:00:00.000Z'], // divisible by 400: leap
    ['2026-04-30T23:59:59.999Z', '2026-04-30T23:59:59.999Z'],
    ['2026-12-31T23:59:59Z', '2026-12-31T23:59:59.000Z'],
    ['1970-01-01T00:00:00Z', '1970-01-01T00:00:00.000Z'],
    ['1969-12-31T23:59:59.999Z', '1969-12-31T23:59:59.999Z'],
    ['0001-01-01T00:00:00Z', '0001-01-01T00:00:00.000Z'], // not read as 1901
    ['0099-12-31T23:59:59Z', '0099-12-31T23:59:59.000Z'], // not read as 1999
    ['9999-12-31T23:59:59.999Z', '9999-12-31T23:59:59.999Z'],
  ])('%s -> %s', (value, expected) => {
    expect(parsed(value)).toEqual(expected);
  });

  // prettier-ignore
  it.each<[string, string]>([
    ['impossible day: 29 February of a common year', '2026-02-29T00:00:00Z'],
    ['impossible day: 29 February 2100 (century, not a leap year)', '2100-02-29T00:00:00Z'],
    ['impossible day: 30 February', '2026-02-30T00:00:00Z'],
    ['impossible day: 31 April', '2026-04-31T00:00:00Z'],
    ['day 0', '2026-01-00T00:00:00Z'],
    ['day 32', '2026-01-32T00:00:00Z'],
    ['month 0', '2026-00-10T00:00:00Z'],
    ['month 13', '2026-13-01T00:00:00Z'],
    ['hour 24', '2026-03-15T24:00:00Z'],
    ['minute 60', '2026-03-15T13:60:00Z'],
    ['second 60', '2026-03-15T13:45:60Z'],
    ['leap second', '2026-12-31T23:59:60Z'],
    ['offset hour 24', '2026-03-15T13:45:30+24:00'],
    ['offset minute 60', '2026-03-15T13:45:30+01:60'],
    ['missing offset', '2026-03-15T13:45:30'],
    ['missing offset with a fraction', '2026-03-15T13:45:30.5'],
    ['offset without colon', '2026-03-15T13:45:30+0100'],
    ['offset hours only', '2026-03-15T13:45:30+01'],
    ['space instead of T', '2026-03-15 13:45:30Z'],
    ['no seconds', '2026-03-15T13:45Z'],
    ['date only', '2026-03-15'],
    ['one-digit hour', '2026-03-15T1:45:30Z'],
    ['empty fraction', '2026-03-15T13:45:30.Z'],
    ['ten fraction digits', '2026-03-15T13:45:30.1234567890Z'],
    ['comma as decimal separator', '2026-03-15T13:45:30,5Z'],
    ['five-digit year', '12026-03-15T13:45:30Z'],
    ['leading space', ' 2026-03-15T13:45:30Z'],
    ['trailing text', '2026-03-15T13:45:30Zjunk'],
    ['trailing newline', '2026-03-15T13:45:30Z\n'],
    ['epoch milliseconds', '1773582330000'],
    ['empty string', ''],
  ])('rejects %s (%j)', (_name, value) => {
    expect(parseRfc3339(value)).toBeNull();
  });

  it('returns epoch milliseconds', () => {
    expect([
      parseRfc3339('1970-01-01T00:00:00.001Z'),
      parseRfc3339('1970-01-01T01:00:00+01:00'),
      parseRfc3339('2026-03-15T13:45:30.250Z'),
    ]).toEqual([1, 0, 1_773_582_330_250]);
  });
});
