import { exportRangeSchema, instantMs } from '../../api/schemas/export-range';
import { parseRfc3339 } from '../../domain/time';

test.each([
  '2026-01-01T00:00:00Z',
  '2026-01-01T00:00:00.5+01:00',
  '2026-01-01T00:00:00.123456789-05:30',
  '2024-02-29T23:59:59Z',
  '1000-01-01T00:00:00Z',
  '9998-12-30T23:59:59.999999999+14:00',
  '2026-01-01T00:00:00-00:00',
])('the schema accepts %s, and parseRfc3339 reads it', (from) => {
  const to = new Date(parseRfc3339(from)! + 86_400_000).toISOString();
  expect(exportRangeSchema.safeParse({ from, to }).success).toBe(true);
  expect(instantMs(from)).toEqual(parseRfc3339(from));
});

test.each([
  '2026-01-01T00:00:00',
  '2026-01-01T00:00Z',
  '2026-02-30T00:00:00Z',
  '2026-01-01T24:00:00Z',
  '2026-01-01T00:00:60Z',
  '2026-01-01T00:00:00+0100',
  '2026-01-01 00:00:00Z',
  '2026-01-01T00:00:00.1234567891Z',
  // Outside the years 1000 to 9998 (PostgreSQL refuses year 0000: a 500 before issue 11).
  '0000-01-01T00:00:00Z',
  '0001-01-01T00:00:00Z',
  '0999-12-31T23:59:59Z',
  '9999-01-01T00:00:00Z',
])(
  'the schema refuses %s (not an instant parseRfc3339 reads, or out of range) on its field',
  (from) => {
    const parsed = exportRangeSchema.safeParse({ from, to: '2026-01-02T00:00:00Z' });
    expect(parsed.error?.issues.map((issue) => issue.path)).toContainEqual(['from']);
  },
);

test.each([
  ['to before from', '2026-12-01T00:00:00Z', '2026-11-01T00:00:00Z', false],
  ['to equal to from', '2026-11-01T00:00:00Z', '2026-11-01T00:00:00Z', false],
  ['one millisecond', '2026-11-01T00:00:00Z', '2026-11-01T00:00:00.001Z', true],
  ['366 days', '2026-01-01T00:00:00Z', '2027-01-02T00:00:00Z', true],
  ['366 days and a millisecond', '2026-01-01T00:00:00Z', '2027-01-02T00:00:00.001Z', false],
  ['offsets count: 1 h later', '2026-11-01T01:00:00+01:00', '2026-11-01T01:00:00Z', true],
])('%s (%s to %s): accepted %s', (_name, from, to, accepted) => {
  const parsed = exportRangeSchema.safeParse({ from, to });
  expect(parsed.success).toBe(accepted);
  if (!accepted) {
    expect(parsed.error?.issues.map(({ path, message }) => ({ path, message }))).toEqual([
      { path: ['to'], message: 'must be after from, at most 366 days later' },
    ]);
  }
});
