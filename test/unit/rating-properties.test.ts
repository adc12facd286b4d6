import fc from 'fast-check';
import { Decimal, millisToSeconds } from '../../domain/decimal';
import type { Dimensions } from '../../domain/events';
import { currencyExponent, sumDecimals } from '../../domain/money';
import {
  ratePeriod,
  type Price,
  type RatedLine,
  type UsageGroup,
  type UsageRun,
} from '../../domain/rating';
import { propertyRuns } from '../support/property-runs';

const H = 3_600_000;
const RESOURCES = ['a', 'b', 'c', 'd'];
const METERS = ['compute.vm', 'storage.volume', 'network.egress', 'compute.gpu'];
const DIMENSIONS: Dimensions[] = [
  {},
  { region: 'fsn1' },
  { region: 'hel1' },
  { region: 'fsn1', size: 'cx22' },
  { region: 'hel1', size: 'cx32' },
];
const CURRENCIES = ['EUR', 'JPY', 'KWD'];

/** Every model, overlapping filters, free allowances and groupBy; compute.gpu matches none. */
const ALL_PRICES: Price[] = [
  {
    id: 'vm-fsn1',
    meter: 'compute.vm',
    dimensionsFilter: { region: 'fsn1' },
    groupBy: ['region'],
    model: {
      type: 'run_time',
      unit: 'hour',
      unitPrice: '0.0066',
      minimumSeconds: 60,
      roundingIncrementSeconds: 60,
      minimumAmount: '0.0001',
      periodCapAmount: '0.02',
    },
  },
  {
    id: 'vm',
    meter: 'compute.vm',
    dimensionsFilter: {},
    freeUnits: '3',
    model: { type: 'run_time', unit: 'minute', unitPrice: '0.0007', minimumSeconds: 60 },
  },
  {
    id: 'vm-cx22',
    meter: 'compute.vm',
    dimensionsFilter: { size: 'cx22' },
    groupBy: [],
    model: {
      type: 'package',
      measure: 'seconds',
      unit: 'hour',
      packageSize: '2',
      packagePrice: '0.5',
    },
  },
  {
    id: 'storage',
    meter: 'storage.volume',
    dimensionsFilter: {},
    groupBy: ['region'],
    unitLabel: 'GB-month',
    model: {
      type: 'graduated',
      measure: 'quantitySeconds',
      unit: 'month',
      tiers: [
        { upTo: '0.001', unitPrice: '0.10', flatPrice: '0.01' },
        { upTo: '0.01', unitPrice: '0.05' },
        { upTo: null, unitPrice: '0.03' },
      ],
    },
  },
  {
    id: 'storage-hel1',
    meter: 'storage.volume',
    dimensionsFilter: { region: 'hel1' },
    model: {
      type: 'volume',
      measure: 'quantitySeconds',
      unit: 'hour',
      tiers: [
        { upTo: '1', unitPrice: '0.0002' },
        { upTo: null, unitPrice: '0.0001', flatPrice: '0.001' },
      ],
    },
  },
  {
    id: 'storage-cx22',
    meter: 'storage.volume',
    dimensionsFilter: { size: 'cx22' },
    model: { type: 'quantity_time', unit: 'month', unitPrice: '0.044' },
  },
  {
    id: 'egress',
    meter: 'network.egress',
    dimensionsFilter: {},
    groupBy: [],
    freeUnits: '0.5',
    model: { type: 'counter', unitPrice: '0.09', unitDivisor: '1000000000' },
  },
  {
    id: 'egress-fsn1',
    meter: 'network.egress',
    dimensionsFilter: { region: 'fsn1' },
    model: { type: 'counter', unitPrice: '0.01', unitDivisor: '1073741824' },
  },
];

interface Draft {
  resourceId: string;
  meter: string;
  dimensions: Dimensions;
  runs: UsageRun[];
  quantity: string;
}

/** Seconds and quantity-seconds follow from the runs, as the metering summary reports them. */
function toUsage(draft: Draft): UsageGroup {
  const millis = draft.runs.reduce((sum, run) => sum + run.durationMs, 0);
  const quantityMillis = sumDecimals(
    draft.runs.map((r) => new Decimal(r.quantity).times(r.durationMs)),
  );
  return {
    resourceId: draft.resourceId,
    meter: draft.meter,
    dimensions: draft.dimensions,
    seconds: millisToSeconds(millis),
    quantitySeconds: millisToSeconds(quantityMillis),
    quantity: draft.quantity,
    runs: draft.runs,
  };
}

const runArb: fc.Arbitrary<UsageRun> = fc
  .record({
    durationMs: fc.oneof(
      fc.constantFrom(0, 7_000, 60_000, 61_000, 100_000, 583 * H),
      fc.integer({ min: 0, max: 30 * H }),
    ),
    quantity: fc.constantFrom('1', '2.5', '100', '0.001'),
    priorMs: fc.option(fc.integer({ min: 0, max: 2 * H }), { nil: undefined }),
  })
  .map(({ priorMs, ...run }) => (priorMs === undefined ? run : { ...run, priorMs }));

/** A non-negative decimal quantity such as bytes: up to 10^12 with up to 3 decimals. */
const quantityArb = fc
  .tuple(fc.integer({ min: 0, max: 1_000_000_000_000 }), fc.integer({ min: 0, max: 3 }))
  .map(([n, scale]) => new Decimal(n).div(10 ** scale).toFixed());

const draftArb: fc.Arbitrary<Draft> = fc.record({
  resourceId: fc.constantFrom(...RESOURCES),
  meter: fc.constantFrom(...METERS),
  dimensions: fc.constantFrom(...DIMENSIONS),
  runs: fc.array(runArb, { maxLength: 6 }),
  quantity: quantityArb,
});

const draftsArb = fc.uniqueArray(draftArb, {
  maxLength: 14,
  selector: (d) => JSON.stringify([d.resourceId, d.meter, d.dimensions]),
});

/** A deterministic permutation from a seed (Fisher-Yates with an LCG). */
function shuffle<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let state = seed >>> 0;
  for (let i = out.length - 1; i > 0; i -= 1) {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

const compareRuns = (x: UsageRun, y: UsageRun): number =>
  x.durationMs - y.durationMs ||
  (x.priorMs ?? -1) - (y.priorMs ?? -1) ||
  (x.quantity < y.quantity ? -1 : x.quantity > y.quantity ? 1 : 0);

/** Exact sums: far more digits than any sum of 50-digit amounts needs. */
const Exact = Decimal.clone({ precision: 200 });

describe('rating properties', () => {
  it('does not depend on the order of the usage groups, of their runs, or of the prices', () => {
    fc.assert(
      fc.property(
        draftsArb,
        fc.constantFrom(...CURRENCIES),
        fc.integer(),
        (drafts, currency, seed) => {
          const usage = drafts.map(toUsage);
          const shuffled = shuffle(usage, seed).map((group, i) => ({
            ...group,
            runs: shuffle(group.runs, seed + i),
          }));
          const prices = shuffle(ALL_PRICES, seed ^ 0x5bd1e995);
          const shuffledResult = ratePeriod({ currency, prices, usage: shuffled });
          const result = ratePeriod({ currency, prices: ALL_PRICES, usage });
          expect(shuffledResult.lines).toEqual(result.lines);
          // Unmatched usage comes back as given (its runs in input order), in a fixed order.
          const canonical = (groups: UsageGroup[]): UsageGroup[] =>
            groups.map((g) => ({ ...g, runs: [...g.runs].sort(compareRuns) }));
          expect(canonical(shuffledResult.unmatched)).toEqual(canonical(result.unmatched));
        },
      ),
      propertyRuns(),
    );
  });

  it('keeps every usage group: rated in a line or returned unmatched', () => {
    fc.assert(
      fc.property(draftsArb, (drafts) => {
        const usage = drafts.map(toUsage);
        const { lines, unmatched } = ratePeriod({ currency: 'EUR', prices: ALL_PRICES, usage });
        const rated = new Set(lines.flatMap((l) => l.subLines.map((s) => s.resourceId)));
        for (const group of usage) {
          if (unmatched.includes(group)) continue;
          expect(rated.has(group.resourceId)).toBe(true);
        }
        expect(unmatched.every((g) => g.meter === 'compute.gpu')).toBe(true);
      }),
      propertyRuns(),
    );
  });

  it('adds the sub-lines up to the line, and rounds each line once', () => {
    fc.assert(
      fc.property(draftsArb, fc.constantFrom(...CURRENCIES), (drafts, currency) => {
        const { lines } = ratePeriod({ currency, prices: ALL_PRICES, usage: drafts.map(toUsage) });
        for (const line of lines) {
          const subs = line.subLines.map((s) => new Decimal(s.preciseAmount));
          expect(sumDecimals(subs).toFixed()).toEqual(line.preciseAmount);
          if (line.priceId !== 'vm-fsn1') {
            // Split lines (aggregate.ts) add up exactly, in any order, even at 200 digits.
            const exact = [...line.subLines]
              .reverse()
              .reduce((sum, s) => sum.plus(s.preciseAmount), new Exact(0));
            expect(exact.toFixed()).toEqual(new Exact(line.preciseAmount).toFixed());
          }
          const rounded = new Decimal(line.preciseAmount).toDecimalPlaces(
            currencyExponent(currency),
            Decimal.ROUND_HALF_UP,
          );
          expect(line.amount).toEqual(rounded.toFixed(currencyExponent(currency)));
        }
      }),
      propertyRuns(),
    );
  });
});

/**
 * Splitting a period's runs in two (each run cut at some instant, the second part carrying
 * `priorMs`) and rating each half changes a line's rated total by at most one minor unit:
 * each half is rounded once (at most half a unit off each), the precise amounts add up.
 *
 * This holds for linear prices only. It does not hold, by design, for:
 * - per-run minimums without `priorMs`: each half would pay a minimum (with `priorMs` they
 *   are kept, see the second property);
 * - caps: each half may reach the cap of a period;
 * - tiers: the price of a unit depends on the period's total (a volume price jumps);
 * - packages: each half rounds up to a whole package;
 * - free allowances: each period gets one.
 */
describe('splitting a period in two', () => {
  const LINEAR: Price[] = [
    {
      id: 'vm',
      meter: 'compute.vm',
      dimensionsFilter: {},
      model: { type: 'run_time', unit: 'hour', unitPrice: '0.0066' },
    },
    {
      id: 'storage',
      meter: 'storage.volume',
      dimensionsFilter: {},
      groupBy: ['region'],
      model: { type: 'quantity_time', unit: 'month', unitPrice: '0.044' },
    },
    {
      id: 'egress',
      meter: 'network.egress',
      dimensionsFilter: {},
      model: { type: 'counter', unitPrice: '0.09', unitDivisor: '1073741824' },
    },
  ];
  const MINIMUMS: Price[] = [
    {
      id: 'vm',
      meter: 'compute.vm',
      dimensionsFilter: {},
      model: {
        type: 'run_time',
        unit: 'minute',
        unitPrice: '0.0011',
        minimumSeconds: 60,
        roundingIncrementSeconds: 30,
        minimumAmount: '0.002',
      },
    },
  ];

  /** Each run cut at `fraction` of its time; the quantity cut in two as well. */
  const splitArb = fc.tuple(
    draftsArb,
    fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 100, maxLength: 100 }),
  );

  function halves(drafts: Draft[], fractions: number[]): [UsageGroup[], UsageGroup[]] {
    let k = 0;
    const first: UsageGroup[] = [];
    const second: UsageGroup[] = [];
    for (const draft of drafts) {
      const cuts = draft.runs.map((run) => {
        const at = Math.floor(run.durationMs * (fractions[k++ % fractions.length] ?? 0));
        const before: UsageRun = { ...run, durationMs: at };
        const after: UsageRun = {
          ...run,
          durationMs: run.durationMs - at,
          priorMs: (run.priorMs ?? 0) + at,
        };
        return [before, after] as const;
      });
      const quantity = new Decimal(draft.quantity);
      const firstQuantity = quantity
        .times(fractions[k++ % fractions.length] ?? 0)
        .toDecimalPlaces(3);
      first.push(
        toUsage({ ...draft, runs: cuts.map(([b]) => b), quantity: firstQuantity.toFixed() }),
      );
      second.push(
        toUsage({
          ...draft,
          runs: cuts.map(([, a]) => a),
          quantity: quantity.minus(firstQuantity).toFixed(),
        }),
      );
    }
    return [first, second];
  }

  function checkHalves(
    prices: Price[],
    drafts: Draft[],
    fractions: number[],
    currency: string,
  ): void {
    const [first, second] = halves(drafts, fractions);
    const rate = (usage: UsageGroup[]): Map<string, RatedLine> =>
      new Map(ratePeriod({ currency, prices, usage }).lines.map((l) => [l.lineId, l]));
    const whole = rate(drafts.map(toUsage));
    const a = rate(first);
    const b = rate(second);
    const minorUnit = new Decimal(10).pow(-currencyExponent(currency));
    for (const [lineId, line] of whole) {
      const [x, y] = [a.get(lineId)!, b.get(lineId)!];
      const amounts = new Decimal(x.amount).plus(y.amount).minus(line.amount).abs();
      expect(amounts.lte(minorUnit)).toBe(true);
      const precise = new Decimal(x.preciseAmount)
        .plus(y.preciseAmount)
        .minus(line.preciseAmount)
        .abs();
      expect(precise.lt('1e-30')).toBe(true);
    }
  }

  it('changes a linear line by at most one minor unit', () => {
    fc.assert(
      fc.property(splitArb, fc.constantFrom(...CURRENCIES), ([drafts, fractions], currency) =>
        checkHalves(LINEAR, drafts, fractions, currency),
      ),
      propertyRuns(),
    );
  });

  it('keeps per-run minimums and increments when the second half carries priorMs', () => {
    // Each run is billed as a whole: the first half pays the minimum, the second only the
    // excess (models/run-time.ts), so the split does not change the precise total.
    fc.assert(
      fc.property(splitArb, fc.constantFrom(...CURRENCIES), ([drafts, fractions], currency) =>
        checkHalves(MINIMUMS, drafts, fractions, currency),
      ),
      propertyRuns(),
    );
  });
});
