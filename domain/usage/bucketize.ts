import type { Measure } from '../rating/types';
import { bucketIndex } from './bucket-edges';
import { GROUP_KEYS, type GroupBy } from './group-keys';
import { measureOfMeter, unitOfMeasure } from './measure';
import { seriesPieces, scalesOf, type Quantities, type Scales } from './pieces';
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
  /** Per bucket; numbers while they stay safe integers (pieces.ts), bigints once one is not. */
  quantity: (number | bigint | undefined)[];
  cost: (bigint | undefined)[] | null;
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
  // Every series' pieces first, with their totals over the range (cheap: the ends of its
  // curves), so groups are ranked before any bucket is added up.
  const computed: { id: string; firstBucket: number; pieces: ReturnType<typeof seriesPieces> }[] =
    [];
  const rangeTotals = new Map<
    string,
    { key: string; unit: string; quantity: bigint; cost: bigint | null }
  >();
  for (const period of periods) {
    const window = periodPoints(edges, period.period.startMs, period.period.endMs);
    if (window === null) continue;
    for (const series of period.series) {
      const measure = measures.get(series.meter) as Measure;
      const unit = unitOfMeasure(measure);
      const key = keyOf(series);
      const id = `${key}\u0000${unit}`;
      const pieces = seriesPieces(period, series, measure, window.points, scales);
      computed.push({ id, firstBucket: window.firstBucket, pieces });
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
  const presentIds = new Set(present.map(([id]) => id));
  const shown = new Set(
    options.limit !== undefined && present.length > options.limit
      ? rank(present).slice(0, options.limit)
      : present.map(([id]) => id),
  );
  const groups = new Map<string, GroupAccumulator>();
  const accumulator = (id: string): GroupAccumulator | null => {
    const total = rangeTotals.get(id);
    if (!total || !presentIds.has(id)) return null;
    const target = shown.has(id) ? id : `${OTHERS_KEY}\u0000${total.unit}`;
    let group = groups.get(target);
    if (!group) {
      group = {
        key: shown.has(id) ? total.key : OTHERS_KEY,
        unit: total.unit,
        quantity: new Array<number | bigint | undefined>(bucketCount),
        cost: null,
        ...(shown.has(id) ? {} : { others: 0 }),
      };
      groups.set(target, group);
    }
    return group;
  };
  const folded = new Set<string>();
  const accumulators = new Map<string, GroupAccumulator | null>();
  for (const { id, firstBucket, pieces } of computed) {
    if (!accumulators.has(id)) accumulators.set(id, accumulator(id));
    const group = accumulators.get(id);
    if (!group) continue;
    if (group.others !== undefined && !folded.has(id)) {
      folded.add(id);
      group.others += 1;
    }
    addPieces(group, firstBucket, pieces, bucketCount);
  }
  const kept = [...groups.values()];
  const ordered = kept.sort((a, b) => compare(a.key, b.key) || compare(a.unit, b.unit));
  const buckets: UsageBucket[] = [];
  for (let b = 0; b < bucketCount; b += 1) {
    const figures: GroupFigures[] = [];
    for (const group of ordered) {
      const quantity = group.quantity[b];
      const cost = group.cost?.[b];
      if (quantity === undefined && (cost === undefined || cost === 0n)) continue;
      figures.push(figuresOf(group, quantity ?? 0, cost, scales));
    }
    buckets.push({ startMs: edges[b] as number, endMs: edges[b + 1] as number, groups: figures });
  }
  const totals = ordered.map((group) =>
    figuresOf(
      group,
      sumQuantities(group.quantity),
      group.cost === null ? undefined : sum(group.cost),
      scales,
    ),
  );
  return { buckets, totals };
}

function addPieces(
  group: GroupAccumulator,
  firstBucket: number,
  pieces: { quantity: Quantities; cost: bigint[] | null },
  bucketCount: number,
): void {
  const { quantity, cost } = pieces;
  for (let i = 0; i < quantity.length; i += 1) {
    const q = quantity[i] as number | bigint;
    if (q === 0 || q === 0n) continue;
    const b = firstBucket + i;
    group.quantity[b] = addQuantities(group.quantity[b], q);
  }
  if (cost === null) return;
  group.cost ??= new Array<bigint | undefined>(bucketCount);
  for (let i = 0; i < cost.length; i += 1) {
    const b = firstBucket + i;
    const c = cost[i] as bigint;
    const current = group.cost[b];
    group.cost[b] = current === undefined ? c : current + c;
  }
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
  return {
    key: group.key,
    quantity: formatQuantity(quantity, scales.quantity),
    unit: group.unit,
    ...(group.cost === null ? {} : { cost: formatScaled(cost ?? 0n, scales.cost) }),
    ...(group.others === undefined ? {} : { others: group.others }),
  };
}

function sum(values: readonly (bigint | undefined)[]): bigint {
  let total = 0n;
  for (const value of values) if (value !== undefined) total += value;
  return total;
}

function sumQuantities(values: readonly (number | bigint | undefined)[]): number | bigint {
  let total: number | bigint = 0;
  for (const value of values) if (value !== undefined) total = addQuantities(total, value);
  return total;
}

function formatQuantity(value: number | bigint, scale: number): string {
  return formatScaled(typeof value === 'number' ? BigInt(value) : value, scale);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
