import type { Measure } from '../rating/types';
import { bucketIndex } from './bucket-edges';
import { GROUP_KEYS, type GroupBy } from './group-keys';
import { measureOfMeter, unitOfMeasure } from './measure';
import { addSeriesPieces, BucketSums, seriesPieces, scalesOf, type Scales } from './pieces';
import type { PricedPeriod } from './price-usage';
import { formatScaled } from './scaled';

/** One group's figures in a bucket or over the range; `cost` when a price rated it. */
export interface GroupFigures {
  key: string;
  quantity: string;
  unit: string;
  cost?: string;
  /** On the OTHERS_KEY group only: how many groups it holds. */
  others?: number;
}

/** The key of the group that holds every group past a `limit` (one per unit). */
export const OTHERS_KEY = '(others)';

export interface UsageBucket {
  startMs: number;
  endMs: number;
  /** Groups with usage or cost in the bucket, by key then unit. */
  groups: GroupFigures[];
}

export interface BucketedUsage {
  buckets: UsageBucket[];
  /** Every group of the range over the whole range: the sum of its buckets. */
  totals: GroupFigures[];
}

interface GroupAccumulator {
  key: string;
  unit: string;
  others?: number;
  /** Its pieces added up per bucket (pieces.ts). */
  sums: BucketSums;
  /** The texts of its last quantities and costs (a running VM's hours repeat two values). */
  texts: RecentTexts;
}

/**
 * The usage (and cost) of `periods` in the buckets `edges` (bucket-edges.ts), stacked by
 * `groupBy`. Each period is cut at its own bounds too, so a bucket that straddles a period
 * boundary adds both periods' parts. A group is a key with one unit: its meter's measure
 * (measure.ts), so a key whose series are shown in different units is one group per unit.
 * Every figure is exact: a group's buckets add up to its total, and a resource's costs over a
 * whole period to its invoice amounts (cost-curve.ts).
 */
export function bucketizeUsage(
  periods: readonly PricedPeriod[],
  edges: readonly number[],
  groupBy: GroupBy,
  options: { limit?: number | undefined } = {},
): BucketedUsage {
  const scales = scalesOf(periods);
  const measures = metersMeasures(periods);
  const keyOf = GROUP_KEYS[groupBy];
  const bucketCount = edges.length - 1;
  // Every series' totals over the range first (cheap: the ends of its curves, the same
  // figures as its buckets add up to), so groups are ranked before any bucket is added up.
  const windows: ({ points: number[]; firstBucket: number } | null)[] = [];
  const rangeTotals = new Map<
    string,
    { key: string; unit: string; quantity: bigint; cost: bigint | null }
  >();
  for (const period of periods) {
    const window = periodPoints(edges, period.period.startMs, period.period.endMs);
    windows.push(window);
    if (window === null) continue;
    const ends = [window.points[0] as number, window.points[window.points.length - 1] as number];
    for (const series of period.series) {
      const measure = measures.get(series.meter) as Measure;
      const unit = unitOfMeasure(measure);
      const key = keyOf(series);
      const id = `${key}\u0000${unit}`;
      const pieces = seriesPieces(period, series, measure, ends, scales);
      const total = rangeTotals.get(id) ?? { key, unit, quantity: 0n, cost: null };
      total.quantity += pieces.totalQuantity;
      if (pieces.totalCost !== null) total.cost = (total.cost ?? 0n) + pieces.totalCost;
      rangeTotals.set(id, total);
    }
  }
  // A series of the period with nothing in the range is no group of it.
  const present = [...rangeTotals.entries()].filter(
    ([, t]) => t.quantity !== 0n || (t.cost !== null && t.cost !== 0n),
  );
  const shown = new Set(
    options.limit !== undefined && present.length > options.limit
      ? rank(present).slice(0, options.limit)
      : present.map(([id]) => id),
  );
  const groups = new Map<string, GroupAccumulator>();
  const accumulators = new Map<string, GroupAccumulator | null>();
  for (const [id, total] of present) {
    const target = shown.has(id) ? id : `${OTHERS_KEY}\u0000${total.unit}`;
    let group = groups.get(target);
    if (!group) {
      group = {
        key: shown.has(id) ? total.key : OTHERS_KEY,
        unit: total.unit,
        sums: new BucketSums(bucketCount),
        texts: new RecentTexts(),
        ...(shown.has(id) ? {} : { others: 0 }),
      };
      groups.set(target, group);
    }
    if (group.others !== undefined) group.others += 1;
    accumulators.set(id, group);
  }
  periods.forEach((period, p) => {
    const window = windows[p];
    if (!window) return;
    for (const series of period.series) {
      const measure = measures.get(series.meter) as Measure;
      const group = accumulators.get(`${keyOf(series)}\u0000${unitOfMeasure(measure)}`);
      if (!group) continue;
      addSeriesPieces(
        group.sums,
        window.firstBucket,
        period,
        series,
        measure,
        window.points,
        scales,
      );
    }
  });
  const ordered = [...groups.values()].sort(
    (a, b) => compare(a.key, b.key) || compare(a.unit, b.unit),
  );
  const totalQuantity: (number | bigint)[] = ordered.map(() => 0);
  const totalCost: bigint[] = ordered.map(() => 0n);
  const buckets: UsageBucket[] = [];
  for (let b = 0; b < bucketCount; b += 1) {
    const figures: GroupFigures[] = [];
    for (let g = 0; g < ordered.length; g += 1) {
      const group = ordered[g] as GroupAccumulator;
      const { sums } = group;
      const cost = sums.priced ? sums.costAt(b) : undefined;
      const touched = sums.touched[b] === 1;
      if (!touched && (cost === undefined || cost === 0n)) continue;
      const quantity = touched ? quantityAt(sums, b) : 0;
      totalQuantity[g] = addQuantities(totalQuantity[g], quantity);
      if (cost !== undefined) totalCost[g] = (totalCost[g] as bigint) + cost;
      figures.push(figuresOf(group, quantity, cost, scales));
    }
    buckets.push({ startMs: edges[b] as number, endMs: edges[b + 1] as number, groups: figures });
  }
  const totals = ordered.map((group, g) =>
    figuresOf(
      group,
      totalQuantity[g] as number | bigint,
      group.sums.priced ? totalCost[g] : undefined,
      scales,
    ),
  );
  return { buckets, totals };
}

function quantityAt(sums: BucketSums, bucket: number): number | bigint {
  return sums.bigQuantity === null
    ? (sums.quantity[bucket] as number)
    : (sums.bigQuantity[bucket] as bigint);
}

/**
 * The instants that cut a period's part of the range into bucket pieces: the part's start,
 * every bucket edge inside it, its end; with the bucket of the first piece. Null when the
 * period is outside the range.
 */
export function periodPoints(
  edges: readonly number[],
  startMs: number,
  endMs: number,
): { points: number[]; firstBucket: number } | null {
  const lo = Math.max(startMs, edges[0] as number);
  const hi = Math.min(endMs, edges[edges.length - 1] as number);
  if (hi <= lo) return null;
  const firstBucket = bucketIndex(edges, lo);
  const points = [lo];
  for (let i = firstBucket + 1; i < edges.length && (edges[i] as number) < hi; i += 1) {
    points.push(edges[i] as number);
  }
  points.push(hi);
  return { points, firstBucket };
}

/**
 * Each meter's measure, from the prices of the latest period that has a plan (measure.ts).
 */
export function metersMeasures(periods: readonly PricedPeriod[]): Map<string, Measure> {
  const priced = [...periods].reverse().find((p) => p.prices.length > 0);
  const prices = priced?.prices ?? [];
  const hasRuns = new Map<string, boolean>();
  for (const period of periods) {
    for (const series of period.series) {
      hasRuns.set(
        series.meter,
        (hasRuns.get(series.meter) ?? false) ||
          series.segments.length > 0 ||
          series.runStarts.length > 0,
      );
    }
  }
  return new Map(
    [...hasRuns.entries()].map(([meter, runs]) => [
      meter,
      measureOfMeter(meter, prices, { hasRuns: runs }),
    ]),
  );
}

/**
 * The ids of groups by what they cost over the range (most first; unpriced last), then
 * usage, then key: the ones a `limit` keeps. The rest are added up, bucket by bucket, into
 * one OTHERS_KEY group per unit, so a chart of 1,000 resources shows the top ones and the
 * others as one band, and every figure stays exact.
 */
function rank(
  groups: [string, { key: string; quantity: bigint; cost: bigint | null }][],
): string[] {
  const cost = (c: bigint | null) => c ?? -1n;
  return [...groups]
    .sort(
      ([, a], [, b]) =>
        (cost(a.cost) === cost(b.cost) ? 0 : cost(a.cost) > cost(b.cost) ? -1 : 1) ||
        (a.quantity === b.quantity ? 0 : a.quantity > b.quantity ? -1 : 1) ||
        compare(a.key, b.key),
    )
    .map(([id]) => id);
}

const SAFE = Number.MAX_SAFE_INTEGER;

/** An exact sum: numbers while the result is a safe integer, else bigints. */
function addQuantities(a: number | bigint | undefined, b: number | bigint): number | bigint {
  if (a === undefined) return b;
  if (typeof a === 'number' && typeof b === 'number' && a + b <= SAFE) return a + b;
  return BigInt(a) + BigInt(b);
}

function figuresOf(
  group: GroupAccumulator,
  quantity: number | bigint,
  cost: bigint | undefined,
  scales: Scales,
): GroupFigures {
  const { texts } = group;
  const figures: GroupFigures = {
    key: group.key,
    quantity: texts.quantity(quantity, scales.quantity),
    unit: group.unit,
  };
  if (group.sums.priced) figures.cost = texts.cost(cost ?? 0n, scales.cost);
  if (group.others !== undefined) figures.others = group.others;
  return figures;
}

/**
 * formatScaled with the last two values of each kind remembered: an hour of a running VM
 * costs q or q + 1 and lasts 3,600 s, so most cells repeat one of two texts (a cost at 51
 * decimals is 50 characters to write).
 */
class RecentTexts {
  private quantities: [number | bigint | null, string, number | bigint | null, string] = [
    null,
    '',
    null,
    '',
  ];
  private costs: [bigint | null, string, bigint | null, string] = [null, '', null, ''];

  quantity(value: number | bigint, scale: number): string {
    const q = this.quantities;
    if (value === q[0]) return q[1];
    if (value === q[2]) return q[3];
    const text = formatQuantity(value, scale);
    this.quantities = [value, text, q[0], q[1]];
    return text;
  }

  cost(value: bigint, scale: number): string {
    const c = this.costs;
    if (value === c[0]) return c[1];
    if (value === c[2]) return c[3];
    const text = formatScaled(value, scale);
    this.costs = [value, text, c[0], c[1]];
    return text;
  }
}

function formatQuantity(value: number | bigint, scale: number): string {
  return formatScaled(typeof value === 'number' ? BigInt(value) : value, scale);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
