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
import type { LateUsage } from '../domain/metering/usage-report';
import { burstMetersOf, type RatedLine } from '../domain/rating';
import { withBurstDetail } from './load-burst-meters';

/**
 * Adjustment lines for late usage of finalized periods: each period is re-rated on the plan
 * its invoice used, on top of what was already billed for it: the usage that invoice was
 * drafted from plus the late usage that later finalized invoices charged (see
 * rateLateUsageAdjustments and lateUsageBilledBefore). A period that had no invoice (no
 * subscription then) has nothing to adjust.
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
    // With burst detail also where the cycle lacked it (a burst price that came after it
    // started): the period's invoice was drafted from the same backfill.
    const period = { startMs: periodStartMs, endMs: invoice.periodEndMs };
    const original = await withBurstDetail(
      { db },
      {
        customerId,
        usage: await loadUsageSummaryLines(db, customerId, periodStartMs),
        burstMeters: burstMetersOf(plan.prices),
        period,
        upToSequence: await loadSummarySequence(db, customerId, periodStartMs),
        asOfMs: period.endMs,
      },
    );
    const reported = await loadLateUsageReportedAfter(db, customerId, periodStartMs);
    adjustments.push(
      ...rateLateUsageAdjustments({
        terms: adjustmentTermsOf(plan),
        periodStartMs,
        original: usageGroupsOf(original),
        billedLate: lateUsageBilledBefore(periodStartMs, reported),
        late: usage,
      }),
    );
  }
  return adjustments;
}
