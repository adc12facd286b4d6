import { Decimal, toDecimalString } from '../decimal';

/**
 * Counters of the meters that opted in (MeteringState.burstMeters) are also kept per
 * interval of this length, aligned to the period start (an absolute instant, in the
 * customer's zone), for the `percentile` price model. A percentile price's interval is a
 * multiple of it (300 s, 600 s, 3,600 s...).
 *
 * Size: one entry per interval that had traffic, at most 8,640 per series in a 30-day month
 * (docs/billing-rules.md, "95th percentile").
 */
export const COUNTER_INTERVAL_MS = 300_000;

/** One stretch of the period a resource held a quantity, half-open: [fromMs, toMs). */
export interface BurstSegment {
  fromMs: number;
  toMs: number;
  quantity: string;
}

/**
 * Usage over time within the period, for `peak` and `percentile` (domain/rating):
 * - `segments`: each stretch of the period the resource held a quantity (a run split by
 *   resizes gives one segment per quantity), clipped to [startMs, untilMs);
 * - `intervals`: a counter's recorded quantity per COUNTER_INTERVAL_MS interval, by index
 *   from `startMs`; an index that is absent had no traffic (zero);
 * - `startMs`/`untilMs`: the period start and the instant the usage is counted to (the period
 *   end once closed), so the number of intervals elapsed is known.
 */
export interface BurstUsage {
  startMs: number;
  untilMs: number;
  segments: BurstSegment[];
  intervals: Record<string, string>;
}

/** The interval index of an instant: 0 for the first 300 s of the period. */
export function intervalIndex(periodStartMs: number, instantMs: number): number {
  return Math.floor((instantMs - periodStartMs) / COUNTER_INTERVAL_MS);
}

/** Adds `quantity` to interval `index` of a table, exactly (decimal strings). */
export function addToInterval(
  table: Record<string, string>,
  index: number,
  quantity: string,
): void {
  const key = String(index);
  const current = table[key];
  table[key] =
    current === undefined
      ? toDecimalString(new Decimal(quantity))
      : toDecimalString(new Decimal(current).plus(quantity));
}
