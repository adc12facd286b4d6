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
