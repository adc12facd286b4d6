import { Decimal } from '../../decimal';
import { BillingError } from '../../errors';
import { COUNTER_INTERVAL_MS } from '../../metering/burst-usage';
import { rateAggregated } from '../aggregate';
import type { LineResource, RateLine } from '../line';
import type { PercentileModel } from '../types';
import { scopeGroups } from './burst-scope';

export const DEFAULT_PERCENTILE = 95;
export const DEFAULT_INTERVAL_SECONDS = 300;

/**
 * `percentile`: the carriers' 95th-percentile rule for counters (bandwidth), per rate unit
 * (per Mbps) per billing period:
 *   1. the period is cut into intervals of `intervalSeconds` from its start (in the
 *      customer's zone); an interval with no traffic counts as zero; the last one may be
 *      partial (a DST month) and still counts whole;
 *   2. each interval's rate is its recorded quantity / interval seconds / `rateDivisor`
 *      (bytes -> Mbps: 125,000, as 1 Mbps = 10^6 bit/s), by event timestamp, so a late
 *      counter lands in its own interval;
 *   3. of N intervals the top N - ceil(N x p / 100) are dropped and the highest remaining
 *      rate is billed: the ceil(N x p / 100)-th smallest.
 * Before the period ends (live usage, forecast) N counts the intervals elapsed so far: the
 * running percentile.
 *
 * Worked example (issue 12): a 30-day month has 8,640 intervals of 300 s; p = 95 keeps
 * ceil(8,208) = 8,208 and drops the top 432. 432 intervals at 900 Mbps and every other at
 * 100 Mbps bill 100 Mbps: 100 x 2.00 = 200.00. One interval more at 900 Mbps (433) bills
 * 900 Mbps: 1,800.00. (900 Mbps for 300 s is 900 x 125,000 x 300 = 33,750,000,000 bytes.)
 *
 * Scope (burst-scope.ts), default 'resource': each port's own percentile, added up;
 * 'account' and 'project' add the resources' interval quantities first. The amount goes to
 * the resources in proportion to their rates in the billed interval (or their own rates).
 */
export const ratePercentile: RateLine<PercentileModel> = (model, resources, freeUnits) => {
  const intervalSeconds = model.intervalSeconds ?? DEFAULT_INTERVAL_SECONDS;
  const percentile = model.percentile ?? DEFAULT_PERCENTILE;
  const { count, dropped, rates } = percentileRates(model, resources);
  const rated = rateAggregated(resources, rates, new Decimal(1), freeUnits, (billed) => ({
    amount: billed.times(model.unitPrice),
  }));
  return {
    ...rated,
    unitPrice: new Decimal(model.unitPrice),
    defaultUnit: 'unit',
    note:
      `${ordinal(percentile)} percentile of ${count} x ${intervalSeconds} s intervals, ` +
      `${dropped} dropped`,
  };
};

/** The running percentile of a line: what ratePercentile bills, before free units. */
export interface PercentileRates {
  /** N: the intervals elapsed (all of the period once it is closed). */
  count: number;
  /** N - ceil(N x p / 100): the top intervals left out. */
  dropped: number;
  /** Per resource (in the order given): its rate in the billed interval, or its own. */
  rates: Decimal[];
}

/**
 * Each resource's billed rate under the model's scope, with N and the dropped count; their
 * sum is the line's rate. Example (scope 'resource'): 288 intervals of a day, 14 at 900
 * Mbps and one at 100 -> count 288, dropped 14, rates [100].
 */
export function percentileRates(
  model: PercentileModel,
  resources: readonly LineResource[],
): PercentileRates {
  const intervalSeconds = model.intervalSeconds ?? DEFAULT_INTERVAL_SECONDS;
  const percentile = model.percentile ?? DEFAULT_PERCENTILE;
  const scale = new Decimal(intervalSeconds).times(model.rateDivisor ?? '1');
  const tables = resources.map((resource) => intervalTable(resource, intervalSeconds));
  const count = Math.max(0, ...tables.map((t) => t.count));
  const dropped = count - keptIntervals(count, percentile);

  const rates = resources.map(() => new Decimal(0));
  for (const members of scopeGroups(resources, model.scope ?? 'resource')) {
    const summed = new Map<number, Decimal>();
    for (const i of members) {
      for (const [index, quantity] of (tables[i] as IntervalTable).quantities) {
        summed.set(index, (summed.get(index) ?? new Decimal(0)).plus(quantity));
      }
    }
    const billedIndex = intervalAtRank(summed, dropped);
    for (const i of members) {
      const quantity =
        billedIndex === null ? undefined : (tables[i] as IntervalTable).quantities.get(billedIndex);
      rates[i] = quantity === undefined ? new Decimal(0) : quantity.div(scale);
    }
  }
  return { count, dropped, rates };
}

/** ceil(N x p / 100), exactly (p may have decimals): the rank of the billed interval. */
export function keptIntervals(count: number, percentile: number): number {
  return new Decimal(count).times(percentile).div(100).ceil().toNumber();
}

/**
 * The index of the interval with the (dropped + 1)-th highest quantity, the earliest on a
 * tie; null when that rank is an interval without traffic (zero).
 */
function intervalAtRank(quantities: Map<number, Decimal>, dropped: number): number | null {
  const ranked = [...quantities.entries()]
    .filter(([, q]) => q.gt(0))
    .sort(([ia, a], [ib, b]) => b.comparedTo(a) || ia - ib);
  const entry = ranked[dropped];
  return entry === undefined ? null : entry[0];
}

interface IntervalTable {
  /** Intervals elapsed (the last one possibly partial). */
  count: number;
  /** Price interval index -> recorded quantity (non-zero entries only). */
  quantities: Map<number, Decimal>;
}

/** A resource's quantities per price interval: metering's 300 s intervals merged by k. */
function intervalTable(resource: LineResource, intervalSeconds: number): IntervalTable {
  const intervalMs = intervalSeconds * 1000;
  const perInterval = intervalMs / COUNTER_INTERVAL_MS;
  const quantities = new Map<number, Decimal>();
  let count = 0;
  for (const group of resource.groups) {
    if (group.burst === undefined) {
      if (new Decimal(group.quantity).isZero()) continue;
      throw new BillingError(
        'invalid_usage',
        `usage of ${group.resourceId} (${group.meter}): a percentile needs the counter's ` +
          'intervals (metering includeBurst, burstMeters)',
        { details: { resourceId: group.resourceId, meter: group.meter, field: 'burst' } },
      );
    }
    const { startMs, untilMs, intervals } = group.burst;
    count = Math.max(count, Math.ceil(Math.max(0, untilMs - startMs) / intervalMs));
    let inIntervals = new Decimal(0);
    for (const [key, quantity] of Object.entries(intervals)) {
      const index = Math.floor(Number(key) / perInterval);
      quantities.set(index, (quantities.get(index) ?? new Decimal(0)).plus(quantity));
      inIntervals = inIntervals.plus(quantity);
    }
    // Every recorded unit must be in an interval: a meter without interval tables (not in
    // burstMeters) would otherwise bill as idle.
    if (!inIntervals.eq(group.quantity)) {
      throw new BillingError(
        'invalid_usage',
        `usage of ${group.resourceId} (${group.meter}): ${group.quantity} recorded but ` +
          `${inIntervals.toFixed()} in intervals (is the meter in burstMeters?)`,
        { details: { resourceId: group.resourceId, meter: group.meter, field: 'burst.intervals' } },
      );
    }
  }
  return { count, quantities };
}

/** 95 -> "95th", 1 -> "1st", 22 -> "22nd", 13 -> "13th", 99.5 -> "99.5th". */
function ordinal(n: number): string {
  if (!Number.isInteger(n)) return `${n}th`;
  const lastTwo = n % 100;
  if (lastTwo >= 11 && lastTwo <= 13) return `${n}th`;
  const suffix = ['th', 'st', 'nd', 'rd'][n % 10] ?? 'th';
  return `${n}${suffix}`;
}
