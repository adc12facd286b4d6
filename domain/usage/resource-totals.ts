import type { Dimensions } from '../events';
import type { Measure } from '../rating/types';
import { metersMeasures, periodPoints } from './bucketize';
import { unitOfMeasure } from './measure';
import { scalesOf, seriesPieces } from './pieces';
import type { PricedPeriod } from './price-usage';
import { decimalsOf, formatScaled, toScaled } from './scaled';

/** A (resource, meter) over a range: what the drill-down lists. */
export interface ResourceTotal {
  resourceId: string;
  meter: string;
  unit: string;
  quantity: string;
  /** Null when no price rated it. */
  cost: string | null;
  /** Runs with time in the range (a run across a period boundary counts once). */
  runCount: number;
  /** The dimensions it was last seen with in the range. */
  dimensions: Dimensions;
}

export interface MeterTotal {
  meter: string;
  unit: string;
  quantity: string;
  cost: string | null;
  resourceCount: number;
}

/**
 * Each (resource, meter) of `periods` within [fromMs, toMs): its usage in its meter's
 * measure and its cost, the same figures as one bucket spanning the range (bucketize.ts), so
 * over a whole period the costs are the invoice's precise sub-line amounts. Sorted by cost
 * (highest first; unpriced last), then resource id and meter.
 */
export function totalsPerResource(
  periods: readonly PricedPeriod[],
  fromMs: number,
  toMs: number,
): ResourceTotal[] {
  const scales = scalesOf(periods);
  const measures = metersMeasures(periods);
  const edges = [fromMs, toMs];
  const byKey = new Map<
    string,
    {
      total: Omit<ResourceTotal, 'quantity' | 'cost'>;
      quantity: bigint;
      cost: bigint | null;
      runs: Set<number>;
      lastMs: number;
    }
  >();
  for (const period of periods) {
    const window = periodPoints(edges, period.period.startMs, period.period.endMs);
    if (window === null) continue;
    const [lo, hi] = [window.points[0] as number, window.points[1] as number];
    for (const series of period.series) {
      const measure = measures.get(series.meter) as Measure;
      const pieces = seriesPieces(period, series, measure, window.points, scales);
      const key = JSON.stringify([series.resourceId, series.meter]);
      let entry = byKey.get(key);
      if (!entry) {
        entry = {
          total: {
            resourceId: series.resourceId,
            meter: series.meter,
            unit: unitOfMeasure(measure),
            runCount: 0,
            dimensions: {},
          },
          quantity: 0n,
          cost: null,
          runs: new Set(),
          lastMs: -Infinity,
        };
        byKey.set(key, entry);
      }
      entry.quantity += BigInt(pieces.quantity[0] ?? 0);
      if (pieces.cost !== null) entry.cost = (entry.cost ?? 0n) + (pieces.cost[0] as bigint);
      for (const s of series.segments) {
        if (s.toMs <= lo || s.fromMs >= hi) continue;
        entry.runs.add(s.runStartMs);
        if (s.fromMs >= entry.lastMs)
          [entry.lastMs, entry.total.dimensions] = [s.fromMs, s.dimensions];
      }
      for (const start of series.runStarts) {
        if (start.atMs >= lo && start.atMs < hi) entry.runs.add(start.atMs);
      }
      for (const c of series.counters) {
        if (c.atMs >= lo && c.atMs < hi && c.atMs >= entry.lastMs) {
          [entry.lastMs, entry.total.dimensions] = [c.atMs, c.dimensions];
        }
      }
    }
  }
  const totals = [...byKey.values()]
    // A series of the period with nothing in the range is not listed for it.
    .filter((entry) => entry.quantity !== 0n || (entry.cost ?? 0n) !== 0n || entry.runs.size > 0)
    .map((entry): ResourceTotal & { exactCost: bigint | null } => ({
      ...entry.total,
      runCount: entry.runs.size,
      quantity: formatScaled(entry.quantity, scales.quantity),
      cost: entry.cost === null ? null : formatScaled(entry.cost, scales.cost),
      exactCost: entry.cost,
    }));
  totals.sort(
    (a, b) =>
      compareCosts(a.exactCost, b.exactCost) ||
      compare(a.resourceId, b.resourceId) ||
      compare(a.meter, b.meter),
  );
  return totals.map(({ exactCost: _exact, ...total }) => total);
}

/** The meters of the resources (totalsPerResource), with their sums. Sorted by meter. */
export function totalsPerMeter(resources: readonly ResourceTotal[]): MeterTotal[] {
  const meters = new Map<
    string,
    { unit: string; quantity: string[]; cost: string[] | null; count: number }
  >();
  for (const r of resources) {
    const entry = meters.get(r.meter) ?? { unit: r.unit, quantity: [], cost: null, count: 0 };
    entry.quantity.push(r.quantity);
    if (r.cost !== null) (entry.cost ??= []).push(r.cost);
    entry.count += 1;
    meters.set(r.meter, entry);
  }
  return [...meters.entries()]
    .sort(([a], [b]) => compare(a, b))
    .map(([meter, entry]) => ({
      meter,
      unit: entry.unit,
      quantity: sumDecimalStrings(entry.quantity),
      cost: entry.cost === null ? null : sumDecimalStrings(entry.cost),
      resourceCount: entry.count,
    }));
}

/** The exact sum of decimal strings ("1.5" + "2.25" -> "3.75"). */
export function sumDecimalStrings(values: readonly string[]): string {
  const scale = Math.max(0, ...values.map(decimalsOf));
  let total = 0n;
  for (const value of values) total += toScaled(value, scale);
  return formatScaled(total, scale);
}

/** Highest first; null (unpriced) after every priced one. */
function compareCosts(a: bigint | null, b: bigint | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a > b ? -1 : a < b ? 1 : 0;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
