import fc from 'fast-check';
import { Decimal, millisToSeconds, toDecimalString } from '../../domain/decimal';
import {
  ratePeriod,
  type BurstSegment,
  type Price,
  type PriceModel,
  type RatedLine,
  type UsageGroup,
} from '../../domain/rating';
import { propertyRuns } from '../support/property-runs';

// Properties of the burst models (issue 12). Usage is built consistent, as metering reports
// it: runs add up to `seconds`, quantity x time adds up to `quantitySeconds`, and a resource's
// segments do not overlap.

const H = 3_600_000;
const PERIOD_START = Date.UTC(2026, 10, 1);
const RESOURCES = ['a', 'b', 'c', 'd', 'e'];
const QUANTITIES = ['0', '0.5', '1', '2', '4', '0.125', '16'];

function rate(model: PriceModel, usage: UsageGroup[], extra: Partial<Price> = {}): RatedLine[] {
  const price: Price = { id: 'p', meter: 'm', dimensionsFilter: {}, groupBy: [], model, ...extra };
  return ratePeriod({ currency: 'EUR', prices: [price], usage }).lines;
}

/** One resource's usage from its back-to-back segments: [gap before, duration, quantity]. */
function groupOf(resourceId: string, pieces: [number, number, string][]): UsageGroup {
  let atMs = PERIOD_START;
  const segments: BurstSegment[] = [];
  for (const [gapMs, durationMs, quantity] of pieces) {
    atMs += gapMs;
    segments.push({ fromMs: atMs, toMs: atMs + durationMs, quantity });
    atMs += durationMs;
  }
  const millis = segments.reduce((sum, s) => sum + (s.toMs - s.fromMs), 0);
  const quantityMillis = segments.reduce(
    (sum, s) => sum.plus(new Decimal(s.quantity).times(s.toMs - s.fromMs)),
    new Decimal(0),
  );
  return {
    resourceId,
    meter: 'm',
    dimensions: {},
    seconds: millisToSeconds(millis),
    quantitySeconds: millisToSeconds(quantityMillis),
    quantity: '0',
    runs: segments.map((s) => ({ durationMs: s.toMs - s.fromMs, quantity: s.quantity })),
    burst: { startMs: PERIOD_START, untilMs: PERIOD_START + 720 * H, segments, intervals: {} },
  };
}

const piecesArb = fc.array(
  fc.tuple(
    fc.integer({ min: 0, max: 5 * H }),
    fc.oneof(fc.constantFrom(0, 1, 1_000, H), fc.integer({ min: 0, max: 10 * H })),
    fc.constantFrom(...QUANTITIES),
  ),
  { maxLength: 5 },
);
const usageArb = fc
  .uniqueArray(fc.constantFrom(...RESOURCES), { minLength: 1, maxLength: RESOURCES.length })
  .chain((ids) => fc.tuple(...ids.map((id) => piecesArb.map((pieces) => groupOf(id, pieces)))));

const money = (line: RatedLine) => ({
  quantity: line.quantity,
  preciseAmount: line.preciseAmount,
  amount: line.amount,
  subLines: line.subLines,
});

test('a baseline of 0 bills exactly plain quantity-time', () => {
  fc.assert(
    fc.property(
      usageArb,
      fc.constantFrom('second', 'hour', 'month'),
      fc.constantFrom('0.04', '0.0066', '1'),
      fc.option(fc.constantFrom('0', '1', '1000'), { nil: undefined }),
      (usage, unit, unitPrice, freeUnits) => {
        const plain: PriceModel = { type: 'quantity_time', unit, unitPrice };
        const extra = freeUnits === undefined ? {} : { freeUnits };
        const withBaseline = rate({ ...plain, baseline: '0' }, usage, extra);
        const without = rate(plain, usage, extra);
        expect(withBaseline.map(money)).toEqual(without.map(money));
        expect(withBaseline.map((l) => l.unit)).toEqual(
          without.map((l) => `${l.unit} (above baseline 0)`),
        );
      },
    ),
    propertyRuns(200),
  );
});

test("the peak is at least every single resource's maximum, and at most their sum", () => {
  fc.assert(
    fc.property(usageArb, (usage) => {
      const [line] = rate({ type: 'peak', unitPrice: '1', scope: 'account' }, usage);
      const peak = new Decimal(line?.quantity ?? '0');
      const maxima = usage.map((group) =>
        group.runs
          .filter((run) => run.durationMs > 0)
          .reduce((max, run) => Decimal.max(max, run.quantity), new Decimal(0)),
      );
      for (const max of maxima) expect(peak.gte(max)).toBe(true);
      const sum = maxima.reduce((acc, m) => acc.plus(m), new Decimal(0));
      expect(peak.lte(sum)).toBe(true);
      // Per resource, the peak is exactly that sum.
      const [perResource] = rate({ type: 'peak', unitPrice: '1', scope: 'resource' }, usage);
      expect(perResource?.quantity ?? '0').toEqual(toDecimalString(sum));
    }),
    propertyRuns(200),
  );
});

/** A counter of one port: `count` 300 s intervals elapsed, traffic in some of them. */
function counterGroup(resourceId: string, count: number, table: [number, number][]): UsageGroup {
  const intervals: Record<string, string> = {};
  for (const [index, quantity] of table) {
    // Two entries of one interval add up (the bumped one lands on an existing interval).
    const key = String(index);
    if (index < count && quantity > 0)
      intervals[key] = toDecimalString(new Decimal(intervals[key] ?? '0').plus(quantity));
  }
  const total = Object.values(intervals).reduce((sum, q) => sum.plus(q), new Decimal(0));
  return {
    resourceId,
    meter: 'm',
    dimensions: {},
    seconds: '0',
    quantitySeconds: '0',
    quantity: toDecimalString(total),
    runs: [],
    burst: {
      startMs: PERIOD_START,
      untilMs: PERIOD_START + count * 300_000,
      segments: [],
      intervals,
    },
  };
}

test("the percentile is monotone in every interval's rate", () => {
  const tableArb = fc.array(
    fc.tuple(fc.integer({ min: 0, max: 299 }), fc.integer({ min: 0, max: 1_000_000 })),
    { maxLength: 60 },
  );
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 300 }),
      fc.array(tableArb, { minLength: 1, maxLength: 3 }),
      fc.constantFrom(50, 90, 95, 99, 99.5, 100),
      fc.constantFrom(300, 600, 900),
      fc.constantFrom<'resource' | 'account'>('resource', 'account'),
      fc.integer({ min: 0, max: 299 }),
      fc.integer({ min: 1, max: 1_000_000 }),
      (count, tables, percentile, intervalSeconds, scope, bumped, extra) => {
        const model: PriceModel = {
          type: 'percentile',
          unitPrice: '2',
          percentile,
          intervalSeconds,
          rateDivisor: '125000',
          scope,
        };
        const before = tables.map((t, i) => counterGroup(RESOURCES[i] as string, count, t));
        const after = tables.map((t, i) =>
          counterGroup(RESOURCES[i] as string, count, i === 0 ? [...t, [bumped, extra]] : t),
        );
        const amount = (usage: UsageGroup[]) =>
          new Decimal(rate(model, usage)[0]?.preciseAmount ?? '0');
        expect(amount(after).gte(amount(before))).toBe(true);
      },
    ),
    propertyRuns(200),
  );
});
