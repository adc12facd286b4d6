import type { Period } from '../../domain/calendar/types';
import type { LedgerEvent } from '../../domain/events';
import { rateLateUsageAdjustments, usageGroupsOf } from '../../domain/invoice';
import { applyEvent, computeUsageReport, createMeteringState } from '../../domain/metering';
import {
  burstMetersOf,
  ratePeriod,
  type Price,
  type PriceModel,
  type RatedLine,
} from '../../domain/rating';
import { anEvent } from '../fixtures/builders';

// Hand-computed cases for the burst models (issue 12), through metering as the workflow
// runs it: events -> per-resource timelines and counters -> the period's usage report ->
// rating. Every expected figure below is worked out in the comment beside it.

const S = 1_000;
const MIN = 60 * S;
const H = 3_600 * S;
/** November 2026, 30 days in UTC: 8,640 intervals of 300 s. */
const NOV: Period = { startMs: Date.UTC(2026, 10, 1), endMs: Date.UTC(2026, 11, 1) };
const DEC: Period = { startMs: Date.UTC(2026, 11, 1), endMs: Date.UTC(2027, 0, 1) };
const periodStartOf = (ms: number): number => (ms < DEC.startMs ? NOV.startMs : DEC.startMs);

type Fields = Partial<LedgerEvent> & Pick<LedgerEvent, 'type' | 'timestampMs'>;

interface RateOptions {
  period?: Period;
  asOfMs?: number;
  burstMeters?: string[];
}

function rate(model: PriceModel, events: Fields[], options: RateOptions = {}): RatedLine {
  const lines = rateAll(model, events, options);
  expect(lines).toHaveLength(1);
  return lines[0] as RatedLine;
}

function rateAll(model: PriceModel, events: Fields[], options: RateOptions = {}): RatedLine[] {
  const period = options.period ?? NOV;
  const state = createMeteringState(NOV.startMs, options.burstMeters);
  events.forEach((fields, i) =>
    applyEvent(state, anEvent({ seq: i + 1, ...fields }), periodStartOf),
  );
  const report = computeUsageReport(state, period, options.asOfMs ?? period.endMs, {
    includeRuns: true,
    includeBurst: true,
  });
  const price: Price = { id: 'p', meter: 'm', dimensionsFilter: {}, groupBy: [], model };
  const { lines, unmatched } = ratePeriod({
    currency: 'EUR',
    prices: [price],
    usage: usageGroupsOf(report.resources),
  });
  expect(unmatched).toEqual([]);
  return lines;
}

/** [quantity, unit, preciseAmount, amount] of a line, and its sub-lines' quantities. */
const figures = (line: RatedLine) => ({
  quantity: line.quantity,
  unit: line.unit,
  preciseAmount: line.preciseAmount,
  amount: line.amount,
  perResource: Object.fromEntries(line.subLines.map((s) => [s.resourceId, s.quantity])),
});

const start = (resourceId: string, atMs: number, quantity: string, dims?: Record<string, string>) =>
  ({
    type: 'resource.started',
    timestampMs: atMs,
    resourceId,
    meter: 'm',
    quantity,
    dimensions: dims ?? null,
  }) as const;
const resize = (resourceId: string, atMs: number, quantity: string) =>
  ({ type: 'resource.updated', timestampMs: atMs, resourceId, meter: 'm', quantity }) as const;
const stop = (resourceId: string, atMs: number) =>
  ({ type: 'resource.stopped', timestampMs: atMs, resourceId, meter: 'm' }) as const;

describe('quantity_time with a baseline: only the part above it, per second', () => {
  const perHour = (baseline: Partial<PriceModel>): PriceModel =>
    ({ type: 'quantity_time', unit: 'hour', unitPrice: '0.04', ...baseline }) as PriceModel;
  const t0 = NOV.startMs + 10 * H;

  test.each([
    {
      name: 'the issue: 1 h at 0.5, 30 min at 2, 30 min at 1, baseline 0.5',
      // 0 x 3600 + 1.5 x 1800 + 0.5 x 1800 = 3600 vCPU-s = 1 vCPU-hour -> 0.04.
      model: perHour({ baseline: '0.5' }),
      events: [
        start('vm', t0, '0.5'),
        resize('vm', t0 + H, '2'),
        resize('vm', t0 + H + 30 * MIN, '1'),
        stop('vm', t0 + 2 * H),
      ],
      expected: { quantity: '1', preciseAmount: '0.04', amount: '0.04' },
    },
    {
      name: 'below the baseline all along: nothing',
      model: perHour({ baseline: '4' }),
      events: [start('vm', t0, '2'), resize('vm', t0 + H, '3'), stop('vm', t0 + 2 * H)],
      expected: { quantity: '0', preciseAmount: '0', amount: '0.00' },
    },
    {
      name: 'baseline 0 is plain quantity-time: 2 x 1 h + 3 x 1 h = 5 vCPU-hours',
      model: perHour({ baseline: '0' }),
      events: [start('vm', t0, '2'), resize('vm', t0 + H, '3'), stop('vm', t0 + 2 * H)],
      expected: { quantity: '5', preciseAmount: '0.2', amount: '0.20' },
    },
  ])('$name', ({ model, events, expected }) => {
    const line = rate(model, events);
    expect(line).toMatchObject(expected);
  });

  test('a resize above and below the baseline across a period boundary', () => {
    // Baseline 1. Runs at 3 from 1 h before the boundary; resized to 0.5 30 min after it,
    // stopped 1 h after it. November: (3 - 1) x 3600 = 7200 -> 2 vCPU-hours = 0.08;
    // December: (3 - 1) x 1800 + max(0, 0.5 - 1) x 1800 = 3600 -> 1 vCPU-hour = 0.04.
    const events = [
      start('vm', NOV.endMs - H, '3'),
      resize('vm', NOV.endMs + 30 * MIN, '0.5'),
      stop('vm', NOV.endMs + H),
    ];
    const model = perHour({ baseline: '1' });
    expect(figures(rate(model, events))).toEqual({
      quantity: '2',
      unit: 'unit-hour (above baseline 1)',
      preciseAmount: '0.08',
      amount: '0.08',
      perResource: { vm: '2' },
    });
    expect(figures(rate(model, events, { period: DEC }))).toMatchObject({
      quantity: '1',
      amount: '0.04',
    });
  });

  test('the baseline per resource from a dimension, else the price baseline', () => {
    // big: dimension baseline 2, held 3 for 1 h -> 1 vCPU-hour; small: no dimension, the
    // price baseline 0.5, held 1 for 2 h -> 1 vCPU-hour. 2 vCPU-hours at 0.04 = 0.08.
    const line = rate(perHour({ baseline: '0.5', baselineDimension: 'baseline' }), [
      start('big', t0, '3', { baseline: '2' }),
      stop('big', t0 + H),
      start('small', t0, '1'),
      stop('small', t0 + 2 * H),
    ]);
    expect(figures(line)).toEqual({
      quantity: '2',
      unit: 'unit-hour (above baseline: dimension baseline, else 0.5)',
      preciseAmount: '0.08',
      amount: '0.08',
      perResource: { big: '1', small: '1' },
    });
  });

  test('a baseline dimension that is not a decimal fails the rating, naming the dimension', () => {
    expect(() =>
      rate(perHour({ baselineDimension: 'baseline' }), [
        start('vm', t0, '3', { baseline: 'half' }),
        stop('vm', t0 + H),
      ]),
    ).toThrow(expect.objectContaining({ code: 'invalid_usage' }));
  });
});

describe('peak: the most held at any instant', () => {
  const peak = (scope?: 'resource' | 'account' | 'project'): PriceModel => ({
    type: 'peak',
    unitPrice: '1.50',
    ...(scope === undefined ? {} : { scope }),
  });
  const t0 = NOV.startMs + 24 * H;
  // The issue: VMs of 2, 4 and 2 vCPU; b and c overlap for 10 minutes.
  const issue = [
    start('a', t0, '2'),
    stop('a', t0 + H),
    start('b', t0 + 2 * H, '4'),
    stop('b', t0 + 3 * H),
    start('c', t0 + 3 * H - 10 * MIN, '2'),
    stop('c', t0 + 4 * H),
  ];

  test('the issue, per account: peak 6 vCPU at 1.50 = 9.00, at the instant c starts', () => {
    expect(figures(rate(peak(), issue))).toEqual({
      quantity: '6',
      unit: `unit (peak at ${new Date(t0 + 3 * H - 10 * MIN).toISOString()})`,
      preciseAmount: '9',
      amount: '9.00',
      // What each held at the peak instant.
      perResource: { a: '0', b: '4', c: '2' },
    });
  });

  test('per resource: each own peak, 2 + 4 + 2 = 8 -> 12.00', () => {
    expect(figures(rate(peak('resource'), issue))).toMatchObject({
      quantity: '8',
      unit: 'unit (peak per resource)',
      amount: '12.00',
      perResource: { a: '2', b: '4', c: '2' },
    });
  });

  test('back to back is not overlapping: a stops when b starts (half-open instants)', () => {
    const line = rate(peak(), [
      start('a', t0, '3'),
      stop('a', t0 + H),
      start('b', t0 + H, '3'),
      stop('b', t0 + 2 * H),
    ]);
    expect(line).toMatchObject({ quantity: '3', amount: '4.50' });
  });

  test('a resize within a run: the run peaks at its highest quantity', () => {
    const line = rate(peak(), [
      start('a', t0, '1'),
      resize('a', t0 + H, '5'),
      resize('a', t0 + 2 * H, '2'),
      start('b', t0 + 90 * MIN, '1'),
      stop('b', t0 + 3 * H),
    ]);
    // 5 (a) + 1 (b) from t0 + 90 min to t0 + 2 h.
    expect(line).toMatchObject({ quantity: '6', amount: '9.00' });
  });

  test('at a period boundary: a run ending at the start holds nothing; one crossing it counts', () => {
    const events = [
      start('old', NOV.endMs - H, '8'),
      stop('old', NOV.endMs),
      start('cross', NOV.endMs - H, '2'),
      stop('cross', NOV.endMs + H),
      start('new', NOV.endMs + 30 * MIN, '3'),
      stop('new', NOV.endMs + 2 * H),
    ];
    // November: 8 + 2 = 10. December: old holds nothing; cross 2 + new 3 = 5.
    expect(rate(peak(), events)).toMatchObject({ quantity: '10', amount: '15.00' });
    expect(rate(peak(), events, { period: DEC })).toMatchObject({
      quantity: '5',
      amount: '7.50',
      unit: `unit (peak at ${new Date(NOV.endMs + 30 * MIN).toISOString()})`,
    });
  });

  test('per project: each project its own peak, added up (one invoice section each)', () => {
    const p = (project: string) => ({ $project: project });
    const lines = rateAll(peak('project'), [
      start('a', t0, '2', p('web')),
      stop('a', t0 + H),
      start('b', t0 + 30 * MIN, '3', p('web')),
      stop('b', t0 + 2 * H),
      start('c', t0 + 3 * H, '4', p('db')),
      stop('c', t0 + 4 * H),
    ]);
    // web: 2 + 3 = 5 from t0 + 30 min; db: 4. 9 x 1.50 = 13.50 (account-wide it would be 5).
    expect(lines.map((line) => [line.projectId, line.quantity, line.amount, line.unit])).toEqual([
      ['db', '4', '6.00', 'unit (peak per project)'],
      ['web', '5', '7.50', 'unit (peak per project)'],
    ]);
  });
});

describe('percentile: the 95th of 5-minute rates', () => {
  const INTERVAL = 300 * S;
  /** Bytes for a rate in Mbps held for one 300 s interval: Mbps x 125,000 x 300. */
  const bytes = (mbps: number) => String(mbps * 125_000 * 300);
  const transit = (extra: Partial<PriceModel> = {}): PriceModel =>
    ({ type: 'percentile', unitPrice: '2.00', rateDivisor: '125000', ...extra }) as PriceModel;
  const counter = (atMs: number, quantity: string, resourceId = 'port') =>
    ({ type: 'usage.recorded', timestampMs: atMs, resourceId, meter: 'm', quantity }) as const;
  /** Every interval of November at 100 Mbps, the first `high` at 900 Mbps. */
  const month = (high: number) =>
    Array.from({ length: 8_640 }, (_, i) =>
      counter(NOV.startMs + i * INTERVAL + 1_000, bytes(i < high ? 900 : 100)),
    );
  const interval = { burstMeters: ['m'] };

  test('exactly 5 % at 900 Mbps (432 of 8,640) is dropped: 100 Mbps x 2.00 = 200.00', () => {
    expect(figures(rate(transit(), month(432), interval))).toEqual({
      quantity: '100',
      unit: 'unit (95th percentile of 8640 x 300 s intervals, 432 dropped)',
      preciseAmount: '200',
      amount: '200.00',
      perResource: { port: '100' },
    });
  });

  test('5 % plus one interval (433) bills 900 Mbps: 1,800.00', () => {
    expect(rate(transit(), month(433), interval)).toMatchObject({
      quantity: '900',
      amount: '1800.00',
    });
  });

  test('intervals with no traffic count as zero: 20 busy intervals of 8,640 bill 0', () => {
    const events = Array.from({ length: 20 }, (_, i) =>
      counter(NOV.startMs + i * INTERVAL, bytes(1_000)),
    );
    expect(rate(transit(), events, interval)).toMatchObject({ quantity: '0', amount: '0.00' });
  });

  test('late counters land in their own interval, whatever the arrival order', () => {
    // 433 busy intervals, the last 200 of them arriving after the rest of the month.
    const events = month(433);
    const late = events.splice(233, 200);
    expect(rate(transit(), [...events, ...late], interval)).toMatchObject({ quantity: '900' });
    // Two counters in one interval add up: 450 + 450 = 900 Mbps in interval 0 only.
    const split = [
      counter(NOV.startMs + 10 * S, bytes(450)),
      counter(NOV.startMs + 299 * S, bytes(450)),
    ];
    expect(rate(transit({ percentile: 100 }), split, interval)).toMatchObject({ quantity: '900' });
  });

  test('the running percentile while the period is open counts the intervals elapsed', () => {
    // 2 h in: 24 intervals; 95 % keeps ceil(22.8) = 23 and drops 1. Two at 500 Mbps: 500.
    const events = [
      counter(NOV.startMs + 5 * INTERVAL, bytes(500)),
      counter(NOV.startMs + 9 * INTERVAL, bytes(500)),
      counter(NOV.startMs + 10 * INTERVAL, bytes(100)),
    ];
    expect(rate(transit(), events, { ...interval, asOfMs: NOV.startMs + 2 * H })).toMatchObject({
      quantity: '500',
      unit: 'unit (95th percentile of 24 x 300 s intervals, 1 dropped)',
    });
  });

  test('longer intervals merge 300 s ones; the rate is per second of the interval', () => {
    // 600 s intervals: 900 Mbps for 300 s then nothing is 450 Mbps over the interval.
    const events = [counter(NOV.startMs, bytes(900))];
    expect(
      rate(transit({ intervalSeconds: 600, percentile: 100 }), events, interval),
    ).toMatchObject({ quantity: '450', amount: '900.00' });
  });

  test('per account: the ports are added per interval before the percentile', () => {
    // Two ports alternating 100 Mbps: each port alone has 50 % of intervals at 100 (p95:
    // 100 each, 200 added up); together every interval is 100 -> 100.
    const events = Array.from({ length: 8_640 }, (_, i) =>
      counter(NOV.startMs + i * INTERVAL, bytes(100), i % 2 === 0 ? 'a' : 'b'),
    );
    expect(rate(transit({ scope: 'account' }), events, interval)).toMatchObject({
      quantity: '100',
    });
    expect(rate(transit(), events, interval)).toMatchObject({ quantity: '200' });
  });

  test('a meter without interval tables cannot be rated by percentile (never billed as idle)', () => {
    expect(() => rate(transit(), [counter(NOV.startMs, bytes(100))])).toThrow(
      expect.objectContaining({ code: 'invalid_usage' }),
    );
  });
});

test('burstMetersOf: the meters priced by peak or percentile, sorted and unique', () => {
  const price = (id: string, meter: string, model: PriceModel): Price => ({
    id,
    meter,
    dimensionsFilter: {},
    model,
  });
  expect(
    burstMetersOf([
      price('vm', 'compute.vm', { type: 'run_time', unit: 'hour', unitPrice: '1' }),
      price('transit', 'network.transit', { type: 'percentile', unitPrice: '2' }),
      price('vcpu', 'compute.vcpu', { type: 'peak', unitPrice: '1.5' }),
      price('vcpu-eu', 'compute.vcpu', { type: 'peak', unitPrice: '1.6' }),
    ]),
  ).toEqual(['compute.vcpu', 'network.transit']);
});

test('a DST month has its own number of intervals: October 2026 in Berlin is 745 h = 8,940', () => {
  // 1 Oct 00:00 CEST (UTC+2) to 1 Nov 00:00 CET (UTC+1): 31 days and the hour DST gives back.
  const october: Period = { startMs: Date.UTC(2026, 8, 30, 22), endMs: Date.UTC(2026, 9, 31, 23) };
  const state = createMeteringState(october.startMs, ['m']);
  // 448 busy intervals: 8,940 - ceil(8,940 x 0.95) = 8,940 - 8,493 = 447 dropped; 448 bills.
  for (let i = 0; i < 448; i += 1) {
    applyEvent(
      state,
      anEvent({
        seq: i + 1,
        type: 'usage.recorded',
        timestampMs: october.startMs + i * 300_000,
        resourceId: 'port',
        meter: 'm',
        quantity: String(900 * 125_000 * 300),
      }),
      () => october.startMs,
    );
  }
  const report = computeUsageReport(state, october, october.endMs, {
    includeRuns: true,
    includeBurst: ['m'],
  });
  const { lines } = ratePeriod({
    currency: 'EUR',
    prices: [
      {
        id: 'p',
        meter: 'm',
        dimensionsFilter: {},
        groupBy: [],
        model: { type: 'percentile', unitPrice: '2', rateDivisor: '125000' },
      },
    ],
    usage: usageGroupsOf(report.resources),
  });
  expect(lines.map((l) => [l.quantity, l.unit])).toEqual([
    ['900', 'unit (95th percentile of 8940 x 300 s intervals, 447 dropped)'],
  ]);
});

test('a late counter of a finalized period: the percentile adjustment re-rates its interval', () => {
  // The finalized period as invoiced: 20 intervals (a period 100 minutes long for brevity),
  // 90th percentile keeps 18 and drops 2; intervals 0 and 1 at 900 Mbps are dropped: 0.
  const start = NOV.startMs;
  const mbps = (rate: number) => String(rate * 125_000 * 300);
  const original = [
    {
      resourceId: 'port',
      meter: 'm',
      dimensions: {},
      seconds: '0',
      quantitySeconds: '0',
      quantity: String(2 * 900 * 125_000 * 300),
      runs: [],
      burst: {
        startMs: start,
        untilMs: start + 20 * 300_000,
        segments: [],
        intervals: { '0': mbps(900), '1': mbps(900) },
      },
    },
  ];
  const terms = {
    planId: 'plan',
    currency: 'EUR',
    minimumCommitment: null,
    prices: [
      {
        id: 'transit',
        meter: 'm',
        dimensionsFilter: {},
        groupBy: [],
        model: { type: 'percentile', unitPrice: '2', rateDivisor: '125000', percentile: 90 },
      } satisfies Price,
    ],
  };
  // 500 Mbps arrive late in interval 5: the third busy interval is billed: 500 x 2 = 1000.00.
  const late = [
    {
      periodStartMs: start,
      resourceId: 'port',
      meter: 'm',
      dimensions: {},
      quantity: mbps(500),
      intervals: { '5': mbps(500) },
    },
  ];
  const lines = rateLateUsageAdjustments({
    terms,
    periodStartMs: start,
    original,
    billedLate: [],
    late,
  });
  expect(lines.map((l) => [l.quantity, l.amount])).toEqual([['500', '1000.00']]);
});

test('late usage of a finalized period carries its intervals for a burst meter only', () => {
  const state = createMeteringState(DEC.startMs, ['m']);
  const at = NOV.startMs + 7 * 300_000 + 5_000;
  applyEvent(
    state,
    anEvent({ seq: 1, type: 'usage.recorded', timestampMs: at, meter: 'm', quantity: '10' }),
    periodStartOf,
  );
  applyEvent(
    state,
    anEvent({ seq: 2, type: 'usage.recorded', timestampMs: at, meter: 'other', quantity: '3' }),
    periodStartOf,
  );
  const late = (includeBurst: boolean) =>
    computeUsageReport(state, DEC, DEC.endMs, { includeBurst }).lateUsage.map((l) => [
      l.meter,
      l.quantity,
      l.intervals,
    ]);
  expect(late(true)).toEqual([
    ['m', '10', { '7': '10' }],
    ['other', '3', undefined],
  ]);
  expect(late(false)).toEqual([
    ['m', '10', undefined],
    ['other', '3', undefined],
  ]);
});
