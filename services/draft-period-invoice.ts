import type { Database } from '../db/client';
import { loadBillingProfile } from '../db/repositories/customers.repository';
import { saveDraftInvoice } from '../db/repositories/invoices.repository';
import {
  loadUsageSummaryHeader,
  loadUsageSummaryLines,
} from '../db/repositories/usage-summaries.repository';
import type { Period } from '../domain/calendar/types';
import { isEmptyInvoice, usageGroupsOf } from '../domain/invoice';
import { skipsZeroInvoice } from '../domain/invoice/zero-invoice';
import { burstMetersOf } from '../domain/rating';
import { assembleDraftInvoice } from './draft-invoice';
import { loadPlanAt } from '../db/repositories/catalog.repository';
import { withBurstDetail } from './load-burst-meters';

export interface DraftPeriodInvoiceDeps {
  db: Database;
}

/**
 * Rates a closed period's persisted summary and stores the draft invoice (see
 * assembleDraftInvoice); idempotent per customer and period, and a finalized invoice is
 * never touched. The invoice's plan is the one in effect at the period's last instant; a
 * plan change inside the period splits it, each segment rated on its plan. A customer
 * who opted out of zero invoices gets none for a period without charges.
 */
export async function draftPeriodInvoice(
  deps: DraftPeriodInvoiceDeps,
  input: { customerId: string; period: Period },
): Promise<{ invoiceId: string | null; created: boolean }> {
  const { db } = deps;
  const { customerId, period } = input;
  const termsAtMs = period.endMs - 1;
  const summary = await loadUsageSummaryHeader(db, customerId, period.startMs);
  const upToSequence = summary?.lastSequence ?? null;
  // One load of the plan at the period's last instant: its burst meters here, its terms in
  // the draft.
  const plan = await loadPlanAt(db, customerId, termsAtMs);
  // A peak or percentile price that arrived after the cycle read its plan: the summary has
  // no burst detail for its meter, metered again from the ledger up to the summary's
  // position (load-burst-meters.ts, withBurstDetail).
  const usage = await withBurstDetail(deps, {
    customerId,
    usage: await loadUsageSummaryLines(db, customerId, period.startMs),
    burstMeters: plan ? burstMetersOf(plan.prices) : [],
    period,
    upToSequence,
    asOfMs: period.endMs,
  });
  const draft = await assembleDraftInvoice(deps, {
    customerId,
    period,
    usage: usageGroupsOf(usage),
    lateUsage: summary?.lateUsage ?? [],
    termsAtMs,
    planAtTerms: plan,
    restate: { periodStartMs: period.startMs, upToSequence },
  });
  if (!draft) return { invoiceId: null, created: false };
  // The billing profile matters only to a draft that charges nothing (skipsZeroInvoice).
  if (isEmptyInvoice(draft) && skipsZeroInvoice(await loadBillingProfile(db, customerId), draft)) {
    return { invoiceId: null, created: false };
  }
  return { invoiceId: draft.invoiceId, created: await saveDraftInvoice(db, draft) };
}
