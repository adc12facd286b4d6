import type { Period } from '../calendar/types';
import type { LedgerEvent } from '../events';
import { dimensionsKey } from './dimensions';
import { remeterPeriod } from './remeter';
import type { LateUsage, ResourceUsage } from './usage-report';

/**
 * The burst meters of `burstMeters` (the plan's: peak or percentile prices) that have a
 * group without burst detail in `groups`: a group reported by a billing cycle that did not
 * keep detail for its meter. Sorted as given.
 */
export function metersLackingBurst(
  groups: readonly Pick<ResourceUsage, 'meter' | 'burst'>[],
  burstMeters: readonly string[],
): string[] {
  return burstMeters.filter((meter) =>
    groups.some((group) => group.meter === meter && group.burst === undefined),
  );
}

/**
 * The burst meters of `burstMeters` (a finalized period's plan: peak or percentile prices)
 * with a late counter of that period that carries no interval table: one reported by a
 * billing cycle that kept no intervals for its meter, because the plan of its own period
 * prices the meter by neither (a plan change after the counter's period), or because the
 * burst price came after the cycle started. The percentile cannot place such a counter in an
 * interval; only the ledger can. Sorted as given.
 *
 * Example: burstMeters ["network.transit"]; late [{network.transit, 450 MB, no intervals}]
 * -> ["network.transit"]; with intervals {"2": "450"} -> [].
 */
export function lateMetersLackingIntervals(
  late: readonly Pick<LateUsage, 'meter' | 'intervals'>[],
  burstMeters: readonly string[],
): string[] {
  return burstMeters.filter((meter) =>
    late.some((usage) => usage.meter === meter && usage.intervals === undefined),
  );
}

/**
 * A burst price that arrived after the billing cycle started (docs/billing-rules.md): the
 * workflow reads the plan's burst meters once at the start of its run, so when the
 * subscription (or a plan change bringing a peak or percentile price) comes a moment later,
 * its counters carry no interval tables and its report no segments, and the peak and
 * percentile models could not rate the period (invalid_usage). Each meter of `burstMeters`
 * with a group lacking detail is metered again from the ledger with detail (remeterPeriod,
 * every lifecycle event at its instant, every counter in the 300 s interval of its
 * timestamp, as the workflow does), and its groups are replaced by those; every other group
 * is returned as it is, and without such a meter `groups` itself is returned, so a customer
 * whose cycle kept the detail sees nothing change.
 *
 * `events`: the customer's lifecycle events stamped before the period end and its counters
 * stamped in the period (loadEventsForReplay), with the ledger positions the groups were
 * metered from: `upToSequence` (a summary's last sequence, the live report's; null: all).
 * `asOfMs`: run time counted to this instant (the period end at a close, now when live).
 *
 * Worked example: period [0, 900 s), 3 intervals of 300 s; the cycle reported
 * network.transit of port-1 with quantity 60 MB and no detail; the ledger holds its counters
 * 10 MB at 100 s (seq 1), 20 MB at 400 s (seq 2), 30 MB at 700 s (seq 3) -> port-1's group
 * becomes quantity 60 with burst intervals {0: 10, 1: 20, 2: 30}, startMs 0, untilMs 900 s;
 * a 95th percentile keeps ceil(3 x 0.95) = 3 intervals and bills the highest, 30 MB per
 * 300 s. The same counters with upToSequence 2 give {0: 10, 1: 20}.
 */
export function backfillBurstUsage(
  groups: readonly ResourceUsage[],
  input: {
    burstMeters: readonly string[];
    events: readonly LedgerEvent[];
    period: Period;
    upToSequence: number | null;
    asOfMs: number;
  },
): readonly ResourceUsage[] {
  const lacking = metersLackingBurst(groups, input.burstMeters);
  if (lacking.length === 0) return groups;
  const { period, upToSequence } = input;
  // Only the lacking meters, and only what the groups were metered from: lifecycle events
  // before the period end, counters stamped in the period, up to the ledger position.
  const events = input.events.filter(
    (event) =>
      lacking.includes(event.meter) &&
      (upToSequence === null || event.seq <= upToSequence) &&
      event.timestampMs < period.endMs &&
      (event.type !== 'usage.recorded' || event.timestampMs >= period.startMs),
  );
  // Every counter left is stamped in the period: it lands in the period's intervals.
  const remetered = remeterPeriod(events, period, () => period.startMs, {
    burstMeters: lacking,
    asOfMs: input.asOfMs,
  }).filter((group) => lacking.includes(group.meter));
  return [...groups.filter((group) => !lacking.includes(group.meter)), ...remetered].sort(
    compareGroups,
  );
}

/** The order metering reports groups in: resource, meter, dimensions (usage-report.ts). */
function compareGroups(a: ResourceUsage, b: ResourceUsage): number {
  const x = [a.resourceId, a.meter, dimensionsKey(a.dimensions)];
  const y = [b.resourceId, b.meter, dimensionsKey(b.dimensions)];
  for (let i = 0; i < 3; i += 1) {
    const p = x[i] as string;
    const q = y[i] as string;
    if (p !== q) return p < q ? -1 : 1;
  }
  return 0;
}
