import type { Dimensions, LifecycleEventType } from '../events';
import { sameDimensions } from './dimensions';

/** What a run is billed by while it is open. */
export interface RunAttributes {
  dimensions: Dimensions;
  quantity: string;
}

export interface TimelineEntry {
  seq: number;
  timestampMs: number;
  type: LifecycleEventType;
  /** null: not given by the event (an update keeps the run's current value). */
  dimensions: Dimensions | null;
  quantity: string | null;
}

/**
 * The lifecycle of one (resource, meter): the state at `baseMs` (the compaction horizon)
 * and every later lifecycle event, sorted by (timestamp, seq). Usage is always derived by
 * replaying it, so arrival order never changes the result.
 */
export interface Timeline {
  resourceId: string;
  meter: string;
  baseMs: number;
  baseOpen: RunAttributes | null;
  /** When the run open at `baseMs` started (before any compaction folded it). */
  baseRunStartMs?: number | null;
  entries: TimelineEntry[];
}

export interface Segment {
  attributes: RunAttributes;
  fromMs: number;
  toMs: number;
  /** Start of the run this segment belongs to (a resize continues the same run). */
  runStartMs: number;
}

export interface ReplayAnomalies {
  duplicateStarts: number;
  stopsWithoutRun: number;
  updatesWithoutRun: number;
}

export interface ReplayResult {
  segments: Segment[];
  /** Starts of new runs (not resizes), with the attributes they started with. */
  runStarts: { atMs: number; attributes: RunAttributes }[];
  open: RunAttributes | null;
  openSinceMs: number | null;
  /** When the open run started: its first start, not its last resize. */
  openRunStartMs: number | null;
  anomalies: ReplayAnomalies;
}

export function createTimeline(resourceId: string, meter: string, baseMs: number): Timeline {
  return { resourceId, meter, baseMs, baseOpen: null, entries: [] };
}

function entryBefore(a: TimelineEntry, b: TimelineEntry): boolean {
  return a.timestampMs < b.timestampMs || (a.timestampMs === b.timestampMs && a.seq < b.seq);
}

/** Inserts in (timestamp, seq) order; in-order arrivals append in O(1). */
export function insertEntry(timeline: Timeline, entry: TimelineEntry): void {
  const entries = timeline.entries;
  const last = entries[entries.length - 1];
  if (last === undefined || entryBefore(last, entry)) {
    entries.push(entry);
    return;
  }
  let lo = 0;
  let hi = entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (entryBefore(entries[mid] as TimelineEntry, entry)) lo = mid + 1;
    else hi = mid;
  }
  entries.splice(lo, 0, entry);
}

function startAttributes(entry: TimelineEntry): RunAttributes {
  return { dimensions: entry.dimensions ?? {}, quantity: entry.quantity ?? '1' };
}

function updatedAttributes(current: RunAttributes, entry: TimelineEntry): RunAttributes {
  return {
    dimensions: entry.dimensions ?? current.dimensions,
    quantity: entry.quantity ?? current.quantity,
  };
}

function sameAttributes(a: RunAttributes, b: RunAttributes): boolean {
  return a.quantity === b.quantity && sameDimensions(a.dimensions, b.dimensions);
}

/**
 * Replays the timeline up to `untilMs` (exclusive of later events). The rules are those of
 * docs/billing-rules.md: a start while running with other attributes is a resize, with the
 * same attributes a no-op; a stop or update with no open run changes nothing.
 */
export function replayTimeline(timeline: Timeline, untilMs: number): ReplayResult {
  const segments: Segment[] = [];
  const runStarts: ReplayResult['runStarts'] = [];
  const anomalies: ReplayAnomalies = {
    duplicateStarts: 0,
    stopsWithoutRun: 0,
    updatesWithoutRun: 0,
  };
  let open = timeline.baseOpen;
  let since = timeline.baseMs;
  let runStart = open === null ? null : (timeline.baseRunStartMs ?? timeline.baseMs);

  const closeAt = (at: number): void => {
    if (open !== null && at > since) {
      segments.push({ attributes: open, fromMs: since, toMs: at, runStartMs: runStart ?? since });
    }
  };

  for (const entry of timeline.entries) {
    if (entry.timestampMs >= untilMs) break;
    if (entry.type === 'resource.started') {
      const next = startAttributes(entry);
      if (open === null) {
        runStarts.push({ atMs: entry.timestampMs, attributes: next });
        runStart = entry.timestampMs;
      } else if (sameAttributes(open, next)) {
        anomalies.duplicateStarts += 1;
        continue;
      } else {
        closeAt(entry.timestampMs);
      }
      open = next;
      since = entry.timestampMs;
    } else if (open === null) {
      if (entry.type === 'resource.stopped') anomalies.stopsWithoutRun += 1;
      else anomalies.updatesWithoutRun += 1;
    } else {
      closeAt(entry.timestampMs);
      open = entry.type === 'resource.stopped' ? null : updatedAttributes(open, entry);
      since = entry.timestampMs;
    }
  }
  closeAt(untilMs);
  return {
    segments,
    runStarts,
    open,
    openSinceMs: open === null ? null : since,
    openRunStartMs: open === null ? null : runStart,
    anomalies,
  };
}

/**
 * Folds every entry before `horizonMs` into the base state. Usage after the horizon is
 * unchanged: the replay from the new base gives exactly the same segments from there on.
 */
export function compactTimeline(timeline: Timeline, horizonMs: number): void {
  if (horizonMs <= timeline.baseMs) return;
  const replay = replayTimeline(timeline, horizonMs);
  timeline.baseMs = horizonMs;
  timeline.baseOpen = replay.open;
  timeline.baseRunStartMs = replay.openRunStartMs;
  timeline.entries = timeline.entries.filter((entry) => entry.timestampMs >= horizonMs);
}
