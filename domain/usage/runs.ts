import type { Dimensions } from '../events';
import type { Measure } from '../rating/types';
import { metersMeasures } from './bucketize';
import { costCurve } from './cost-curve';
import { cumulativeAt } from './cumulative';
import { unitOfMeasure } from './measure';
import { scalesOf, type Scales } from './pieces';
import { costKey, type PricedPeriod } from './price-usage';
import { formatScaled, toScaled } from './scaled';
import type { UsageSeries } from './series';

export interface RunSegmentView {
  startMs: number;
  endMs: number;
  /** The quantity held in the segment (vCPU, GB). */
  quantity: string;
  seconds: string;
  /** The segment's usage in its meter's measure (seconds, unit-seconds). */
  usage: string;
  cost: string | null;
}

export interface RunView {
  runId: string;
  meter: string;
  startMs: number;
  /** Null while the run is still open at the end of the usage read. */
  stopMs: number | null;
  durationSeconds: string;
  quantity: string;
  unit: string;
  cost: string | null;
  dimensions: Dimensions;
  segments: RunSegmentView[];
}

interface RunAccumulator {
  meter: string;
  startMs: number;
  stopMs: number | null;
  millis: number;
  usage: bigint;
  cost: bigint | null;
  unit: string;
  dimensions: Dimensions;
  segments: RunSegmentView[];
}

/**
 * The runs of one resource with time in [fromMs, toMs), oldest first, each with its
 * segments (a resize starts a new segment of the same run) clipped to the range. A run's
 * cost is the sum of its segments', each the part of the resource's invoice amount its usage
 * carries (cost-curve.ts); a run across a period boundary is one run with segments in both.
 * A zero-length run (start and stop at one instant) is listed with no segments; it carries
 * the amount of a per-run minimum only when the resource has no run time at all.
 */
export function runsOfResource(
  periods: readonly PricedPeriod[],
  resourceId: string,
  fromMs: number,
  toMs: number,
): RunView[] {
  const scales = scalesOf(periods);
  const measures = metersMeasures(periods);
  const runs = new Map<string, RunAccumulator>();
  for (const period of periods) {
    const lo = Math.max(fromMs, period.period.startMs);
    const hi = Math.min(toMs, period.period.endMs);
    if (hi <= lo) continue;
    for (const series of period.series) {
      if (series.resourceId !== resourceId) continue;
      const measure = measures.get(series.meter) as Measure;
      addSeriesRuns(runs, period, series, measure, lo, hi, scales);
    }
  }
  return [...runs.values()]
    .sort((a, b) => a.startMs - b.startMs || (a.meter < b.meter ? -1 : a.meter > b.meter ? 1 : 0))
    .map((run) => ({
      runId: `${run.meter}@${run.startMs}`,
      meter: run.meter,
      startMs: run.startMs,
      stopMs: run.stopMs,
      durationSeconds: formatScaled(BigInt(run.millis), 3),
      quantity: formatScaled(run.usage, scales.quantity),
      unit: run.unit,
      cost: run.cost === null ? null : formatScaled(run.cost, scales.cost),
      dimensions: run.dimensions,
      segments: run.segments,
    }));
}

function addSeriesRuns(
  runs: Map<string, RunAccumulator>,
  period: PricedPeriod,
  series: UsageSeries,
  measure: Measure,
  lo: number,
  hi: number,
  scales: Scales,
): void {
  const inRange = series.segments.filter((s) => s.toMs > lo && s.fromMs < hi);
  const points = inRange.flatMap((s) => [Math.max(s.fromMs, lo), Math.min(s.toMs, hi)]);
  const parts = period.costs.get(costKey(series.resourceId, series.meter));
  const segmentCosts: bigint[] | null = parts === undefined ? null : inRange.map(() => 0n);
  const startCosts = new Map<number, bigint>();
  for (const part of parts ?? []) {
    const accept = (key: string): boolean => part.dimensionsKeys.has(key);
    const weights = cumulativeAt(series, part.measure, points, scales.quantityDecimals, accept);
    if (weights.total > 0n) {
      const curve = costCurve(part.amount, weights.total, scales.cost);
      inRange.forEach((_, i) => {
        const share =
          curve.at(weights.at[2 * i + 1] as bigint) - curve.at(weights.at[2 * i] as bigint);
        (segmentCosts as bigint[])[i] = ((segmentCosts as bigint[])[i] as bigint) + share;
      });
      continue;
    }
    // No usage to carry the amount: it sits on the run starts (pieces.ts, runStartsAt).
    const starts = series.runStarts.filter((s) => accept(s.dimensionsKey)).map((s) => s.atMs);
    if (starts.length === 0) continue;
    starts.sort((a, b) => a - b);
    const curve = costCurve(part.amount, BigInt(starts.length), scales.cost);
    starts.forEach((atMs, k) => {
      if (atMs < lo || atMs >= hi) return;
      const share = curve.at(BigInt(k + 1)) - curve.at(BigInt(k));
      startCosts.set(atMs, (startCosts.get(atMs) ?? 0n) + share);
    });
  }

  const runOf = (startMs: number): RunAccumulator => {
    const id = `${series.meter}@${startMs}`;
    let run = runs.get(id);
    if (!run) {
      run = {
        meter: series.meter,
        startMs,
        stopMs: startMs,
        millis: 0,
        usage: 0n,
        cost: parts === undefined ? null : 0n,
        unit: unitOfMeasure(measure === 'quantity' ? 'seconds' : measure),
        dimensions: {},
        segments: [],
      };
      runs.set(id, run);
    }
    return run;
  };
  const lastOfRun = new Map<number, number>();
  series.segments.forEach((s) => lastOfRun.set(s.runStartMs, s.toMs));
  inRange.forEach((segment, i) => {
    const run = runOf(segment.runStartMs);
    const startMs = Math.max(segment.fromMs, lo);
    const endMs = Math.min(segment.toMs, hi);
    const millis = endMs - startMs;
    const usage =
      measure === 'quantitySeconds'
        ? toScaled(segment.quantity, scales.quantityDecimals) * BigInt(millis)
        : BigInt(millis) * 10n ** BigInt(scales.quantityDecimals);
    const cost = segmentCosts === null ? null : (segmentCosts[i] as bigint);
    run.millis += millis;
    run.usage += usage;
    if (cost !== null) run.cost = (run.cost ?? 0n) + cost;
    run.dimensions = segment.dimensions;
    // Still open where the read ends: no stop yet.
    const open = series.openRunStartMs === segment.runStartMs;
    run.stopMs = open ? null : (lastOfRun.get(segment.runStartMs) ?? segment.toMs);
    run.segments.push({
      startMs,
      endMs,
      quantity: segment.quantity,
      seconds: formatScaled(BigInt(millis), 3),
      usage: formatScaled(usage, scales.quantity),
      cost: cost === null ? null : formatScaled(cost, scales.cost),
    });
  });
  for (const start of series.runStarts) {
    if (start.atMs < lo || start.atMs >= hi || runs.has(`${series.meter}@${start.atMs}`)) continue;
    const run = runOf(start.atMs);
    const cost = startCosts.get(start.atMs);
    if (cost !== undefined) run.cost = (run.cost ?? 0n) + cost;
  }
}
