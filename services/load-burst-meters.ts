import { loadEventsForReplay } from '../db/repositories/ledger.repository';
import type { Database } from '../db/client';
import type { Period } from '../domain/calendar/types';
import { backfillBurstUsage, metersLackingBurst } from '../domain/metering/burst-backfill';
import type { ResourceUsage } from '../domain/metering/usage-report';
import { burstMetersOf } from '../domain/rating';
import { loadPlanAt } from '../db/repositories/catalog.repository';

/**
 * The meters the customer's plan in effect at `atMs` prices by peak or percentile: what the
 * billing-cycle workflow keeps burst detail for (MeteringState.burstMeters). None without a
 * subscription.
 */
export async function loadBurstMeters(
  deps: { db: Database },
  input: { customerId: string; atMs: number },
): Promise<string[]> {
  const plan = await loadPlanAt(deps.db, input.customerId, input.atMs);
  return plan ? burstMetersOf(plan.prices) : [];
}

/**
 * A period's usage (a summary's lines, the live report's resources) with burst detail for
 * every meter of `burstMeters` whose cycle did not keep it: the burst price arrived after the
 * cycle read its plan (domain/metering/burst-backfill.ts). The ledger is read only then, up
 * to `upToSequence`, the position the usage was metered to; otherwise `usage` is returned.
 */
export async function withBurstDetail(
  deps: { db: Database },
  input: {
    customerId: string;
    usage: readonly ResourceUsage[];
    burstMeters: readonly string[];
    period: Period;
    upToSequence: number | null;
    asOfMs: number;
  },
): Promise<readonly ResourceUsage[]> {
  const { usage, period } = input;
  if (metersLackingBurst(usage, input.burstMeters).length === 0) return usage;
  const events = await loadEventsForReplay(deps.db, input.customerId, {
    countersFromMs: period.startMs,
    untilMs: period.endMs,
  });
  return backfillBurstUsage(usage, { ...input, events });
}
