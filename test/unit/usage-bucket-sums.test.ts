import { addSeriesPieces, BucketSums, scalesOf, seriesPieces } from '../../domain/usage/pieces';
import { costKey, type PricedPeriod } from '../../domain/usage/price-usage';
import type { UsageSeries } from '../../domain/usage/series';
import { toScaled, toScaledNumber } from '../../domain/usage/scaled';

describe('toScaledNumber: toScaled as a plain number when it is exact', () => {
  test.each([
    ['2.5', 3, 2500],
    ['2.50', 3, 2500],
    ['-7', 0, -7],
    ['0.001', 3, 1],
    ['.5', 1, 5],
    ['4999999999', 0, 4_999_999_999],
    ['999999999999999', 0, 999_999_999_999_999], // 15 digits: exact
    ['99999999999.9999', 4, 999_999_999_999_999],
  ])('%s at scale %i is %i, as toScaled says', (decimal, scale, expected) => {
    expect(toScaledNumber(decimal, scale)).toBe(expected);
    expect(BigInt(expected)).toBe(toScaled(decimal, scale));
  });

  test.each([
    ['1000000000000000', 0], // 16 digits: maybe not exact as a number
    ['1', 15], // 10^15 at 16 digits
    ['1.2345', 3], // more decimals than the scale (toScaled throws)
  ])('%s at scale %i is left to bigints', (decimal, scale) => {
    expect(toScaledNumber(decimal, scale)).toBeNull();
  });
});

describe('BucketSums: exact sums per bucket', () => {
  test('cost steps, carries by power of ten and plain pieces add up per bucket', () => {
    // Three buckets. One series costs 5 per bucket in buckets 0-1 (a step of 5 from bucket 0,
    // back to 0 from bucket 2), with a carry of 10^0 in bucket 1; another costs 7 from
    // bucket 1 on with a carry of 10^21 in bucket 2; a plain piece of 3 lands in bucket 2.
    const sums = new BucketSums(3);
    sums.addCostStep(0, 5n);
    sums.addCostStep(2, -5n);
    sums.addCostUnit(1, 0);
    sums.addCostStep(1, 7n);
    sums.addCostStep(3, -7n);
    sums.addCostUnit(2, 21);
    sums.addCost(2, 3n);
    expect([sums.costAt(0), sums.costAt(1), sums.costAt(2)]).toEqual([
      5n,
      5n + 1n + 7n,
      7n + 10n ** 21n + 3n,
    ]);
    // Asked again from bucket 0: the same figures.
    expect([sums.costAt(0), sums.costAt(1), sums.costAt(2)]).toEqual([5n, 13n, 10n ** 21n + 10n]);
    expect(() => sums.costAt(1)).toThrow(RangeError);
  });

  test('quantities are numbers while safe, then exact bigints', () => {
    const sums = new BucketSums(2);
    sums.addQuantity(0, 3_600_000);
    sums.addQuantity(0, 1_800_000);
    expect(sums.bigQuantity).toBeNull();
    expect([...sums.quantity]).toEqual([5_400_000, 0]);
    expect([...sums.touched]).toEqual([1, 0]);
    sums.addQuantity(1, Number.MAX_SAFE_INTEGER);
    sums.addQuantity(1, 2);
    expect(sums.bigQuantity).toEqual([5_400_000n, BigInt(Number.MAX_SAFE_INTEGER) + 2n]);
    sums.addQuantity(0, 10n ** 20n);
    expect(sums.bigQuantity).toEqual([10n ** 20n + 5_400_000n, 9_007_199_254_740_993n]);
    expect([...sums.touched]).toEqual([1, 1]);
  });
});

describe('addSeriesPieces adds exactly the pieces seriesPieces returns', () => {
  const at = (text: string) => Date.parse(text);
  const NOV = { startMs: at('2026-11-01T00:00:00Z'), endMs: at('2026-12-01T00:00:00Z') };
  const segment = (from: string, to: string, quantity: string) => ({
    fromMs: at(from),
    toMs: at(to),
    quantity,
    dimensions: {},
    dimensionsKey: '[]',
    runStartMs: at(from),
  });
  const series = (resourceId: string, meter: string, segments: UsageSeries['segments']) => ({
    resourceId,
    meter,
    segments,
    counters: [],
    runStarts: [{ atMs: segments[0]?.fromMs ?? 0, dimensionsKey: '[]' }],
    openRunStartMs: null,
  });
  // A volume of 10^12 GB (its quantity-ms pass 2^52: the bigint path) whose amount has 45
  // decimals, so the cost scale is 45 and the VM's amount (30 decimals, safe weights: the
  // step path) is written with a factor of 10^15.
  const volume = series('vol-1', 'storage.volume', [
    segment('2026-11-02T10:30:00Z', '2026-11-03T01:15:00Z', '1000000000000'),
    segment('2026-11-03T01:15:00Z', '2026-11-04T00:00:00Z', '2.5'),
  ]);
  const vm = series('vm-1', 'compute.vm', [
    segment('2026-11-02T23:59:59Z', '2026-11-03T05:00:00.500Z', '1'),
  ]);
  const part = (amount: string, measure: 'seconds' | 'quantitySeconds') => [
    { lineId: `${measure}:[]`, amount, measure, dimensionsKeys: new Set(['[]']) },
  ];
  const period = {
    period: NOV,
    series: [volume, vm],
    costs: new Map([
      [costKey('vol-1', 'storage.volume'), part(`123.4567${'1'.repeat(41)}`, 'quantitySeconds')],
      [costKey('vm-1', 'compute.vm'), part('0.0331', 'seconds')],
    ]),
  } as unknown as PricedPeriod;
  const hours: number[] = [];
  for (let t = at('2026-11-02T00:00:00Z'); t <= at('2026-11-05T00:00:00Z'); t += 3_600_000) {
    hours.push(t);
  }

  test.each([
    ['the volume (bigint weights, an amount at the cost scale)', volume, 'quantitySeconds'],
    ['the VM (safe weights: steps and carries worth 10^15)', vm, 'seconds'],
  ] as const)('%s', (_name, s, measure) => {
    const scales = scalesOf([period]);
    expect(scales.cost).toBe(45);
    const pieces = seriesPieces(period, s, measure, hours, scales);
    const sums = new BucketSums(hours.length - 1);
    addSeriesPieces(sums, 0, period, s, measure, hours, scales);
    const costs = hours.slice(1).map((_, b) => sums.costAt(b));
    expect(costs).toEqual(pieces.cost);
    expect(costs.reduce((a, b) => a + b, 0n)).toBe(pieces.totalCost);
    const quantities = hours
      .slice(1)
      .map((_, b) => sums.bigQuantity?.[b] ?? BigInt(sums.quantity[b] as number));
    expect(quantities).toEqual(pieces.quantity.map((q) => BigInt(q)));
    expect(quantities.reduce((a, b) => a + b, 0n)).toBe(pieces.totalQuantity);
  });
});
