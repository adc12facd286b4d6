import type { Database } from '../db/client';
import { finalizeInvoice, saveDraftInvoice } from '../db/repositories/invoices.repository';
import { loadPlanTermsAt } from '../db/repositories/plan-terms.repository';
import { loadCustomerTaxRates } from '../db/repositories/tax-rates.repository';
import {
  loadUsageSummaryLateUsage,
  loadUsageSummaryLines,
} from '../db/repositories/usage-summaries.repository';
import { loadPlan } from '../db/repositories/catalog.repository';
import { loadInvoice } from '../db/repositories/invoices.repository';
import type { LateUsage } from '../domain/metering/usage-report';
import type { RatedLine } from '../domain/rating';
import type { Period } from '../domain/calendar/types';
import {
  draftInvoice,
  invoiceIdFor,
  invoiceNumbering,
  isEmptyInvoice,
  rateLateUsageAdjustments,
  usageGroupsOf,
} from '../domain/invoice';
import { loadActiveCoupons } from '../db/repositories/coupons.repository';
import { loadCreditBalance } from '../db/repositories/credits.repository';
import { loadBillingProfile } from '../db/repositories/customers.repository';

export interface InvoicingActivityDeps {
  db: Database;
}

export function createInvoicingActivities({ db }: InvoicingActivityDeps) {
  return {
    /**
     * Rates a closed period's persisted summary against the customer's plan and stores the
     * draft invoice with the customer's taxes, active coupons and credits; idempotent per
     * customer and period. The plan is the one in effect at the period's last instant (a
     * mid-period plan change is not split yet). A customer who opted out of zero invoices
     * gets none for a period without charges.
     */
    async draftPeriodInvoice(input: {
      customerId: string;
      period: Period;
    }): Promise<{ invoiceId: string | null; created: boolean }> {
      const { customerId, period } = input;
      const terms = await loadPlanTermsAt(db, customerId, period.endMs - 1);
      if (!terms) return { invoiceId: null, created: false };
      const summary = await loadUsageSummaryLines(db, customerId, period.startMs);
      const draft = draftInvoice({
        customerId,
        period,
        terms,
        taxRates: await loadCustomerTaxRates(db, customerId),
        coupons: await loadActiveCoupons(db, customerId),
        creditBalance: await loadCreditBalance(db, customerId, terms.currency),
        usage: usageGroupsOf(summary),
        adjustments: await lateUsageAdjustments(db, customerId, period.startMs),
      });
      const profile = await loadBillingProfile(db, customerId);
      if (profile && !profile.zeroUsageInvoices && isEmptyInvoice(draft)) {
        return { invoiceId: null, created: false };
      }
      return { invoiceId: draft.invoiceId, created: await saveDraftInvoice(db, draft) };
    },

    /**
     * Finalizes the period's invoice at the end of its grace period: numbered gapless and
     * immutable from then on. `finalizedAtMs` comes from the workflow clock, so a retry
     * gives the same dates; an invoice finalized earlier (through the API) stays as it is.
     */
    async finalizePeriodInvoice(input: {
      invoiceId: string;
      finalizedAtMs: number;
    }): Promise<{ number: string | null }> {
      const invoice = await finalizeInvoice(db, input.invoiceId, {
        ...invoiceNumbering(input.finalizedAtMs),
        finalizedAtMs: input.finalizedAtMs,
      });
      return { number: invoice?.number ?? null };
    },
  };
}

/**
 * Adjustment lines for the late usage this period's summary reported: each finalized period
 * is re-rated on the plan its invoice used (see rateLateUsageAdjustments). A period that had
 * no invoice (no subscription then) has nothing to adjust.
 */
async function lateUsageAdjustments(
  db: Database,
  customerId: string,
  periodStartMs: number,
): Promise<RatedLine[]> {
  const late = await loadUsageSummaryLateUsage(db, customerId, periodStartMs);
  const byPeriod = new Map<number, LateUsage[]>();
  for (const usage of late) {
    byPeriod.set(usage.periodStartMs, [...(byPeriod.get(usage.periodStartMs) ?? []), usage]);
  }
  const adjustments: RatedLine[] = [];
  for (const [lateStartMs, usage] of [...byPeriod].sort(([a], [b]) => a - b)) {
    const invoice = await loadInvoice(db, invoiceIdFor(customerId, lateStartMs));
    const plan = invoice && (await loadPlan(db, invoice.planId));
    if (!plan) continue;
    const original = await loadUsageSummaryLines(db, customerId, lateStartMs);
    adjustments.push(
      ...rateLateUsageAdjustments({
        terms: {
          planId: plan.id,
          currency: plan.currency,
          prices: plan.prices,
          minimumCommitment: null,
        },
        periodStartMs: lateStartMs,
        original: usageGroupsOf(original),
        late: usage,
      }),
    );
  }
  return adjustments;
}

export type InvoicingActivities = ReturnType<typeof createInvoicingActivities>;
