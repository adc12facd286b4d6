import type { Period } from '../domain/calendar/types';
import { invoiceNumbering } from '../domain/invoice';
import { draftPeriodInvoice, type DraftPeriodInvoiceDeps } from '../services/draft-period-invoice';
import { finalizeInvoiceHeader } from '../services/finalize-invoice';
import { loadBurstMeters } from '../services/load-burst-meters';
import { noMetrics, type Metrics } from '../services/metrics';

export type InvoicingActivityDeps = DraftPeriodInvoiceDeps & { metrics?: Metrics };

export function createInvoicingActivities(deps: InvoicingActivityDeps) {
  const { db, metrics = noMetrics } = deps;
  return {
    /**
     * The meters the plan in effect at `atMs` prices by peak or percentile: the billing-cycle
     * workflow keeps their burst detail (per-interval counters, segments) for the period.
     */
    async loadBurstMeters(input: { customerId: string; atMs: number }): Promise<string[]> {
      return loadBurstMeters(deps, input);
    },

    /**
     * Rates a closed period's persisted summary against the customer's plan and stores the
     * draft invoice with the customer's taxes, active coupons, credits and late-usage
     * adjustments; idempotent per customer and period (see services/draft-period-invoice.ts).
     */
    async draftPeriodInvoice(input: {
      customerId: string;
      period: Period;
    }): Promise<{ invoiceId: string | null; created: boolean }> {
      return draftPeriodInvoice(deps, input);
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
      const invoice = await finalizeInvoiceHeader(db, input.invoiceId, {
        ...invoiceNumbering(input.finalizedAtMs),
        finalizedAtMs: input.finalizedAtMs,
      });
      // Numbered now, at this close's time: one finalized through the API earlier has another.
      if (invoice?.number && invoice.finalizedAtMs === input.finalizedAtMs) {
        metrics.invoiceFinalized();
      }
      return { number: invoice?.number ?? null };
    },
  };
}

export type InvoicingActivities = ReturnType<typeof createInvoicingActivities>;
