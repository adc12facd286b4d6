import { burstFiguresOf } from '../../domain/rating/burst-figures';
import type { Price, PriceModel, UsageGroup } from '../../domain/rating';

// The live burst figures (issue 12): what each rule makes of the usage so far, per usage
// group and per invoice line, hand-computed beside each case.

const S = 1_000;
const MIN = 60 * S;
const START = Date.UTC(2026, 10, 1);
const INTERVAL = 300 * S;

const price = (model: PriceModel, id = 'p'): Price => ({
  id,
  meter: 'm',
  dimensionsFilter: {},
  groupBy: [],
  model,
});

/** A resource held `quantity` over [fromMin, toMin) minutes after START, one share each. */
function held(
  resourceId: string,
  shares: [fromMin: number, toMin: number, quantity: string][],
  dimensions: Record<string, string> = {},
): UsageGroup {
  const runs = shares.map(([from, to, quantity]) => ({ durationMs: (to - from) * MIN, quantity }));
  const ms = runs.reduce((sum, run) => sum + run.durationMs, 0);
  const quantityMs = runs.reduce((sum, run) => sum + run.durationMs * Number(run.quantity), 0);
  return {
    resourceId,
    meter: 'm',
    dimensions,
    seconds: String(ms / 1000),
    quantitySeconds: String(quantityMs / 1000),
    quantity: '0',
    runs,
    burst: {
      startMs: START,
      untilMs: START + 60 * MIN,
      segments: shares.map(([from, to, quantity]) => ({
        fromMs: START + from * MIN,
        toMs: START + to * MIN,
        quantity,
      })),
      intervals: {},
    },
  };
}

/** Bytes in one 300 s interval at `mbps` (1 Mbps = 125,000 bytes/s). */
const bytes = (mbps: number): string => String(mbps * 125_000 * 300);

/** A port's counters per 300 s interval, 20 intervals elapsed (100 minutes). */
function port(resourceId: string, mbpsByInterval: Record<number, number>): UsageGroup {
  const intervals = Object.fromEntries(
    Object.entries(mbpsByInterval).map(([index, mbps]) => [index, bytes(mbps)]),
  );
  const total = Object.values(mbpsByInterval).reduce((sum, mbps) => sum + mbps * 37_500_000, 0);
  return {
    resourceId,
    meter: 'm',
    dimensions: {},
    seconds: '0',
    quantitySeconds: '0',
    quantity: String(total),
    runs: [],
    burst: { startMs: START, untilMs: START + 20 * INTERVAL, segments: [], intervals },
  };
}

const transit = (scope?: 'resource' | 'account') =>
  price({
    type: 'percentile',
    unitPrice: '2.00',
    rateDivisor: '125000',
    ...(scope ? { scope } : {}),
  });

// 20 intervals elapsed, p 95: ceil(20 x 0.95) = 19 kept, the top 1 dropped.
// port-1: interval 3 at 900 Mbps (dropped), interval 5 at 100 -> own rate 100.
// port-2: interval 3 at 50 (dropped), interval 7 at 30 -> own rate 30.
// Account: interval 3 = 950 (dropped), 5 = 100, 7 = 30 -> interval 5 billed: 100 + 0.
const ports = [port('port-1', { 3: 900, 5: 100 }), port('port-2', { 3: 50, 7: 30 })];
const percentileOf = (rate: string, scope: string) => ({
  rule: 'percentile',
  priceId: 'p',
  scope,
  percentile: 95,
  intervalSeconds: 300,
  rate,
  intervals: 20,
  dropped: 1,
});

const cases: {
  name: string;
  prices: Price[];
  usage: UsageGroup[];
  groups: unknown[];
  lines: unknown[];
}[] = [
  {
    // Issue 12: baseline 0.5; 1 h at 0.5, 30 min at 2, 30 min at 1 -> 0 + 1.5 x 1,800 +
    // 0.5 x 1,800 = 3,600.
    name: 'baseline: the issue example',
    prices: [price({ type: 'quantity_time', unit: 'hour', unitPrice: '0.04', baseline: '0.5' })],
    usage: [
      held('vm-1', [
        [0, 60, '0.5'],
        [60, 90, '2'],
        [90, 120, '1'],
      ]),
    ],
    groups: [{ rule: 'baseline', priceId: 'p', baseline: '0.5', overageQuantitySeconds: '3600' }],
    lines: [
      {
        rule: 'baseline',
        priceId: 'p',
        baseline: '0.5',
        overageQuantitySeconds: '3600',
        meter: 'm',
        dimensions: {},
      },
    ],
  },
  {
    // vm-2 has its own baseline 1 (dimension): 30 min at 2 -> 1,800. The line adds them up:
    // 3,600 + 1,800 = 5,400 (its baseline says the price's, 0.5).
    name: 'baseline from a dimension, resources added up in the line',
    prices: [
      price({
        type: 'quantity_time',
        unit: 'hour',
        unitPrice: '0.04',
        baseline: '0.5',
        baselineDimension: 'baseline',
      }),
    ],
    usage: [
      held('vm-1', [
        [0, 60, '0.5'],
        [60, 90, '2'],
        [90, 120, '1'],
      ]),
      held('vm-2', [[0, 30, '2']], { baseline: '1' }),
    ],
    groups: [
      { rule: 'baseline', priceId: 'p', baseline: '0.5', overageQuantitySeconds: '3600' },
      { rule: 'baseline', priceId: 'p', baseline: '1', overageQuantitySeconds: '1800' },
    ],
    lines: [
      {
        rule: 'baseline',
        priceId: 'p',
        baseline: '0.5',
        overageQuantitySeconds: '5400',
        meter: 'm',
        dimensions: {},
      },
    ],
  },
  {
    // ctr-a 4 over [0, 20) min, ctr-b 2 over [10, 30): account peak 6 from minute 10; each
    // one's own peak: 4 from minute 0, 2 from minute 10. ctr-c stops at 40 when ctr-d starts
    // (half-open): 3 and 3 never add up.
    name: 'peak, account scope: the running peak and its instant',
    prices: [price({ type: 'peak', unitPrice: '1.50' })],
    usage: [
      held('ctr-a', [[0, 20, '4']]),
      held('ctr-b', [[10, 30, '2']]),
      held('ctr-c', [[35, 40, '3']]),
      held('ctr-d', [[40, 50, '3']]),
    ],
    groups: [
      { rule: 'peak', priceId: 'p', scope: 'resource', peak: '4', peakAtMs: START },
      { rule: 'peak', priceId: 'p', scope: 'resource', peak: '2', peakAtMs: START + 10 * MIN },
      { rule: 'peak', priceId: 'p', scope: 'resource', peak: '3', peakAtMs: START + 35 * MIN },
      { rule: 'peak', priceId: 'p', scope: 'resource', peak: '3', peakAtMs: START + 40 * MIN },
    ],
    lines: [
      {
        rule: 'peak',
        priceId: 'p',
        scope: 'account',
        peak: '6',
        peakAtMs: START + 10 * MIN,
        meter: 'm',
        dimensions: {},
      },
    ],
  },
  {
    // Per resource: 4 + 2 = 6, at several instants (null). A resize 1 -> 5 -> 2: own peak 5.
    name: 'peak, resource scope: own peaks added up, a resize inside',
    prices: [price({ type: 'peak', unitPrice: '1.50', scope: 'resource' })],
    usage: [
      held('ctr-a', [[0, 20, '4']]),
      held('vm-1', [
        [0, 5, '1'],
        [5, 15, '5'],
        [15, 30, '2'],
      ]),
    ],
    groups: [
      { rule: 'peak', priceId: 'p', scope: 'resource', peak: '4', peakAtMs: START },
      { rule: 'peak', priceId: 'p', scope: 'resource', peak: '5', peakAtMs: START + 5 * MIN },
    ],
    lines: [
      {
        rule: 'peak',
        priceId: 'p',
        scope: 'resource',
        peak: '9',
        peakAtMs: null,
        meter: 'm',
        dimensions: {},
      },
    ],
  },
  {
    name: 'percentile, resource scope (default): own running percentiles, 1 of 20 dropped',
    prices: [transit()],
    usage: ports,
    groups: [percentileOf('100', 'resource'), percentileOf('30', 'resource')],
    lines: [{ ...percentileOf('130', 'resource'), meter: 'm', dimensions: {} }],
  },
  {
    name: 'percentile, account scope: the summed intervals, 950 dropped, 100 billed',
    prices: [transit('account')],
    usage: ports,
    groups: [percentileOf('100', 'resource'), percentileOf('30', 'resource')],
    lines: [{ ...percentileOf('100', 'account'), meter: 'm', dimensions: {} }],
  },
  {
    // 20 intervals, p 90: ceil(18) = 18 kept, 2 dropped; port-1 has traffic in 2 -> 0.
    name: 'percentile: everything dropped bills 0',
    prices: [price({ type: 'percentile', unitPrice: '2', rateDivisor: '125000', percentile: 90 })],
    usage: [ports[0] as UsageGroup],
    groups: [{ ...percentileOf('0', 'resource'), percentile: 90, dropped: 2 }],
    lines: [
      { ...percentileOf('0', 'resource'), percentile: 90, dropped: 2, meter: 'm', dimensions: {} },
    ],
  },
  {
    name: 'plain models and unmatched usage have no figures',
    prices: [
      price({ type: 'quantity_time', unit: 'hour', unitPrice: '0.04' }),
      { ...price({ type: 'run_time', unit: 'hour', unitPrice: '1' }, 'r'), meter: 'other' },
    ],
    usage: [held('vm-1', [[0, 60, '2']]), { ...held('x', [[0, 1, '1']]), meter: 'unpriced' }],
    groups: [null, null],
    lines: [],
  },
];

test.each(cases)('$name', ({ prices, usage, groups, lines }) => {
  expect(burstFiguresOf(prices, usage)).toEqual({ groups, lines });
});

test('lines follow the price groupBy: one figure per line, sorted by price and dimensions', () => {
  const byRegion: Price = { ...price({ type: 'peak', unitPrice: '1' }), groupBy: ['region'] };
  // fsn1: 2 + 3 overlapping -> 5 from minute 10; nbg1: 7 alone from minute 0.
  const usage = [
    held('a', [[0, 20, '2']], { region: 'fsn1' }),
    held('b', [[10, 30, '3']], { region: 'fsn1' }),
    held('c', [[0, 5, '7']], { region: 'nbg1' }),
  ];
  expect(
    burstFiguresOf([byRegion], usage).lines.map((l) => [
      l.dimensions,
      l.rule === 'peak' ? [l.peak, l.peakAtMs] : null,
    ]),
  ).toEqual([
    [{ region: 'fsn1' }, ['5', START + 10 * MIN]],
    [{ region: 'nbg1' }, ['7', START]],
  ]);
});

test('groups: false gives the same lines and no group figures', () => {
  const all = burstFiguresOf([transit('account')], ports);
  expect(burstFiguresOf([transit('account')], ports, { groups: false })).toEqual({
    groups: [null, null],
    lines: all.lines,
  });
  expect(all.lines).toHaveLength(1);
});
