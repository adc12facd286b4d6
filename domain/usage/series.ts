import type { Period } from '../calendar/types';
import type { Dimensions } from '../events';
import { dimensionsKey } from '../metering/dimensions';
import type { MeteringState } from '../metering/metering-state';
import { replayTimeline } from '../metering/timeline';

/** A stretch of one run with constant attributes, clipped to the period and its as-of instant. */
export interface SeriesSegment {
  fromMs: number;
  toMs: number;
  /** The quantity held (vCPU, GB), decimal string. */
  quantity: string;
  dimensions: Dimensions;
  dimensionsKey: string;
  /** Start of the run the segment belongs to (a resize continues the run). */
  runStartMs: number;
}

/** One `usage.recorded` event of the period, at its timestamp. */
export interface SeriesCounter {
  atMs: number;
  quantity: string;
  dimensions: Dimensions;
  dimensionsKey: string;
}

/** Everything one (resource, meter) did in a period, in time order. */
export interface UsageSeries {
  resourceId: string;
  meter: string;
  segments: SeriesSegment[];
  counters: SeriesCounter[];
  /** Runs that started in the period (zero-length ones included), with their dimensions. */
  runStarts: { atMs: number; dimensionsKey: string }[];
  /** Start of the run still open at the as-of instant, else null. */
  openRunStartMs: number | null;
}

const seriesKey = (resourceId: string, meter: string): string =>
  JSON.stringify([resourceId, meter]);

/**
 * The per-resource time series of a period as the metering state holds it at `asOfMs`
 * (clamped to the period): each timeline replayed (docs/billing-rules.md: resizes, duplicate
 * starts, stops without a run) and clipped to [period start, as-of), and the period's counter
 * events (which count whatever their timestamp within the period, as in the usage report).
 * Sorted by resource id, then meter.
 */
export function captureSeries(
  state: MeteringState,
  period: Period,
  asOfMs: number,
  counters: readonly {
    atMs: number;
    resourceId: string;
    meter: string;
    quantity: string;
    dimensions: Dimensions;
    dimensionsKey?: string;
  }[],
): UsageSeries[] {
  const until = Math.max(period.startMs, Math.min(asOfMs, period.endMs));
  const all = new Map<string, UsageSeries>();
  const seriesOf = (resourceId: string, meter: string): UsageSeries => {
    const key = seriesKey(resourceId, meter);
    let series = all.get(key);
    if (!series) {
      series = {
        resourceId,
        meter,
        segments: [],
        counters: [],
        runStarts: [],
        openRunStartMs: null,
      };
      all.set(key, series);
    }
    return series;
  };
  for (const timeline of Object.values(state.timelines)) {
    const replay = replayTimeline(timeline, until);
    let series: UsageSeries | null = null;
    const keys = new Map<unknown, string>();
    const keyOf = (dimensions: Dimensions): string => {
      let key = keys.get(dimensions);
      if (key === undefined) {
        key = dimensionsKey(dimensions);
        keys.set(dimensions, key);
      }
      return key;
    };
    for (const segment of replay.segments) {
      const fromMs = Math.max(segment.fromMs, period.startMs);
      const toMs = Math.min(segment.toMs, until);
      if (toMs <= fromMs) continue;
      series ??= seriesOf(timeline.resourceId, timeline.meter);
      const { dimensions, quantity } = segment.attributes;
      series.segments.push({
        fromMs,
        toMs,
        quantity,
        dimensions,
        dimensionsKey: keyOf(dimensions),
        runStartMs: segment.runStartMs,
      });
    }
    for (const start of replay.runStarts) {
      if (start.atMs < period.startMs) continue;
      series ??= seriesOf(timeline.resourceId, timeline.meter);
      series.runStarts.push({
        atMs: start.atMs,
        dimensionsKey: keyOf(start.attributes.dimensions),
      });
    }
    if (replay.open !== null && series !== null) series.openRunStartMs = replay.openRunStartMs;
  }
  for (const counter of counters) {
    if (counter.atMs < period.startMs || counter.atMs >= period.endMs) continue;
    seriesOf(counter.resourceId, counter.meter).counters.push({
      atMs: counter.atMs,
      quantity: counter.quantity,
      dimensions: counter.dimensions,
      dimensionsKey: counter.dimensionsKey ?? dimensionsKey(counter.dimensions),
    });
  }
  const sorted = [...all.values()].sort(
    (a, b) => compare(a.resourceId, b.resourceId) || compare(a.meter, b.meter),
  );
  for (const series of sorted) series.counters.sort((a, b) => a.atMs - b.atMs);
  return sorted;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
