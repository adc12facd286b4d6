import type { Period } from '../calendar/types';
import type { LedgerEvent } from '../events';
import { applyEvent, createMeteringState } from './metering-state';
import { computeUsageReport, type ResourceUsage } from './usage-report';

/**
 * A period metered from the ledger as it stands: every lifecycle event at its own instant
 * (none is late: the horizon is the epoch), every counter in the period of its timestamp,
 * whatever order they arrived in. The billing cycle meters an open period the same way; a
 * period it finalized before a late start, stop or resize arrived is metered again here to
 * restate it (domain/invoice/restatement.ts). `events`: the customer's lifecycle events
 * stamped before the period's end and its counters stamped in the period.
 *
 * Example: vm-1 started Nov 1 00:00 (seq 1); the period closed with it running; its stop at
 * Nov 1 18:00 arrived Nov 2 (seq 9). Remetered, Nov 1 holds 18 h of vm-1, not 24.
 */
export function remeterPeriod(
  events: readonly LedgerEvent[],
  period: Period,
  periodStartOf: (instantMs: number) => number,
  options: {
    /**
     * Meters kept with burst detail (segments, counter intervals), as the workflow keeps its
     * burstMeters: a burst price that arrived after the cycle started (burst-backfill.ts).
     * Absent: none, as a restatement meters.
     */
    burstMeters?: readonly string[];
    /** Run time is counted up to this instant (a live period); absent: the period end. */
    asOfMs?: number;
  } = {},
): ResourceUsage[] {
  const burstMeters = options.burstMeters ?? [];
  const state = createMeteringState(0, [...burstMeters]);
  for (const event of events) {
    if (event.timestampMs < period.endMs) applyEvent(state, event, periodStartOf);
  }
  return computeUsageReport(state, period, options.asOfMs ?? period.endMs, {
    includeRuns: true,
    ...(burstMeters.length > 0 ? { includeBurst: burstMeters } : {}),
  }).resources;
}
