import type { Measure } from '../rating/types';
import { costCurve, curveScale } from './cost-curve';
import { cumulativeAt, runStartsAt } from './cumulative';
import { costKey, type PricedPeriod } from './price-usage';
import { decimalsOf, pow10, toScaled } from './scaled';
import type { UsageSeries } from './series';

/** Fixed-point scales of one answer, so values of different resources add up directly. */
export interface Scales {
  /** Decimals of the quantities (in the series' measures). */
  quantity: number;
  /** Decimals of quantity-milliseconds and counted units before conversion. */
  quantityDecimals: number;
  /** Decimals of costs. */
  cost: number;
}

/**
 * The scales that hold every value of these periods exactly: quantities count milliseconds
 * (3 decimals of a second) times the quantities' own decimals, costs 30 decimals or more
 * (cost-curve.ts).
 */
export function scalesOf(periods: readonly PricedPeriod[]): Scales {
  let quantityDecimals = 0;
  let cost = 30;
  for (const period of periods) {
    for (const series of period.series) {
      for (const s of series.segments) {
        quantityDecimals = Math.max(quantityDecimals, decimalsOf(s.quantity));
      }
      for (const c of series.counters) {
        quantityDecimals = Math.max(quantityDecimals, decimalsOf(c.quantity));
      }
    }
    for (const parts of period.costs.values()) {
      for (const part of parts) cost = Math.max(cost, curveScale(part.amount));
    }
  }
  return { quantity: quantityDecimals + 3, quantityDecimals, cost };
}

/**
 * Usage per stretch, at `Scales.quantity` decimals: plain numbers while every value is a safe
 * integer (run milliseconds always are), bigints beyond (quantities in bytes x a month).
 */
export type Quantities = number[] | bigint[];

/**
 * One series between consecutive instants `points` (inside its period): the usage of each
 * stretch in `measure` (seconds, unit-seconds or units), and its cost at `scales.cost`
 * decimals (null when no price rated it). Costs are each sub-line's precise amount laid along
 * its own usage (cost-curve.ts), so the stretches of the whole period add up to the invoice's
 * amounts for the resource. A stretch without usage costs nothing and is not computed.
 */
export function seriesPieces(
  period: PricedPeriod,
  series: UsageSeries,
  measure: Measure,
  points: readonly number[],
  scales: Scales,
): {
  quantity: Quantities;
  cost: bigint[] | null;
  totalQuantity: bigint;
  totalCost: bigint | null;
} {
  const n = points.length - 1;
  const usage = cumulativeAt(series, measure, points, scales.quantityDecimals);
  // Run time counts milliseconds; the others carry the quantities' decimals already.
  const shift = measure === 'quantity' ? 3 : measure === 'seconds' ? scales.quantityDecimals : 0;
  const usageValues = usage.numbers ?? usage.at;
  const quantity = differences(usageValues, usage.total, pow10(shift));
  const totalQuantity =
    (BigInt(usageValues[n] as number | bigint) - BigInt(usageValues[0] as number | bigint)) *
    pow10(shift);
  const parts = period.costs.get(costKey(series.resourceId, series.meter));
  if (parts === undefined) return { quantity, cost: null, totalQuantity, totalCost: null };
  let totalCost = 0n;
  const cost = new Array<bigint>(n).fill(0n);
  const single = parts.length === 1;
  for (const part of parts) {
    const accept = (key: string): boolean => part.dimensionsKeys.has(key);
    const everything =
      part.measure === measure &&
      series.segments.every((s) => accept(s.dimensionsKey)) &&
      series.counters.every((c) => accept(c.dimensionsKey));
    let weights = everything
      ? usage
      : cumulativeAt(series, part.measure, points, scales.quantityDecimals, accept);
    if (weights.total === 0n) weights = runStartsAt(series, points, period.period.startMs, accept);
    const curve = costCurve(part.amount, weights.total, scales.cost);
    const values = weights.numbers ?? weights.at;
    const first = BigInt(values[0] as number | bigint);
    totalCost += curve.at(BigInt(values[n] as number | bigint)) - curve.at(first);
    if (weights.total <= SAFE_WEIGHT) {
      stepCosts(part.amount, weights.total, values, scales.cost, cost, single);
      continue;
    }
    const at = weights.at;
    let before = curve.at(at[0] as bigint);
    for (let i = 0; i < n; i += 1) {
      if (at[i + 1] === at[i]) continue;
      const after = curve.at(at[i + 1] as bigint);
      cost[i] = single ? after - before : (cost[i] as bigint) + after - before;
      before = after;
    }
  }
  return { quantity, cost, totalQuantity, totalCost };
}

const SAFE = BigInt(Number.MAX_SAFE_INTEGER);
/** Weights up to 2^52: a remainder plus a remainder stays a safe integer. */
const SAFE_WEIGHT = 2n ** 52n;

/**
 * The same pieces as F(W(b)) - F(W(a)) (cost-curve.ts), without a bigint division per piece.
 * With T the amount at its scale and c the weight so far, write T x c = a x W + f and, for a
 * step of d, T x d = q x W + r (0 <= f, r < W); then F(c + d) - F(c) = q + (1 if f + r >= W)
 * and the next f is (f + r) mod W. f and r stay below W <= 2^52, so they are plain numbers;
 * q is recomputed only when the step changes (a running resource's hours are all alike), so
 * an hour costs q or q + 1 from two precomputed values.
 */
function stepCosts(
  amount: string,
  totalWeight: bigint,
  at: readonly (number | bigint)[],
  scale: number,
  cost: bigint[],
  single: boolean,
): void {
  const own = curveScale(amount);
  const total = toScaled(amount, own);
  const factor = pow10(scale - own);
  const weight = Number(totalWeight);
  let f = Number((total * BigInt(at[0] as number | bigint)) % totalWeight);
  let previousStep = -1;
  let low = 0n;
  let high = 0n;
  let r = 0;
  let c = Number(at[0]);
  for (let i = 0; i < cost.length; i += 1) {
    const next = Number(at[i + 1]);
    const step = next - c;
    c = next;
    if (step === 0) continue;
    if (step !== previousStep) {
      const product = total * BigInt(step);
      const q = product / totalWeight;
      r = Number(product - q * totalWeight);
      low = q * factor;
      high = (q + 1n) * factor;
      previousStep = step;
    }
    f += r;
    let piece = low;
    if (f >= weight) {
      f -= weight;
      piece = high;
    }
    cost[i] = single ? piece : (cost[i] as bigint) + piece;
  }
}

/** at[i + 1] - at[i], times `factor`: numbers when the total fits, else bigints. */
function differences(at: readonly (number | bigint)[], total: bigint, factor: bigint): Quantities {
  const n = at.length - 1;
  if (total * factor <= SAFE) {
    const f = Number(factor);
    const out = new Array<number>(n);
    let previous = Number(at[0]);
    for (let i = 0; i < n; i += 1) {
      const next = Number(at[i + 1]);
      out[i] = (next - previous) * f;
      previous = next;
    }
    return out;
  }
  const out = new Array<bigint>(n);
  for (let i = 0; i < n; i += 1) {
    out[i] = (BigInt(at[i + 1] as number | bigint) - BigInt(at[i] as number | bigint)) * factor;
  }
  return out;
}

/**
 * One group's running sums per bucket (bucketize.ts), exact, with as few bigints as the
 * figures allow. Quantities are plain numbers while they stay safe integers (bigints past).
 * A cost piece from stepCosts is q or q + 1 (times the scale factor) where q only changes
 * when the step of the weight changes (a running VM's full hours are all alike): so the q's
 * go into a difference array (one bigint per change, not per bucket) and the + 1's into a
 * count per bucket; the bucket's cost is the prefix sum of the differences plus its count.
 * Pieces of the other path (weights past 2^52) are added as they are. Example: 300 VMs running a whole month in one group, 720 hours: 300 x 2
 * difference entries and 720 prefix additions instead of 216,000 bigint additions.
 */
export class BucketSums {
  readonly quantity: Float64Array;
  /** Buckets that received a non-zero quantity piece (a figure is shown for them). */
  readonly touched: Uint8Array;
  /** Quantities as bigints, once one of them is no safe integer. */
  bigQuantity: bigint[] | null = null;
  /** Whether a price rated any series of the group (then every figure has a cost). */
  priced = false;
  private costSteps: (bigint | undefined)[] | null = null;
  /** Carries per bucket, by the power of ten they are worth (a cost part's scale factor). */
  private readonly costUnits = new Map<number, Float64Array>();
  private costExtra: (bigint | undefined)[] | null = null;

  constructor(readonly bucketCount: number) {
    this.quantity = new Float64Array(bucketCount);
    this.touched = new Uint8Array(bucketCount);
  }

  addQuantity(bucket: number, value: number | bigint): void {
    this.touched[bucket] = 1;
    if (this.bigQuantity === null && typeof value === 'number') {
      const sum = (this.quantity[bucket] as number) + value;
      if (Math.abs(sum) <= Number.MAX_SAFE_INTEGER) {
        this.quantity[bucket] = sum;
        return;
      }
    }
    const big = (this.bigQuantity ??= Array.from(this.quantity, (q) => BigInt(q)));
    big[bucket] = (big[bucket] as bigint) + BigInt(value);
  }

  /** Adds `value` to the cost of every bucket from `bucket` on (a step of the differences). */
  addCostStep(bucket: number, value: bigint): void {
    const steps = (this.costSteps ??= new Array<bigint | undefined>(this.bucketCount + 1));
    const current = steps[bucket];
    steps[bucket] = current === undefined ? value : current + value;
  }

  /** 10^exponent units of the cost scale in `bucket`. */
  addCostUnit(bucket: number, exponent: number): void {
    let units = this.costUnits.get(exponent);
    if (units === undefined) {
      units = new Float64Array(this.bucketCount);
      this.costUnits.set(exponent, units);
    }
    units[bucket] = (units[bucket] as number) + 1;
  }

  addCost(bucket: number, value: bigint): void {
    const extra = (this.costExtra ??= new Array<bigint | undefined>(this.bucketCount));
    const current = extra[bucket];
    extra[bucket] = current === undefined ? value : current + value;
  }

  private running = 0n;
  private next = 0;
  private units: { power: bigint; counts: Float64Array }[] = [];

  /**
   * The cost of bucket `bucket`: asked for in bucket order (0, 1, 2, ...), after every piece
   * was added, as the prefix sum of the steps runs along.
   */
  costAt(bucket: number): bigint {
    if (bucket === 0) {
      this.running = 0n;
      this.next = 0;
      this.units = [...this.costUnits.entries()].map(([exponent, counts]) => ({
        power: pow10(exponent),
        counts,
      }));
    }
    if (bucket !== this.next) throw new RangeError(`bucket ${bucket} asked out of order`);
    this.next += 1;
    const step = this.costSteps?.[bucket];
    if (step !== undefined) this.running += step;
    let cost = this.running;
    for (const { power, counts } of this.units) {
      const count = counts[bucket] as number;
      if (count !== 0) cost += BigInt(count) * power;
    }
    const extra = this.costExtra?.[bucket];
    return extra === undefined ? cost : cost + extra;
  }
}

/**
 * The same pieces as seriesPieces (the series between consecutive instants `points`, the
 * first piece in bucket `firstBucket`), added into `sums` instead of returned: no array of
 * pieces per series, and costs as steps and units (BucketSums).
 */
export function addSeriesPieces(
  sums: BucketSums,
  firstBucket: number,
  period: PricedPeriod,
  series: UsageSeries,
  measure: Measure,
  points: readonly number[],
  scales: Scales,
): void {
  const n = points.length - 1;
  const usage = cumulativeAt(series, measure, points, scales.quantityDecimals);
  const shift = measure === 'quantity' ? 3 : measure === 'seconds' ? scales.quantityDecimals : 0;
  const factor = pow10(shift);
  const numbers = usage.numbers;
  if (numbers !== undefined && usage.total * factor <= SAFE) {
    const f = Number(factor);
    let previous = numbers[0] as number;
    for (let i = 0; i < n; i += 1) {
      const next = numbers[i + 1] as number;
      if (next !== previous) sums.addQuantity(firstBucket + i, (next - previous) * f);
      previous = next;
    }
  } else {
    const at = usage.at;
    for (let i = 0; i < n; i += 1) {
      const d = ((at[i + 1] as bigint) - (at[i] as bigint)) * factor;
      if (d !== 0n) sums.addQuantity(firstBucket + i, d);
    }
  }
  const parts = period.costs.get(costKey(series.resourceId, series.meter));
  if (parts === undefined) return;
  sums.priced = true;
  for (const part of parts) {
    const accept = (key: string): boolean => part.dimensionsKeys.has(key);
    const everything =
      part.measure === measure &&
      series.segments.every((s) => accept(s.dimensionsKey)) &&
      series.counters.every((c) => accept(c.dimensionsKey));
    let weights = everything
      ? usage
      : cumulativeAt(series, part.measure, points, scales.quantityDecimals, accept);
    if (weights.total === 0n) weights = runStartsAt(series, points, period.period.startMs, accept);
    if (weights.total <= SAFE_WEIGHT) {
      stepCostsInto(part.amount, weights.total, weights.numbers ?? weights.at, scales.cost, {
        sums,
        firstBucket,
        n,
      });
      continue;
    }
    const curve = costCurve(part.amount, weights.total, scales.cost);
    const at = weights.at;
    let before = curve.at(at[0] as bigint);
    for (let i = 0; i < n; i += 1) {
      if (at[i + 1] === at[i]) continue;
      const after = curve.at(at[i + 1] as bigint);
      sums.addCost(firstBucket + i, after - before);
      before = after;
    }
  }
}

/**
 * stepCosts into BucketSums: a piece is q x factor, plus factor when the remainders carry
 * (q is 0 where the weight does not move). The q's go in as steps where they change, the
 * carries as counts of `factor`.
 */
function stepCostsInto(
  amount: string,
  totalWeight: bigint,
  at: readonly (number | bigint)[],
  scale: number,
  target: { sums: BucketSums; firstBucket: number; n: number },
): void {
  const { sums, firstBucket, n } = target;
  const own = curveScale(amount);
  const total = toScaled(amount, own);
  const exponent = scale - own;
  const factor = pow10(exponent);
  const weight = Number(totalWeight);
  let f = Number((total * BigInt(at[0] as number | bigint)) % totalWeight);
  let previousStep = 0;
  /** q x factor of the step in force (0 while the weight does not move). */
  let current = 0n;
  let r = 0;
  let c = Number(at[0]);
  for (let i = 0; i < n; i += 1) {
    const next = Number(at[i + 1]);
    const step = next - c;
    c = next;
    if (step !== previousStep) {
      let piece = 0n;
      r = 0;
      if (step !== 0) {
        const product = total * BigInt(step);
        const q = product / totalWeight;
        r = Number(product - q * totalWeight);
        piece = q * factor;
      }
      if (piece !== current) sums.addCostStep(firstBucket + i, piece - current);
      current = piece;
      previousStep = step;
    }
    if (step === 0) continue;
    f += r;
    if (f >= weight) {
      f -= weight;
      sums.addCostUnit(firstBucket + i, exponent);
    }
  }
  if (current !== 0n) sums.addCostStep(firstBucket + n, -current);
}
