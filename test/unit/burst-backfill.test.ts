import type { LedgerEvent } from '../../domain/events';
import {
  backfillBurstUsage,
  lateMetersLackingIntervals,
  metersLackingBurst,
} from '../../domain/metering/burst-backfill';
import { remeterPeriod } from '../../domain/metering/remeter';
import type { LateUsage, ResourceUsage } from '../../domain/metering/usage-report';
import { usageGroupsOf } from '../../domain/invoice';
import { ratePeriod, type Price } from '../../domain/rating';

// A burst price that arrived after the billing cycle started: the groups of its meter come
// without burst detail and are metered again from the ledger with it. Figures by hand.

const S = 1_000;
const START = Date.UTC(2026, 10, 1);
const INTERVAL = 300 * S;
const MB = 1_000_000;
/** Three intervals of 300 s. */
const PERIOD = { startMs: START, endMs: START + 3 * INTERVAL };
const TRANSIT = 'network.transit';
const VCPU = 'compute.vcpu';

let seq = 0;
const event = (
  type: LedgerEvent['type'],
  atS: number,
  resourceId: string,
  meter: string,
  quantity: string | null = null,
): LedgerEvent => {
  seq += 1;
  return {
    seq,
    id: `e-${seq}`,
    type,
    timestampMs: START + atS * S,
    resourceId,
    meter,
    dimensions: null,
    quantity,
  };
};
const counter = (atS: number, quantity: number, resourceId = 'port-1', meter = TRANSIT) =>
  event('usage.recorded', atS, resourceId, meter, String(quantity));

/** A group as a cycle without burst meters reports it: totals, no detail. */
const bare = (
  resourceId: string,
  meter: string,
  figures: Partial<Pick<ResourceUsage, 'seconds' | 'quantitySeconds' | 'quantity' | 'runs'>>,
): ResourceUsage => ({
  resourceId,
  meter,
  dimensions: {},
  seconds: '0',
  quantitySeconds: '0',
  quantity: '0',
  runs: 0,
  runShares: [],
  ...figures,
});

const percentile: Price = {
  id: 'transit',
  meter: TRANSIT,
  dimensionsFilter: {},
  groupBy: [],
  unitLabel: 'Mbps',
  model: { type: 'percentile', unitPrice: '2.00', rateDivisor: '125000' },
};

describe('backfillBurstUsage: counters', () => {
  seq = 0;
  // 10 MB at 100 s (interval 0), 20 MB at 400 s (1), 30 MB at 700 s (2).
  const ledger = [counter(100, 10 * MB), counter(400, 20 * MB), counter(700, 30 * MB)];
  const summary = [bare('port-1', TRANSIT, { quantity: String(60 * MB) })];
  const cases: [string, number | null, number, ResourceUsage['burst'], string][] = [
    [
      'all three counters, closed period',
      null,
      PERIOD.endMs,
      {
        startMs: START,
        untilMs: PERIOD.endMs,
        segments: [],
        intervals: { '0': '10000000', '1': '20000000', '2': '30000000' },
      },
      '60000000',
    ],
    [
      'up to sequence 2: the third counter is not in the usage yet',
      2,
      PERIOD.endMs,
      {
        startMs: START,
        untilMs: PERIOD.endMs,
        segments: [],
        intervals: { '0': '10000000', '1': '20000000' },
      },
      '30000000',
    ],
    [
      'live, 500 s into the period: counted until then',
      null,
      START + 500 * S,
      {
        startMs: START,
        untilMs: START + 500 * S,
        segments: [],
        intervals: { '0': '10000000', '1': '20000000', '2': '30000000' },
      },
      '60000000',
    ],
  ];
  test.each(cases)('%s', (_name, upToSequence, asOfMs, burst, quantity) => {
    const [group, ...rest] = backfillBurstUsage(summary, {
      burstMeters: [TRANSIT],
      events: ledger,
      period: PERIOD,
      upToSequence,
      asOfMs,
    });
    expect(rest).toEqual([]);
    expect(group).toEqual({
      ...bare('port-1', TRANSIT, { quantity }),
      burst,
    });
  });

  test('a 95th percentile rates the backfilled intervals; without them it cannot', () => {
    // 3 intervals, ceil(3 x 0.95) = 3 kept, 0 dropped: the highest, 30 MB in 300 s =
    // 100,000 B/s = 0.8 Mbps (/ 125,000); x 2.00 = 1.60.
    const rate = (groups: readonly ResourceUsage[]) =>
      ratePeriod({ currency: 'EUR', prices: [percentile], usage: usageGroupsOf(groups) });
    expect(() => rate(summary)).toThrow(/needs the counter's intervals/);
    const backfilled = backfillBurstUsage(summary, {
      burstMeters: [TRANSIT],
      events: ledger,
      period: PERIOD,
      upToSequence: null,
      asOfMs: PERIOD.endMs,
    });
    expect(rate(backfilled).lines.map((line) => [line.quantity, line.unit, line.amount])).toEqual([
      ['0.8', 'Mbps (95th percentile of 3 x 300 s intervals, 0 dropped)', '1.60'],
    ]);
  });
});

test('a counter lands in the interval of its timestamp: 299.999 s in 0, 300 s in 1, 899 s in 2', () => {
  seq = 0;
  const ledger = [
    event('usage.recorded', 299.999, 'port-1', TRANSIT, '1'),
    counter(300, 2),
    counter(899, 4),
    counter(899.5, 8),
  ];
  const [group] = backfillBurstUsage([bare('port-1', TRANSIT, { quantity: '15' })], {
    burstMeters: [TRANSIT],
    events: ledger,
    period: PERIOD,
    upToSequence: null,
    asOfMs: PERIOD.endMs,
  });
  expect(group?.burst?.intervals).toEqual({ '0': '1', '1': '2', '2': '12' });
});

test('lifecycle segments of a peak meter: runs at their instants, shares and detail', () => {
  seq = 0;
  // vm-a 4 vCPU [0, 30 s); vm-b 2 vCPU from 20 s, still running at 600 s (live).
  const ledger = [
    event('resource.started', 0, 'vm-a', VCPU, '4'),
    event('resource.started', 20, 'vm-b', VCPU, '2'),
    event('resource.stopped', 30, 'vm-a', VCPU),
  ];
  const asOfMs = START + 600 * S;
  const usage = [
    bare('vm-a', VCPU, { seconds: '30', quantitySeconds: '120', runs: 1 }),
    bare('vm-b', VCPU, { seconds: '580', quantitySeconds: '1160', runs: 1 }),
  ];
  expect(
    backfillBurstUsage(usage, {
      burstMeters: [VCPU],
      events: ledger,
      period: PERIOD,
      upToSequence: null,
      asOfMs,
    }),
  ).toEqual([
    {
      ...usage[0],
      runShares: [{ durationMs: 30 * S, quantity: '4' }],
      burst: {
        startMs: START,
        untilMs: asOfMs,
        segments: [{ fromMs: START, toMs: START + 30 * S, quantity: '4' }],
        intervals: {},
      },
    },
    {
      ...usage[1],
      runShares: [{ durationMs: 580 * S, quantity: '2' }],
      burst: {
        startMs: START,
        untilMs: asOfMs,
        segments: [{ fromMs: START + 20 * S, toMs: asOfMs, quantity: '2' }],
        intervals: {},
      },
    },
  ]);
});

test('only the meters lacking detail are replaced: other groups are the same objects', () => {
  seq = 0;
  const ledger = [
    counter(100, 5),
    // Another meter and a counter of the period before: neither is metered again.
    counter(50, 7, 'vm-1', 'compute.other'),
    counter(-10, 9),
  ];
  const other = bare('vm-1', 'compute.other', { quantity: '7' });
  const withDetail: ResourceUsage = {
    ...bare('vm-2', VCPU, { seconds: '1', quantitySeconds: '1', runs: 1 }),
    burst: { startMs: START, untilMs: PERIOD.endMs, segments: [], intervals: {} },
  };
  const usage = [bare('port-1', TRANSIT, { quantity: '5' }), other, withDetail];
  const result = backfillBurstUsage(usage, {
    burstMeters: [VCPU, TRANSIT],
    events: ledger,
    period: PERIOD,
    upToSequence: null,
    asOfMs: PERIOD.endMs,
  });
  expect(result.map((group) => [group.resourceId, group.burst?.intervals ?? null])).toEqual([
    ['port-1', { '0': '5' }],
    ['vm-1', null],
    ['vm-2', {}],
  ]);
  expect(result[1]).toBe(other);
  expect(result[2]).toBe(withDetail);
});

test('nothing lacking detail: the very same usage', () => {
  const usage = [bare('vm-1', 'compute.other', { quantity: '7' })];
  const events = [counter(100, 1, 'vm-1', 'compute.other')];
  const input = { events, period: PERIOD, upToSequence: null, asOfMs: PERIOD.endMs };
  expect(backfillBurstUsage(usage, { ...input, burstMeters: [] })).toBe(usage);
  expect(backfillBurstUsage(usage, { ...input, burstMeters: [TRANSIT] })).toBe(usage);
});

test.each([
  ['no burst meters', [], [], []],
  ['a burst meter without usage', [TRANSIT], [], []],
  ['a group without detail', [TRANSIT, VCPU], [bare('p', TRANSIT, {})], [TRANSIT]],
  [
    'a group with detail',
    [TRANSIT],
    [{ ...bare('p', TRANSIT, {}), burst: { startMs: 0, untilMs: 0, segments: [], intervals: {} } }],
    [],
  ],
  ['a meter not priced by burst', [VCPU], [bare('p', TRANSIT, {})], []],
] as [string, string[], ResourceUsage[], string[]][])(
  'metersLackingBurst: %s',
  (_name, burstMeters, groups, expected) => {
    expect(metersLackingBurst(groups, burstMeters)).toEqual(expected);
  },
);

/** A late counter of port-1 (150 units in interval 2 when `intervals`), as a summary reports it. */
const lateOf = (meter: string, intervals?: Record<string, string>): LateUsage => ({
  periodStartMs: START,
  resourceId: 'port-1',
  meter,
  dimensions: {},
  quantity: '150',
  ...(intervals ? { intervals } : {}),
});

test.each([
  ['no late counters', [TRANSIT], [], []],
  ['with its interval table', [TRANSIT], [lateOf(TRANSIT, { '2': '150' })], []],
  [
    'without one (reported by a cycle on a plan without the percentile)',
    [TRANSIT, VCPU],
    [lateOf(TRANSIT, { '2': '150' }), lateOf(TRANSIT)],
    [TRANSIT],
  ],
  ['a meter the period did not price by burst', [VCPU], [lateOf(TRANSIT)], []],
] as [string, string[], LateUsage[], string[]][])(
  'lateMetersLackingIntervals: %s',
  (_name, burstMeters, late, expected) => {
    expect(lateMetersLackingIntervals(late, burstMeters)).toEqual(expected);
  },
);

test('remeterPeriod without options meters as before: no burst detail', () => {
  seq = 0;
  const [group] = remeterPeriod([counter(100, 5)], PERIOD, () => START);
  expect(group).toEqual(bare('port-1', TRANSIT, { quantity: '5' }));
});
