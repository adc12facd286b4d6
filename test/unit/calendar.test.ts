import fc from 'fast-check';
import {
  instantFromLocal,
  isValidTimeZone,
  localParts,
  nextPeriod,
  offsetMs,
  periodContaining,
} from '../../domain/calendar';
import type {
  BillingCycle,
  BillingSchedule,
  LocalDateTime,
  LocalParts,
} from '../../domain/calendar';
import { BillingError } from '../../domain/errors';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const ms = (iso: string): number => Date.parse(iso);
const iso = (instant: number): string => new Date(instant).toISOString();

/** The period containing `at`, as [start, end] ISO strings. */
function periodIso(cycle: BillingCycle, at: string): [string, string] {
  const period = periodContaining(cycle, ms(at));
  return [iso(period.startMs), iso(period.endMs)];
}

const utc = (schedule: BillingSchedule, anchor?: string): BillingCycle => ({
  schedule,
  timezone: 'UTC',
  anchorMs: anchor === undefined ? null : ms(anchor),
});
const zoned = (schedule: BillingSchedule, timezone: string, anchor?: string): BillingCycle => ({
  schedule,
  timezone,
  anchorMs: anchor === undefined ? null : ms(anchor),
});

// Expected values worked out by hand: 2026-01-01 is a Thursday; EU DST 2026 runs from
// 03-29T01:00Z to 10-25T01:00Z; US DST from 03-08 02:00 EST to 11-01 02:00 EDT; New Zealand
// leaves DST on 2026-04-05 03:00 NZDT and enters it on 2026-09-27 02:00 NZST. Tables are
// prettier-ignore'd so each case stays on one line.
describe('periodContaining, calendar-aligned', () => {
  // prettier-ignore
  it.each<[string, BillingCycle, string, string, string]>([
    ['UTC daily', utc('daily'), '2026-03-15T13:45:00.000Z', '2026-03-15T00:00:00.000Z', '2026-03-16T00:00:00.000Z'],
    ['UTC weekly (Sunday -> Monday 9th)', utc('weekly'), '2026-03-15T13:45:00.000Z', '2026-03-09T00:00:00.000Z', '2026-03-16T00:00:00.000Z'],
    ['UTC monthly', utc('monthly'), '2026-03-15T13:45:00.000Z', '2026-03-01T00:00:00.000Z', '2026-04-01T00:00:00.000Z'],
    ['UTC daily on a boundary', utc('daily'), '2026-03-16T00:00:00.000Z', '2026-03-16T00:00:00.000Z', '2026-03-17T00:00:00.000Z'],
    ['UTC weekly on a boundary', utc('weekly'), '2026-03-16T00:00:00.000Z', '2026-03-16T00:00:00.000Z', '2026-03-23T00:00:00.000Z'],
    ['UTC monthly on a boundary', utc('monthly'), '2026-04-01T00:00:00.000Z', '2026-04-01T00:00:00.000Z', '2026-05-01T00:00:00.000Z'],
    ['UTC monthly 1 ms before a boundary', utc('monthly'), '2026-03-31T23:59:59.999Z', '2026-03-01T00:00:00.000Z', '2026-04-01T00:00:00.000Z'],
    ['January (31 days)', utc('monthly'), '2026-01-20T00:00:00.000Z', '2026-01-01T00:00:00.000Z', '2026-02-01T00:00:00.000Z'],
    ['February 2026 (28 days)', utc('monthly'), '2026-02-20T00:00:00.000Z', '2026-02-01T00:00:00.000Z', '2026-03-01T00:00:00.000Z'],
    ['February 2028 (29 days)', utc('monthly'), '2028-02-29T12:00:00.000Z', '2028-02-01T00:00:00.000Z', '2028-03-01T00:00:00.000Z'],
    ['April (30 days)', utc('monthly'), '2026-04-30T23:00:00.000Z', '2026-04-01T00:00:00.000Z', '2026-05-01T00:00:00.000Z'],
    ['leap day 2028-02-29, UTC', utc('daily'), '2028-02-29T23:59:59.999Z', '2028-02-29T00:00:00.000Z', '2028-03-01T00:00:00.000Z'],
    ['leap day 2028-02-29, Berlin', zoned('daily', 'Europe/Berlin'), '2028-02-29T12:00:00.000Z', '2028-02-28T23:00:00.000Z', '2028-02-29T23:00:00.000Z'],
    ['Berlin, day before spring DST', zoned('daily', 'Europe/Berlin'), '2026-03-28T12:00:00.000Z', '2026-03-27T23:00:00.000Z', '2026-03-28T23:00:00.000Z'],
    ['Berlin spring DST day (23 h)', zoned('daily', 'Europe/Berlin'), '2026-03-29T12:00:00.000Z', '2026-03-28T23:00:00.000Z', '2026-03-29T22:00:00.000Z'],
    ['Berlin spring DST day, 1 ms before its end', zoned('daily', 'Europe/Berlin'), '2026-03-29T21:59:59.999Z', '2026-03-28T23:00:00.000Z', '2026-03-29T22:00:00.000Z'],
    ['Berlin, day after spring DST, on its start', zoned('daily', 'Europe/Berlin'), '2026-03-29T22:00:00.000Z', '2026-03-29T22:00:00.000Z', '2026-03-30T22:00:00.000Z'],
    ['Berlin fall DST day (25 h), first 02:30', zoned('daily', 'Europe/Berlin'), '2026-10-25T00:30:00.000Z', '2026-10-24T22:00:00.000Z', '2026-10-25T23:00:00.000Z'],
    ['Berlin fall DST day (25 h), second 02:30', zoned('daily', 'Europe/Berlin'), '2026-10-25T01:30:00.000Z', '2026-10-24T22:00:00.000Z', '2026-10-25T23:00:00.000Z'],
    ['Berlin week with spring DST', zoned('weekly', 'Europe/Berlin'), '2026-03-29T12:00:00.000Z', '2026-03-22T23:00:00.000Z', '2026-03-29T22:00:00.000Z'],
    ['Berlin March (DST inside)', zoned('monthly', 'Europe/Berlin'), '2026-03-15T00:00:00.000Z', '2026-02-28T23:00:00.000Z', '2026-03-31T22:00:00.000Z'],
    ['New York spring DST day (23 h)', zoned('daily', 'America/New_York'), '2026-03-08T12:00:00.000Z', '2026-03-08T05:00:00.000Z', '2026-03-09T04:00:00.000Z'],
    ['New York fall DST day (25 h)', zoned('daily', 'America/New_York'), '2026-11-01T12:00:00.000Z', '2026-11-01T04:00:00.000Z', '2026-11-02T05:00:00.000Z'],
    ['New York, local evening is still the UTC previous day', zoned('daily', 'America/New_York'), '2026-11-02T03:00:00.000Z', '2026-11-01T04:00:00.000Z', '2026-11-02T05:00:00.000Z'],
    ['Tokyo weekly, Sunday 21:00 JST', zoned('weekly', 'Asia/Tokyo'), '2026-03-15T12:00:00.000Z', '2026-03-08T15:00:00.000Z', '2026-03-15T15:00:00.000Z'],
    ['Tokyo weekly, Monday 00:00 JST', zoned('weekly', 'Asia/Tokyo'), '2026-03-15T15:00:00.000Z', '2026-03-15T15:00:00.000Z', '2026-03-22T15:00:00.000Z'],
    ['Auckland week leaving DST (7 d + 1 h)', zoned('weekly', 'Pacific/Auckland'), '2026-04-05T00:00:00.000Z', '2026-03-29T11:00:00.000Z', '2026-04-05T12:00:00.000Z'],
    ['Auckland week entering DST (7 d - 1 h)', zoned('weekly', 'Pacific/Auckland'), '2026-09-27T00:00:00.000Z', '2026-09-20T12:00:00.000Z', '2026-09-27T11:00:00.000Z'],
    ['Auckland day leaving DST (25 h)', zoned('daily', 'Pacific/Auckland'), '2026-04-05T00:00:00.000Z', '2026-04-04T11:00:00.000Z', '2026-04-05T12:00:00.000Z'],
    ['Kolkata (+05:30) daily', zoned('daily', 'Asia/Kolkata'), '2026-06-15T00:00:00.000Z', '2026-06-14T18:30:00.000Z', '2026-06-15T18:30:00.000Z'],
    ['Kolkata (+05:30) monthly', zoned('monthly', 'Asia/Kolkata'), '2026-06-15T00:00:00.000Z', '2026-05-31T18:30:00.000Z', '2026-06-30T18:30:00.000Z'],
    ['Kathmandu (+05:45) daily', zoned('daily', 'Asia/Kathmandu'), '2026-06-15T00:00:00.000Z', '2026-06-14T18:15:00.000Z', '2026-06-15T18:15:00.000Z'],
    ['Kathmandu weekly, Monday 05:45 local', zoned('weekly', 'Asia/Kathmandu'), '2026-06-15T00:00:00.000Z', '2026-06-14T18:15:00.000Z', '2026-06-21T18:15:00.000Z'],
    ['Kathmandu weekly, Sunday 23:45 local', zoned('weekly', 'Asia/Kathmandu'), '2026-06-14T18:00:00.000Z', '2026-06-07T18:15:00.000Z', '2026-06-14T18:15:00.000Z'],
  ])('%s', (_label, cycle, at, start, end) => {
    expect(periodIso(cycle, at)).toEqual([start, end]);
  });
});

describe('periodContaining, anchored', () => {
  const berlin0930 = '2026-01-10T08:30:00.000Z'; // 09:30 CET
  const newYork0930 = '2026-01-05T14:30:00.000Z'; // 09:30 EST
  const berlin0230 = '2026-01-10T01:30:00.000Z'; // 02:30 CET: missing on the spring DST day
  const berlin0215 = '2026-01-10T01:15:00.000Z'; // 02:15 CET: twice on the fall DST day
  // prettier-ignore
  it.each<[string, BillingCycle, string, string, string]>([
    ['daily 09:30 Berlin, into the 23 h day', zoned('daily', 'Europe/Berlin', berlin0930), '2026-03-29T05:00:00.000Z', '2026-03-28T08:30:00.000Z', '2026-03-29T07:30:00.000Z'],
    ['daily 09:30 Berlin, after the switch', zoned('daily', 'Europe/Berlin', berlin0930), '2026-03-29T07:30:00.000Z', '2026-03-29T07:30:00.000Z', '2026-03-30T07:30:00.000Z'],
    ['daily 09:30 Berlin, 25 h across fall-back', zoned('daily', 'Europe/Berlin', berlin0930), '2026-10-25T08:00:00.000Z', '2026-10-24T07:30:00.000Z', '2026-10-25T08:30:00.000Z'],
    ['daily 09:30 Berlin, after fall-back', zoned('daily', 'Europe/Berlin', berlin0930), '2026-10-25T12:00:00.000Z', '2026-10-25T08:30:00.000Z', '2026-10-26T08:30:00.000Z'],
    ['daily 09:30 New York, 23 h', zoned('daily', 'America/New_York', newYork0930), '2026-03-08T13:00:00.000Z', '2026-03-07T14:30:00.000Z', '2026-03-08T13:30:00.000Z'],
    ['daily 09:30 New York, after the switch', zoned('daily', 'America/New_York', newYork0930), '2026-03-08T14:00:00.000Z', '2026-03-08T13:30:00.000Z', '2026-03-09T13:30:00.000Z'],
    // 03:10 CEST is past 02:30 on the wall, but the 02:30 boundary moved to 03:30 CEST.
    ['daily 02:30 Berlin, boundary in the gap', zoned('daily', 'Europe/Berlin', berlin0230), '2026-03-29T01:10:00.000Z', '2026-03-28T01:30:00.000Z', '2026-03-29T01:30:00.000Z'],
    ['daily 02:30 Berlin, after the gap boundary', zoned('daily', 'Europe/Berlin', berlin0230), '2026-03-29T01:30:00.000Z', '2026-03-29T01:30:00.000Z', '2026-03-30T00:30:00.000Z'],
    // 02:10 CET (second pass) is before 02:15 on the wall, but after the first 02:15 CEST.
    ['daily 02:15 Berlin, second pass of the overlap', zoned('daily', 'Europe/Berlin', berlin0215), '2026-10-25T01:10:00.000Z', '2026-10-25T00:15:00.000Z', '2026-10-26T01:15:00.000Z'],
    ['weekly from Wednesday 15:00 UTC', utc('weekly', '2026-03-11T15:00:00.000Z'), '2026-03-16T00:00:00.000Z', '2026-03-11T15:00:00.000Z', '2026-03-18T15:00:00.000Z'],
    ['weekly, instant before the anchor', utc('weekly', '2026-03-11T15:00:00.000Z'), '2026-03-01T00:00:00.000Z', '2026-02-25T15:00:00.000Z', '2026-03-04T15:00:00.000Z'],
    ['monthly on the 31st: Feb 2026 clamps to 28', utc('monthly', '2026-01-31T00:00:00.000Z'), '2026-02-15T00:00:00.000Z', '2026-01-31T00:00:00.000Z', '2026-02-28T00:00:00.000Z'],
    ['monthly on the 31st: back to Mar 31', utc('monthly', '2026-01-31T00:00:00.000Z'), '2026-03-01T00:00:00.000Z', '2026-02-28T00:00:00.000Z', '2026-03-31T00:00:00.000Z'],
    ['monthly on the 31st: Apr 30', utc('monthly', '2026-01-31T00:00:00.000Z'), '2026-04-15T00:00:00.000Z', '2026-03-31T00:00:00.000Z', '2026-04-30T00:00:00.000Z'],
    ['monthly on the 31st: Feb 2028 clamps to 29', utc('monthly', '2026-01-31T00:00:00.000Z'), '2028-02-15T00:00:00.000Z', '2028-01-31T00:00:00.000Z', '2028-02-29T00:00:00.000Z'],
    ['monthly on the 31st: leap day to Mar 31', utc('monthly', '2026-01-31T00:00:00.000Z'), '2028-03-10T00:00:00.000Z', '2028-02-29T00:00:00.000Z', '2028-03-31T00:00:00.000Z'],
    ['monthly on the 31st 10:00 Berlin, across DST', zoned('monthly', 'Europe/Berlin', '2026-01-31T09:00:00.000Z'), '2026-03-15T00:00:00.000Z', '2026-02-28T09:00:00.000Z', '2026-03-31T08:00:00.000Z'],
  ])('%s', (_label, cycle, at, start, end) => {
    expect(periodIso(cycle, at)).toEqual([start, end]);
  });

  it('clamps each month from the anchor day, never cumulatively (Jan 31 through 2027)', () => {
    const cycle = utc('monthly', '2026-01-31T00:00:00.000Z');
    let period = periodContaining(cycle, ms('2026-01-31T00:00:00.000Z'));
    const starts = [iso(period.startMs)];
    for (let i = 0; i < 12; i += 1) {
      period = nextPeriod(cycle, period);
      starts.push(iso(period.startMs));
    }
    expect(starts.map((s) => s.slice(0, 10))).toEqual([
      '2026-01-31',
      '2026-02-28',
      '2026-03-31',
      '2026-04-30',
      '2026-05-31',
      '2026-06-30',
      '2026-07-31',
      '2026-08-31',
      '2026-09-30',
      '2026-10-31',
      '2026-11-30',
      '2026-12-31',
      '2027-01-31',
    ]);
  });
});

describe('nextPeriod', () => {
  // prettier-ignore
  it.each<[string, BillingCycle, string, string, string]>([
    ['Berlin 23 h day -> next day', zoned('daily', 'Europe/Berlin'), '2026-03-29T12:00:00.000Z', '2026-03-29T22:00:00.000Z', '2026-03-30T22:00:00.000Z'],
    ['New York 25 h day -> next day', zoned('daily', 'America/New_York'), '2026-11-01T12:00:00.000Z', '2026-11-02T05:00:00.000Z', '2026-11-03T05:00:00.000Z'],
    ['Berlin Feb -> Mar', zoned('monthly', 'Europe/Berlin'), '2026-02-10T00:00:00.000Z', '2026-02-28T23:00:00.000Z', '2026-03-31T22:00:00.000Z'],
  ])('%s', (_label, cycle, at, start, end) => {
    const next = nextPeriod(cycle, periodContaining(cycle, ms(at)));
    expect([iso(next.startMs), iso(next.endMs)]).toEqual([start, end]);
  });
});

describe('instantFromLocal', () => {
  const local = (
    year: number,
    month: number,
    day: number,
    hour = 0,
    minute = 0,
    second = 0,
    millisecond = 0,
  ): LocalDateTime => ({
    year,
    month,
    day,
    hour,
    minute,
    second,
    millisecond,
  });
  // prettier-ignore
  it.each<[string, LocalDateTime, string, string]>([
    ['UTC', local(2026, 6, 15, 12, 34, 56, 789), 'UTC', '2026-06-15T12:34:56.789Z'],
    ['Berlin gap 02:30 -> 03:30 CEST', local(2026, 3, 29, 2, 30), 'Europe/Berlin', '2026-03-29T01:30:00.000Z'],
    ['Berlin gap start 02:00 -> 03:00 CEST', local(2026, 3, 29, 2, 0), 'Europe/Berlin', '2026-03-29T01:00:00.000Z'],
    ['Berlin last ms before the gap', local(2026, 3, 29, 1, 59, 59, 999), 'Europe/Berlin', '2026-03-29T00:59:59.999Z'],
    ['Berlin 03:00 after the gap', local(2026, 3, 29, 3, 0), 'Europe/Berlin', '2026-03-29T01:00:00.000Z'],
    ['Berlin overlap 02:30 -> earlier (CEST)', local(2026, 10, 25, 2, 30), 'Europe/Berlin', '2026-10-25T00:30:00.000Z'],
    ['Berlin 03:00 after the overlap', local(2026, 10, 25, 3, 0), 'Europe/Berlin', '2026-10-25T02:00:00.000Z'],
    ['Berlin 01:59 before the overlap', local(2026, 10, 25, 1, 59), 'Europe/Berlin', '2026-10-24T23:59:00.000Z'],
    ['New York gap 02:30 -> 03:30 EDT', local(2026, 3, 8, 2, 30), 'America/New_York', '2026-03-08T07:30:00.000Z'],
    ['New York overlap 01:30 -> earlier (EDT)', local(2026, 11, 1, 1, 30), 'America/New_York', '2026-11-01T05:30:00.000Z'],
    ['day overflow: Jan 32 = Feb 1', local(2026, 1, 32), 'Europe/Berlin', '2026-01-31T23:00:00.000Z'],
    ['month overflow: month 13 = next January', local(2026, 13, 1), 'Europe/Berlin', '2026-12-31T23:00:00.000Z'],
    ['Kolkata +05:30', local(2026, 1, 1), 'Asia/Kolkata', '2025-12-31T18:30:00.000Z'],
    ['Kathmandu +05:45', local(2026, 1, 1), 'Asia/Kathmandu', '2025-12-31T18:15:00.000Z'],
  ])('%s', (_label, wall, timeZone, expected) => {
    expect(iso(instantFromLocal(wall, timeZone))).toBe(expected);
  });
});

describe('localParts and offsetMs', () => {
  // prettier-ignore
  it.each<[string, string, LocalParts]>([
    ['2026-03-29T01:00:00.000Z', 'Europe/Berlin', { year: 2026, month: 3, day: 29, hour: 3, minute: 0, second: 0, millisecond: 0, weekday: 7 }],
    ['2026-03-29T00:59:59.999Z', 'Europe/Berlin', { year: 2026, month: 3, day: 29, hour: 1, minute: 59, second: 59, millisecond: 999, weekday: 7 }],
    ['2026-03-16T00:00:00.000Z', 'UTC', { year: 2026, month: 3, day: 16, hour: 0, minute: 0, second: 0, millisecond: 0, weekday: 1 }],
    ['2026-06-15T00:00:00.000Z', 'Asia/Kathmandu', { year: 2026, month: 6, day: 15, hour: 5, minute: 45, second: 0, millisecond: 0, weekday: 1 }],
    ['2026-11-01T03:59:59.000Z', 'America/New_York', { year: 2026, month: 10, day: 31, hour: 23, minute: 59, second: 59, millisecond: 0, weekday: 6 }],
  ])('%s in %s', (at, timeZone, expected) => {
    expect(localParts(ms(at), timeZone)).toEqual(expected);
  });

  it.each<[string, string, number]>([
    ['2026-01-15T12:00:00.000Z', 'Europe/Berlin', HOUR],
    ['2026-07-15T12:00:00.000Z', 'Europe/Berlin', 2 * HOUR],
    ['2026-07-15T12:00:00.000Z', 'America/New_York', -4 * HOUR],
    ['2026-07-15T12:00:00.000Z', 'Asia/Kolkata', 5.5 * HOUR],
    ['2026-07-15T12:00:00.000Z', 'Asia/Kathmandu', 5.75 * HOUR],
    ['2026-07-15T12:00:00.000Z', 'UTC', 0],
  ])('offset at %s in %s', (at, timeZone, expected) => {
    expect(offsetMs(ms(at), timeZone)).toBe(expected);
  });
});

describe('time zone validation', () => {
  it.each<[string, boolean]>([
    ['Europe/Berlin', true],
    ['UTC', true],
    ['Asia/Kathmandu', true],
    ['Mars/Olympus', false],
    ['not a zone', false],
    ['', false],
  ])('isValidTimeZone(%j) is %s', (timeZone, expected) => {
    expect(isValidTimeZone(timeZone)).toBe(expected);
  });

  it('periodContaining rejects an unknown zone with invalid_time_zone', () => {
    let caught: unknown;
    try {
      periodContaining({ schedule: 'daily', timezone: 'Mars/Olympus' }, 0);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(BillingError);
    expect(caught).toMatchObject({ code: 'invalid_time_zone', retryable: false });
  });
});

describe('period properties', () => {
  const zones = [
    'UTC',
    'Europe/Berlin',
    'America/New_York',
    'Pacific/Auckland',
    'Asia/Kolkata',
    'Asia/Kathmandu',
    'Australia/Lord_Howe',
  ];
  const anyInstant = fc.integer({
    min: ms('2020-01-01T00:00:00.000Z'),
    max: ms('2035-12-31T00:00:00.000Z'),
  });
  // Uniform instants rarely land on a DST day; half the samples come from the switch months.
  const dstSeason = fc
    .record({
      year: fc.integer({ min: 2020, max: 2035 }),
      month: fc.constantFrom(3, 4, 9, 10, 11),
      day: fc.integer({ min: 1, max: 31 }),
      minute: fc.integer({ min: 0, max: 24 * 60 - 1 }),
    })
    .map(({ year, month, day, minute }) => Date.UTC(year, month - 1, day, 0, minute));
  const instant = fc.oneof(anyInstant, dstSeason);
  const cycle = fc.record({
    schedule: fc.constantFrom<BillingSchedule>('daily', 'weekly', 'monthly'),
    timezone: fc.constantFrom(...zones),
    anchorMs: fc.option(instant, { nil: null }),
  });
  const bounds: Record<BillingSchedule, [number, number]> = {
    daily: [22 * HOUR, 26 * HOUR],
    weekly: [7 * DAY - 2 * HOUR, 7 * DAY + 2 * HOUR],
    monthly: [27 * DAY, 32 * DAY],
  };

  it('periods contain the instant, have sane lengths and tile time', () => {
    fc.assert(
      fc.property(cycle, instant, (c, x) => {
        const period = periodContaining(c, x);
        expect(period.startMs).toBeLessThanOrEqual(x);
        expect(period.endMs).toBeGreaterThan(x);
        const [min, max] = bounds[c.schedule];
        expect(period.endMs - period.startMs).toBeGreaterThanOrEqual(min);
        expect(period.endMs - period.startMs).toBeLessThanOrEqual(max);
        // Calls ordered so each misses the module's last-period memo and is computed afresh.
        const next = periodContaining(c, period.endMs);
        expect(next.startMs).toBe(period.endMs);
        expect(periodContaining(c, period.endMs - 1)).toEqual(period);
        expect(nextPeriod(c, period)).toEqual(next);
        expect(periodContaining(c, period.startMs - 1).endMs).toBe(period.startMs);
        expect(periodContaining(c, period.startMs)).toEqual(period);
        if (c.anchorMs === null) {
          // None of these zones moves its clocks at midnight, so boundaries are exact.
          const start = localParts(period.startMs, c.timezone);
          expect([start.hour, start.minute, start.second, start.millisecond]).toEqual([0, 0, 0, 0]);
          if (c.schedule === 'weekly') expect(start.weekday).toBe(1);
          if (c.schedule === 'monthly') expect(start.day).toBe(1);
        }
      }),
      { numRuns: 1_000 },
    );
  });
});
