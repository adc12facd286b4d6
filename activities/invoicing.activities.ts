import type { Database } from '../db/client';
import { finalizeInvoice, saveDraftInvoice } from '../db/repositories/invoices.repository';
import { loadPlanTermsAt } from '../db/repositories/plan-terms.repository';
import { loadCustomerTaxRates } from '../db/repositories/tax-rates.repository';
import { loadUsageSummaryLines } from '../db/repositories/usage-summaries.repository';
import type { Period } from '../domain/calendar/types';
import { draftInvoice, dueDateMs, invoiceNumbering, usageGroupsOf } from '../domain/invoice';

export interface InvoicingActivityDeps {
  db: Database;
}

export function createInvoicingActivities({ db }: InvoicingActivityDeps) {
  return {
    /**
     * Rates a closed period's persisted summary against the customer's plan and stores the
     * draft invoice; idempotent per customer and period. The plan is the one in effect at
     * the period's last instant (a mid-period plan change is not split yet).
     */
    async draftPeriodInvoice(input: {
      customerId: string;
      period: Period;
    }): Promise<{ invoiceId: string | null; created: boolean }> {
      const { customerId, period } = input;
      const terms = await loadPlanTermsAt(db, customerId, period.endMs - 1);
      if (!terms) return { invoiceId: null, created: false };
      const summary = await loadUsageSummaryLines(db, customerId, period.startMs);
      const taxRates = await loadCustomerTaxRates(db, customerId);
      const draft = draftInvoice({
        customerId,
        period,
        terms,
        taxRates,
        usage: usageGroupsOf(summary),
      });
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
        dueAtMs: dueDateMs(input.finalizedAtMs),
      });
      return { number: invoice?.number ?? null };
    },
  };
}

export type InvoicingActivities = ReturnType<typeof createInvoicingActivities>;
