import type { Database } from '../db/client';
import { loadPlan } from '../db/repositories/catalog.repository';
import { loadInvoice } from '../db/repositories/invoices.repository';
import { loadSummarySequence } from '../db/repositories/restatement.repository';
import {
  loadLateUsageReportedAfter,
  loadUsageSummaryLines,
} from '../db/repositories/usage-summaries.repository';
import { invoiceIdFor, rateLateUsageAdjustments, usageGroupsOf } from '../domain/invoice';
import {
  adjustmentTermsOf,
  groupLateUsageByPeriod,
  lateUsageBilledBefore,
} from '../domain/invoice/late-usage';
import { lateMetersLackingIntervals } from '../domain/metering/burst-backfill';
import type { LateUsage } from '../domain/metering/usage-report';
import { burstMetersOf, type RatedLine } from '../domain/rating';
import { withBurstDetail } from './load-burst-meters';
import { restatePeriod } from './restate-periods';

/**
 * Adjustment lines for late usage of finalized periods: each period is re-rated on the plan
 * its invoice used, on top of what was already billed for it: the usage that invoice was
 * drafted from plus the late usage that later finalized invoices charged (see
 * rateLateUsageAdjustments and lateUsageBilledBefore). A period that had no invoice (no
 * subscription then) has nothing to adjust.
 *
 * A period some of whose late counters lack the interval table its percentile needs (a plan
 * change after it dropped its percentile price, so the cycles that report them kept none)
 * is restated from the ledger instead (restate-periods.ts, restatePeriod), every counter in
 * its own interval. At a close (and a preview of a period whose summary reported them)
 * loadRestatements has restated it already, up to the summary's ledger position; here it is
 * restated up to the whole ledger, for the readers without one: the preview of counters no
 * summary reported yet, budgets, the overview.
 */
export async function loadLateUsageAdjustments(
  db: Database,
  customerId: string,
  late: readonly LateUsage[],
  /** Periods restated from the ledger (restate-periods.ts): their lines replace the counters'. */
  restated: ReadonlyMap<number, RatedLine[]> = new Map(),
): Promise<RatedLine[]> {
  const adjustments: RatedLine[] = [...restated.values()].flat();
  for (const { periodStartMs, usage } of groupLateUsageByPeriod(late)) {
    if (restated.has(periodStartMs)) continue;
    const invoice = await loadInvoice(db, invoiceIdFor(customerId, periodStartMs));
    const plan = invoice && (await loadPlan(db, invoice.planId));
    if (!plan) continue;
    const period = { startMs: periodStartMs, endMs: invoice.periodEndMs };
    const burstMeters = burstMetersOf(plan.prices);
    const billedLate = lateUsageBilledBefore(
      periodStartMs,
      await loadLateUsageReportedAfter(db, customerId, periodStartMs),
    );
    if (lateMetersLackingIntervals([...billedLate, ...usage], burstMeters).length > 0) {
      adjustments.push(
        ...((await restatePeriod(db, customerId, { period, upToSequence: null })) ?? []),
      );
      continue;
    }
    // With burst detail also where the cycle lacked it (a burst price that came after it
    // started): the period's invoice was drafted from the same backfill.
    const original = await withBurstDetail(
      { db },
      {
        customerId,
        usage: await loadUsageSummaryLines(db, customerId, periodStartMs),
        burstMeters,
        period,
        upToSequence: await loadSummarySequence(db, customerId, periodStartMs),
        asOfMs: period.endMs,
      },
    );
    adjustments.push(
      ...rateLateUsageAdjustments({
        terms: adjustmentTermsOf(plan),
        periodStartMs,
        original: usageGroupsOf(original),
        billedLate,
        late: usage,
      }),
    );
  }
  return adjustments;
}
