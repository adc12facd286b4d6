import type { Measure } from '../rating/types';
import { pow10, toScaled, toScaledNumber } from './scaled';
import type { SeriesCounter, SeriesSegment, UsageSeries } from './series';

/**
 * A series' cumulative weight W(t) in one measure, evaluated at sorted instants: the
 * milliseconds run (`seconds`), the quantity-milliseconds (`quantitySeconds`) or the counted
 * units (`quantity`) before each instant, counted from the period start, in units of
 * 10^-scale (`quantityScale` is the decimals of the quantities). Only usage whose dimension
 * set `accept`s counts. Returns W at each instant and W over the whole series.
 *
 * Example: a 2 vCPU segment 10:30-12:30 at the instants 10:00, 11:00, 12:00, 13:00 in
 * `quantitySeconds` (quantityScale 0): 0, 3,600,000, 10,800,000, 14,400,000; total 14,400,000.
 */
export interface Cumulative {
  /** W at each instant. */
  at: bigint[];
  /** The same as numbers, when every value is a safe integer (then `at` is built on demand). */
  numbers?: number[];
  total: bigint;
}

export function cumulativeAt(
  series: UsageSeries,
  measure: Measure,
  points: readonly number[],
  quantityScale: number,
  accept: (dimensionsKey: string) => boolean = () => true,
): Cumulative {
  if (measure === 'quantity') return countersAt(series.counters, points, quantityScale, accept);
  return segmentsAt(series.segments, measure === 'quantitySeconds', points, quantityScale, accept);
}

function segmentsAt(
  segments: readonly SeriesSegment[],
  weighted: boolean,
  points: readonly number[],
  scale: number,
  accept: (dimensionsKey: string) => boolean,
): Cumulative {
  const fast = numericSegmentsAt(segments, weighted, points, scale, accept);
  if (fast !== null) return fast;
  const rates = segments.map((s) =>
    !accept(s.dimensionsKey) ? 0n : weighted ? toScaled(s.quantity, scale) : 1n,
  );
  let total = 0n;
  segments.forEach((s, k) => {
    total += (rates[k] as bigint) * BigInt(s.toMs - s.fromMs);
  });
  const at: bigint[] = new Array<bigint>(points.length);
  // Whole segments before the current instant, summed once each.
  let done = 0n;
  let next = 0;
  for (let i = 0; i < points.length; i += 1) {
    const t = points[i] as number;
    while (next < segments.length && (segments[next] as SeriesSegment).toMs <= t) {
      const s = segments[next] as SeriesSegment;
      done += (rates[next] as bigint) * BigInt(s.toMs - s.fromMs);
      next += 1;
    }
    const current = segments[next];
    at[i] =
      current !== undefined && current.fromMs < t
        ? done + (rates[next] as bigint) * BigInt(t - current.fromMs)
        : done;
  }
  return { at, total };
}

/** W values that are safe integers: kept as numbers, as bigints only when asked for. */
function numericCumulative(values: number[], total: bigint): Cumulative {
  let at: bigint[] | null = null;
  return {
    numbers: values,
    total,
    get at() {
      at ??= values.map((value) => BigInt(value));
      return at;
    },
  };
}

/**
 * segmentsAt without a bigint, when every rate and every partial sum is a safe integer (then
 * each is exact as a number); null otherwise.
 */
function numericSegmentsAt(
  segments: readonly SeriesSegment[],
  weighted: boolean,
  points: readonly number[],
  scale: number,
  accept: (dimensionsKey: string) => boolean,
): Cumulative | null {
  const rates = new Array<number>(segments.length);
  let total = 0;
  for (let k = 0; k < segments.length; k += 1) {
    const s = segments[k] as SeriesSegment;
    const rate = !accept(s.dimensionsKey) ? 0 : weighted ? toScaledNumber(s.quantity, scale) : 1;
    if (rate === null || rate < 0) return null;
    rates[k] = rate;
    const weight = rate * (s.toMs - s.fromMs);
    total += weight;
    if (!Number.isSafeInteger(weight) || !(Math.abs(total) <= SAFE_NUMBER)) return null;
  }
  const values = new Array<number>(points.length);
  let done = 0;
  let next = 0;
  for (let i = 0; i < points.length; i += 1) {
    const t = points[i] as number;
    while (next < segments.length && (segments[next] as SeriesSegment).toMs <= t) {
      const s = segments[next] as SeriesSegment;
      done += (rates[next] as number) * (s.toMs - s.fromMs);
      next += 1;
    }
    const current = segments[next];
    values[i] =
      current !== undefined && current.fromMs < t
        ? done + (rates[next] as number) * (t - current.fromMs)
        : done;
  }
  return numericCumulative(values, BigInt(total));
}

const SAFE_NUMBER = Number.MAX_SAFE_INTEGER;

function countersAt(
  counters: readonly SeriesCounter[],
  points: readonly number[],
  scale: number,
  accept: (dimensionsKey: string) => boolean,
): Cumulative {
  const fast = numericCountersAt(counters, points, scale, accept);
  if (fast !== null) return fast;
  const at: bigint[] = new Array<bigint>(points.length);
  let sum = 0n;
  let next = 0;
  for (let i = 0; i < points.length; i += 1) {
    const t = points[i] as number;
    while (next < counters.length && (counters[next] as SeriesCounter).atMs < t) {
      const c = counters[next] as SeriesCounter;
      if (accept(c.dimensionsKey)) sum += toScaled(c.quantity, scale);
      next += 1;
    }
    at[i] = sum;
  }
  for (let k = next; k < counters.length; k += 1) {
    const c = counters[k] as SeriesCounter;
    if (accept(c.dimensionsKey)) sum += toScaled(c.quantity, scale);
  }
  return { at, total: sum };
}

/** countersAt without a bigint, when every quantity and partial sum is a safe integer. */
function numericCountersAt(
  counters: readonly SeriesCounter[],
  points: readonly number[],
  scale: number,
  accept: (dimensionsKey: string) => boolean,
): Cumulative | null {
  const quantities = new Array<number>(counters.length);
  let total = 0;
  for (let k = 0; k < counters.length; k += 1) {
    const c = counters[k] as SeriesCounter;
    const quantity = accept(c.dimensionsKey) ? toScaledNumber(c.quantity, scale) : 0;
    if (quantity === null) return null;
    quantities[k] = quantity;
    total += quantity;
    if (!(Math.abs(total) <= SAFE_NUMBER)) return null;
  }
  const values = new Array<number>(points.length);
  let sum = 0;
  let next = 0;
  for (let i = 0; i < points.length; i += 1) {
    const t = points[i] as number;
    while (next < counters.length && (counters[next] as SeriesCounter).atMs < t) {
      sum += quantities[next] as number;
      next += 1;
    }
    values[i] = sum;
  }
  return numericCumulative(values, BigInt(total));
}

/**
 * The fallback weight of an amount whose usage weighs nothing (a zero-length run that pays a
 * minimum amount): one unit per run start, at the start; failing that, the whole amount at
 * `periodStartMs`.
 */
export function runStartsAt(
  series: UsageSeries,
  points: readonly number[],
  periodStartMs: number,
  accept: (dimensionsKey: string) => boolean,
): { at: bigint[]; total: bigint } {
  const starts = series.runStarts.filter((s) => accept(s.dimensionsKey)).map((s) => s.atMs);
  const instants = starts.length > 0 ? starts.sort((a, b) => a - b) : [periodStartMs];
  return {
    at: points.map((t) => BigInt(instants.filter((s) => s < t).length)),
    total: BigInt(instants.length),
  };
}

/** Rescales W values counted at `from` decimals to `to` decimals (to >= from). */
export function rescaled(values: bigint[], from: number, to: number): bigint[] {
  if (from === to) return values;
  const factor = pow10(to - from);
  return values.map((v) => v * factor);
}
