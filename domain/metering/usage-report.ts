import { Decimal, millisToSeconds, toDecimalString } from '../decimal';
import type { Dimensions } from '../events';
import type { Period } from '../calendar/types';
import type { BurstSegment, BurstUsage } from './burst-usage';
import { addToInterval } from './burst-usage';
import { dimensionsKey } from './dimensions';
import type { MeteringState } from './metering-state';
import { replayTimeline, type ReplayAnomalies } from './timeline';

/**
 * One run's share of a (resource, meter, dimensions) in a period: what per-run minimums and
 * rounding increments are applied to. `priorMs` is the run's time before this share (an
 * earlier period, or other dimensions before a resize); absent when the run starts here.
 */
export interface RunShare {
  durationMs: number;
  quantity: string;
  priorMs?: number;
}

/** Usage of one (resource, meter, dimensions) in a period; amounts as exact decimal strings. */
export interface ResourceUsage {
  resourceId: string;
  meter: string;
  dimensions: Dimensions;
  /** Run time in the period, in seconds (millisecond precision). */
  seconds: string;
  /** Sum of quantity x run time, e.g. GB-seconds for a volume. */
  quantitySeconds: string;
  /** Sum of `usage.recorded` quantities. */
  quantity: string;
  /** Runs that started in the period (resizes are not new runs). */
  runs: number;
  /** Per-run shares, for rating; only when asked for (`includeRuns`), as at a period close. */
  runShares?: RunShare[];
  /**
   * Segments and counter intervals, for the `peak` and `percentile` models; only when asked
   * for (`includeBurst`: true for every meter, or the list of meters). See burst-usage.ts.
   */
  burst?: BurstUsage;
}

export interface MeterTotal {
  meter: string;
  seconds: string;
  quantitySeconds: string;
  quantity: string;
}

export interface OpenRun {
  resourceId: string;
  meter: string;
  dimensions: Dimensions;
  quantity: string;
  /** When the run started (resizes and period boundaries do not move it). */
  sinceMs: number;
}

/** Quantity recorded for an already-finalized period: billed as an adjustment later. */
export interface LateUsage {
  periodStartMs: number;
  resourceId: string;
  meter: string;
  dimensions: Dimensions;
  quantity: string;
  /**
   * The same quantity per 300 s interval of its period (burst-usage.ts), for a burst meter in
   * a report asked for burst detail: the percentile adjustment re-rates with it.
   */
  intervals?: Record<string, string>;
}

export interface UsageAnomalies extends ReplayAnomalies {
  lateLifecycleEvents: number;
}

export interface UsageReport {
  period: Period;
  /** Usage is counted up to this instant (the period end once closed). */
  asOfMs: number;
  resources: ResourceUsage[];
  meters: MeterTotal[];
  openRuns: OpenRun[];
  lateUsage: LateUsage[];
  anomalies: UsageAnomalies;
}

interface Accumulator {
  resourceId: string;
  meter: string;
  dimensions: Dimensions;
  millis: number;
  quantityMillis: Decimal;
  quantity: Decimal;
  runs: number;
  runShares: RunShare[];
  segments: BurstSegment[];
  intervals: Record<string, string>;
}

function compareKeys(a: [string, string, string], b: [string, string, string]): number {
  for (let i = 0; i < 3; i += 1) {
    const x = a[i] as string;
    const y = b[i] as string;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

/**
 * Usage of `period` as known at `asOfMs` (clamped to the period). Run time is clipped to the
 * period exactly, so a run crossing a boundary is split without losing a millisecond.
 */
export function computeUsageReport(
  state: MeteringState,
  period: Period,
  asOfMs: number,
  options: { includeRuns?: boolean; includeBurst?: boolean | readonly string[] } = {},
): UsageReport {
  const until = Math.max(period.startMs, Math.min(asOfMs, period.endMs));
  // Burst detail (segments, counter intervals): for every meter, or for the meters listed.
  const { includeBurst } = options;
  const burstFor = (meter: string): boolean =>
    includeBurst === true || (Array.isArray(includeBurst) && includeBurst.includes(meter));
  const groups = new Map<string, Accumulator>();
  const anomalies: UsageAnomalies = {
    duplicateStarts: 0,
    stopsWithoutRun: 0,
    updatesWithoutRun: 0,
    lateLifecycleEvents: state.lateLifecycleEvents,
  };
  const group = (resourceId: string, meter: string, dimensions: Dimensions): Accumulator => {
    const key = JSON.stringify([resourceId, meter, dimensionsKey(dimensions)]);
    let acc = groups.get(key);
    if (!acc) {
      acc = {
        resourceId,
        meter,
        dimensions,
        millis: 0,
        quantityMillis: new Decimal(0),
        quantity: new Decimal(0),
        runs: 0,
        runShares: [],
        segments: [],
        intervals: {},
      };
      groups.set(key, acc);
    }
    return acc;
  };

  const openRuns: OpenRun[] = [];
  for (const timeline of Object.values(state.timelines)) {
    const replay = replayTimeline(timeline, until);
    anomalies.duplicateStarts += replay.anomalies.duplicateStarts;
    anomalies.stopsWithoutRun += replay.anomalies.stopsWithoutRun;
    anomalies.updatesWithoutRun += replay.anomalies.updatesWithoutRun;
    for (const segment of replay.segments) {
      const from = Math.max(segment.fromMs, period.startMs);
      const to = Math.min(segment.toMs, until);
      if (to <= from) continue;
      const acc = group(timeline.resourceId, timeline.meter, segment.attributes.dimensions);
      acc.millis += to - from;
      acc.quantityMillis = acc.quantityMillis.plus(
        new Decimal(segment.attributes.quantity).times(to - from),
      );
      if (burstFor(timeline.meter))
        acc.segments.push({ fromMs: from, toMs: to, quantity: segment.attributes.quantity });
      const priorMs = from - segment.runStartMs;
      acc.runShares.push({
        durationMs: to - from,
        quantity: segment.attributes.quantity,
        ...(priorMs > 0 ? { priorMs } : {}),
      });
    }
    for (const start of replay.runStarts) {
      // A run belongs to the period it starts in, under the dimensions it started with.
      if (start.atMs >= period.startMs) {
        const acc = group(timeline.resourceId, timeline.meter, start.attributes.dimensions);
        acc.runs += 1;
        // A zero-length run has no segment but is still a run (it pays per-run minimums).
        if (!replay.segments.some((s) => s.runStartMs === start.atMs)) {
          acc.runShares.push({ durationMs: 0, quantity: start.attributes.quantity });
        }
      }
    }
    if (replay.open !== null && replay.openRunStartMs !== null) {
      openRuns.push({
        resourceId: timeline.resourceId,
        meter: timeline.meter,
        dimensions: replay.open.dimensions,
        quantity: replay.open.quantity,
        sinceMs: replay.openRunStartMs,
      });
    }
  }

  const lateUsage: LateUsage[] = [];
  for (const counter of Object.values(state.counters)) {
    if (counter.periodStartMs === period.startMs) {
      const acc = group(counter.resourceId, counter.meter, counter.dimensions);
      acc.quantity = acc.quantity.plus(counter.quantity);
      if (burstFor(counter.meter)) {
        for (const [index, quantity] of Object.entries(counter.intervals ?? {})) {
          addToInterval(acc.intervals, Number(index), quantity);
        }
      }
    } else if (counter.periodStartMs < Math.min(period.startMs, state.horizonMs)) {
      // Only finalized periods are late; one still in its grace period is not.
      const { periodStartMs, resourceId, meter, dimensions, quantity, intervals } = counter;
      lateUsage.push({
        periodStartMs,
        resourceId,
        meter,
        dimensions,
        quantity,
        ...(intervals !== undefined && burstFor(meter) ? { intervals: { ...intervals } } : {}),
      });
    }
  }

  const sorted = [...groups.values()].sort((a, b) =>
    compareKeys(
      [a.resourceId, a.meter, dimensionsKey(a.dimensions)],
      [b.resourceId, b.meter, dimensionsKey(b.dimensions)],
    ),
  );
  return {
    period,
    asOfMs: until,
    resources: sorted.map((acc) =>
      toResourceUsage(
        acc,
        options.includeRuns ?? false,
        burstFor(acc.meter) ? { startMs: period.startMs, untilMs: until } : null,
      ),
    ),
    meters: totalsPerMeter(sorted),
    openRuns: openRuns.sort((a, b) =>
      compareKeys([a.resourceId, a.meter, ''], [b.resourceId, b.meter, '']),
    ),
    // Fully ordered: counters are held in arrival order, and the report must not depend on it.
    lateUsage: lateUsage.sort(
      (a, b) =>
        a.periodStartMs - b.periodStartMs ||
        compareKeys(
          [a.resourceId, a.meter, dimensionsKey(a.dimensions)],
          [b.resourceId, b.meter, dimensionsKey(b.dimensions)],
        ),
    ),
    anomalies,
  };
}

function toResourceUsage(
  acc: Accumulator,
  includeRuns: boolean,
  burst: { startMs: number; untilMs: number } | null,
): ResourceUsage {
  return {
    resourceId: acc.resourceId,
    meter: acc.meter,
    dimensions: acc.dimensions,
    seconds: millisToSeconds(acc.millis),
    quantitySeconds: millisToSeconds(acc.quantityMillis),
    quantity: toDecimalString(acc.quantity),
    runs: acc.runs,
    ...(includeRuns ? { runShares: acc.runShares } : {}),
    ...(burst === null
      ? {}
      : { burst: { ...burst, segments: acc.segments, intervals: acc.intervals } }),
  };
}

function totalsPerMeter(groups: Accumulator[]): MeterTotal[] {
  const totals = new Map<string, { millis: number; quantityMillis: Decimal; quantity: Decimal }>();
  for (const acc of groups) {
    const total = totals.get(acc.meter) ?? {
      millis: 0,
      quantityMillis: new Decimal(0),
      quantity: new Decimal(0),
    };
    total.millis += acc.millis;
    total.quantityMillis = total.quantityMillis.plus(acc.quantityMillis);
    total.quantity = total.quantity.plus(acc.quantity);
    totals.set(acc.meter, total);
  }
  return [...totals.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([meter, total]) => ({
      meter,
      seconds: millisToSeconds(total.millis),
      quantitySeconds: millisToSeconds(total.quantityMillis),
      quantity: toDecimalString(total.quantity),
    }));
}
