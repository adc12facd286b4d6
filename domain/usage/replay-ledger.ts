import type { Period } from '../calendar/types';
import type { Dimensions, LedgerEvent } from '../events';
import { dimensionsKey } from '../metering/dimensions';
import {
  advanceHorizon,
  applyEvent,
  createMeteringState,
  type CounterEntry,
  type MeteringState,
} from '../metering/metering-state';
import { computeUsageReport, type UsageReport } from '../metering/usage-report';
import { decimalsOf, formatScaled, pow10, toScaled } from './scaled';
import { captureSeries, type UsageSeries } from './series';

/** Where the ledger stood when a period was finalized: its final usage summary. */
export interface LedgerClose {
  periodStartMs: number;
  periodEndMs: number;
  /** The last sequence number the final summary (and so the invoice) includes. */
  lastSequence: number;
}

/** A period's usage as its invoice sees it (closed) or as it stands (open). */
export interface PeriodUsage {
  period: Period;
  /** Usage is counted up to here: the period end once it is over, else now. */
  asOfMs: number;
  /** Whether a final summary fixed the period (its invoice is final). */
  finalized: boolean;
  /** The usage report the invoice rates (run shares included). */
  report: UsageReport;
  series: UsageSeries[];
}

interface CounterAt {
  atMs: number;
  resourceId: string;
  meter: string;
  quantity: string;
  dimensions: Dimensions;
  dimensionsKey: string;
}

/** A running sum of one (period, resource, meter, dimensions) counter, exact. */
interface CounterSum {
  entry: Omit<CounterEntry, 'quantity'>;
  sum: bigint;
  scale: number;
}

/**
 * Replays a customer's ledger exactly as the billing-cycle workflow applied it, and takes
 * each of `periods` (in order) where its invoice did:
 *
 * - events are applied in sequence order through the metering domain (applyEvent), so
 *   resizes, duplicate starts and out-of-order arrivals give the same timelines;
 * - a finalized period is taken just after the last sequence number of its final summary,
 *   and the horizon then moves past it (advanceHorizon), as the workflow does after a final
 *   close: a lifecycle event stamped before the horizon and received later is applied at the
 *   horizon, and a counter of a finalized period becomes late usage (billed as an adjustment
 *   on a later invoice, never shown in the finalized period);
 * - a period not finalized yet (current, or in its grace period) is taken after every event,
 *   as of `nowMs` (open runs count up to now, a period in its grace period up to its end).
 *
 * `horizonMs` is where the workflow started: the first period it held. Pure.
 */
export function replayLedger(input: {
  events: readonly LedgerEvent[];
  closes: readonly LedgerClose[];
  periods: readonly Period[];
  periodStartOf: (instantMs: number) => number;
  horizonMs: number;
  nowMs: number;
  /**
   * Meters priced by `peak` or `percentile` (burstMetersOf): their counters are kept per
   * interval and reported with burst detail, as the workflow does, so those models can rate.
   */
  burstMeters?: string[];
}): PeriodUsage[] {
  const { periodStartOf, nowMs } = input;
  const state = createMeteringState(input.horizonMs, input.burstMeters);
  const burstMeters = new Set(input.burstMeters ?? []);
  const closes = [...input.closes].sort((a, b) => a.periodStartMs - b.periodStartMs);
  const wanted = new Map(input.periods.map((period) => [period.startMs, period]));
  const taken = new Map<number, PeriodUsage>();
  const counters = new Map<number, CounterAt[]>();
  // Counters are summed here rather than through applyEvent (a decimal.js sum and a JSON key
  // per event: a third of a large month's replay) and written into the metering state, under
  // keys of their own, whenever the state is read or its horizon moves: the usage report
  // groups counters by (resource, meter, dimensions) whatever their key, so it reads the same.
  const sums = new Map<string, CounterSum>();
  const flush = (): void => {
    for (const [key, { entry, sum, scale }] of sums) {
      state.counters[`analytics:${key}`] = { ...entry, quantity: formatScaled(sum, scale) };
    }
  };

  const take = (period: Period, asOfMs: number, finalized: boolean): void => {
    flush();
    taken.set(period.startMs, capture(state, period, asOfMs, finalized, counters));
  };
  let next = 0;
  const closeUpTo = (sequence: number): void => {
    for (let close = closes[next]; close && close.lastSequence < sequence; close = closes[next]) {
      const period = wanted.get(close.periodStartMs);
      if (period) take(period, period.endMs, true);
      if (close.periodEndMs > state.horizonMs) {
        flush();
        advanceHorizon(state, close.periodEndMs);
        // Released with the finalized periods, as applyEvent's entries are.
        for (const [key, { entry }] of sums) {
          if (entry.periodStartMs < state.horizonMs) sums.delete(key);
        }
      }
      next += 1;
    }
  };

  // Most counters fall in a period asked for (periods of the same calendar as periodStartOf):
  // found without the calendar.
  const periodOf = (instantMs: number): number => {
    for (const period of input.periods) {
      if (instantMs >= period.startMs && instantMs < period.endMs) return period.startMs;
    }
    return periodStartOf(instantMs);
  };
  for (const event of input.events) {
    closeUpTo(event.seq);
    if (event.type !== 'usage.recorded') {
      applyEvent(state, event, periodStartOf);
      continue;
    }
    const periodStartMs = periodOf(event.timestampMs);
    const dimensions = event.dimensions ?? {};
    const key = isEmpty(dimensions) ? EMPTY_DIMENSIONS_KEY : dimensionsKey(dimensions);
    const quantity = event.quantity ?? '1';
    // A burst meter's counters also go into their intervals (percentile): through applyEvent.
    if (burstMeters.has(event.meter)) applyEvent(state, event, periodStartOf);
    else {
      addToSum(
        sums,
        { periodStartMs, resourceId: event.resourceId, meter: event.meter, dimensions },
        key,
        quantity,
      );
    }
    // Counters of a finalized period are late usage: shown in no period here.
    if (periodStartMs < state.horizonMs) continue;
    const list = counters.get(periodStartMs) ?? [];
    list.push({
      atMs: event.timestampMs,
      resourceId: event.resourceId,
      meter: event.meter,
      quantity,
      dimensions,
      dimensionsKey: key,
    });
    counters.set(periodStartMs, list);
  }
  closeUpTo(Infinity);
  for (const period of input.periods) {
    if (!taken.has(period.startMs)) take(period, Math.min(nowMs, period.endMs), false);
  }
  return input.periods.map((period) => taken.get(period.startMs) as PeriodUsage);
}

/** dimensionsKey({}): most counters carry no dimensions. */
const EMPTY_DIMENSIONS_KEY = dimensionsKey({});

function isEmpty(dimensions: Dimensions): boolean {
  for (const name in dimensions) if (Object.hasOwn(dimensions, name)) return false;
  return true;
}

function addToSum(
  sums: Map<string, CounterSum>,
  entry: Omit<CounterEntry, 'quantity' | 'events'>,
  dimensionsKey: string,
  quantity: string,
): void {
  // Ledger text holds no NUL (PostgreSQL refuses it; api/schemas/text.ts): parts stay apart.
  const key = `${entry.periodStartMs}\u0000${entry.resourceId}\u0000${entry.meter}\u0000${dimensionsKey}`;
  const decimals = decimalsOf(quantity);
  let running = sums.get(key);
  if (!running) {
    running = { entry: { ...entry, events: 0 }, sum: 0n, scale: decimals };
    sums.set(key, running);
  }
  if (decimals > running.scale) {
    running.sum *= pow10(decimals - running.scale);
    running.scale = decimals;
  }
  running.sum += toScaled(quantity, running.scale);
  running.entry.events += 1;
}

function capture(
  state: MeteringState,
  period: Period,
  asOfMs: number,
  finalized: boolean,
  counters: ReadonlyMap<number, CounterAt[]>,
): PeriodUsage {
  const report = computeUsageReport(state, period, asOfMs, {
    includeRuns: true,
    includeBurst: state.burstMeters ?? false,
  });
  return {
    period,
    asOfMs: report.asOfMs,
    finalized,
    report,
    series: captureSeries(state, period, report.asOfMs, counters.get(period.startMs) ?? []),
  };
}
