import { Decimal, toDecimalString } from '../decimal';
import type { Dimensions, LedgerEvent } from '../events';
import { addToInterval, intervalIndex } from './burst-usage';
import { dimensionsKey } from './dimensions';
import { compactTimeline, createTimeline, insertEntry, type Timeline } from './timeline';

/** The sum of `usage.recorded` quantities for one (period, resource, meter, dimensions). */
export interface CounterEntry {
  periodStartMs: number;
  resourceId: string;
  meter: string;
  dimensions: Dimensions;
  quantity: string;
  events: number;
  /**
   * The same quantity per COUNTER_INTERVAL_MS interval of the period (index -> quantity),
   * for meters in `MeteringState.burstMeters` only (the `percentile` price model).
   */
  intervals?: Record<string, string>;
}

/**
 * Everything the billing-cycle workflow knows about usage not yet finalized. Plain JSON:
 * it crosses continue-as-new as a Temporal payload.
 */
export interface MeteringState {
  /** Start of the oldest period still open; earlier lifecycle events are late. */
  horizonMs: number;
  timelines: Record<string, Timeline>;
  counters: Record<string, CounterEntry>;
  /** Lifecycle events older than the horizon, applied at the horizon (billing-rules.md). */
  lateLifecycleEvents: number;
  /**
   * Meters priced by `peak` or `percentile` (opt-in): their counters are also kept per 300 s
   * interval (burst-usage.ts), and a report asked for burst detail with this list includes
   * it for them only. Opt-in, because an interval table costs up to 8,640 entries per series
   * and month in the workflow's state; absent or empty: none (the state of before).
   */
  burstMeters?: string[];
}

export function createMeteringState(horizonMs: number, burstMeters?: string[]): MeteringState {
  return {
    horizonMs,
    timelines: {},
    counters: {},
    lateLifecycleEvents: 0,
    ...(burstMeters === undefined || burstMeters.length === 0 ? {} : { burstMeters }),
  };
}

function timelineKey(resourceId: string, meter: string): string {
  return JSON.stringify([resourceId, meter]);
}

function counterKey(periodStartMs: number, event: LedgerEvent, dimensions: Dimensions): string {
  return JSON.stringify([periodStartMs, event.resourceId, event.meter, dimensionsKey(dimensions)]);
}

/**
 * Applies one ledgered event. `periodStartOf` maps an instant to the start of its billing
 * period, so counters land in the period their timestamp belongs to (late ones included).
 */
export function applyEvent(
  state: MeteringState,
  event: LedgerEvent,
  periodStartOf: (instantMs: number) => number,
): void {
  if (event.type === 'usage.recorded') {
    const dimensions = event.dimensions ?? {};
    const periodStartMs = periodStartOf(event.timestampMs);
    const key = counterKey(periodStartMs, event, dimensions);
    const current = state.counters[key];
    const quantity = event.quantity ?? '1';
    // A late counter lands in the interval of its own timestamp, like in its period. The
    // table is updated in place: one entry per event, never a copy of the whole table.
    let intervals = current?.intervals;
    if (state.burstMeters?.includes(event.meter) === true) {
      intervals ??= {};
      addToInterval(intervals, intervalIndex(periodStartMs, event.timestampMs), quantity);
    }
    state.counters[key] = {
      periodStartMs,
      resourceId: event.resourceId,
      meter: event.meter,
      dimensions,
      quantity: current
        ? toDecimalString(new Decimal(current.quantity).plus(quantity))
        : toDecimalString(new Decimal(quantity)),
      events: (current?.events ?? 0) + 1,
      ...(intervals === undefined ? {} : { intervals }),
    };
    return;
  }
  const key = timelineKey(event.resourceId, event.meter);
  const timeline = (state.timelines[key] ??= createTimeline(
    event.resourceId,
    event.meter,
    state.horizonMs,
  ));
  const late = event.timestampMs < state.horizonMs;
  if (late) state.lateLifecycleEvents += 1;
  insertEntry(timeline, {
    seq: event.seq,
    timestampMs: late ? state.horizonMs : event.timestampMs,
    type: event.type,
    dimensions: event.dimensions,
    quantity: event.quantity,
  });
}

/**
 * Moves the horizon after a period is finalized: timelines fold into their state at the new
 * horizon, idle ones are dropped, and counters of finalized periods (already summarized)
 * are released.
 */
export function advanceHorizon(state: MeteringState, horizonMs: number): void {
  state.horizonMs = horizonMs;
  state.lateLifecycleEvents = 0;
  for (const [key, timeline] of Object.entries(state.timelines)) {
    compactTimeline(timeline, horizonMs);
    if (timeline.baseOpen === null && timeline.entries.length === 0) {
      Reflect.deleteProperty(state.timelines, key);
    }
  }
  for (const [key, counter] of Object.entries(state.counters)) {
    if (counter.periodStartMs < horizonMs) Reflect.deleteProperty(state.counters, key);
  }
}
