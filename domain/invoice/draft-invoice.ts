import type { Period } from '../calendar/types';
import type { RatedLine } from '../rating/rated-line';
import { applyMinimumCommitment, ratePeriod, type Price, type UsageGroup } from '../rating';
import type { ResourceUsage } from '../metering/usage-report';
import { assembleInvoice } from './assemble';
import type { InvoiceTotals, TaxRate } from './types';

/** What the customer's plan says for the period. */
export interface PlanTerms {
  planId: string;
  currency: string;
  prices: Price[];
  /** Per period, or null. */
  minimumCommitment: string | null;
}

export interface DraftInvoice {
  invoiceId: string;
  customerId: string;
  period: Period;
  planId: string;
  currency: string;
  lines: RatedLine[];
  /** Usage no price of the plan matched: reported, never dropped. */
  unmatched: UsageGroup[];
  totals: InvoiceTotals;
}

/** One invoice per customer and period: the id derives from both, never from a clock. */
export function invoiceIdFor(customerId: string, periodStartMs: number): string {
  return `inv-${customerId}-${periodStartMs}`;
}

/**
 * Rates a period's usage against the plan and assembles the totals with the customer's tax
 * rates. Coupons and credits join here once they are stored; until then a draft has none.
 */
export function draftInvoice(input: {
  customerId: string;
  period: Period;
  terms: PlanTerms;
  usage: UsageGroup[];
  /** The customer's tax rates; every line is taxed by them. */
  taxRates?: TaxRate[];
}): DraftInvoice {
  const { customerId, period, terms } = input;
  const rated = ratePeriod({ currency: terms.currency, prices: terms.prices, usage: input.usage });
  const lines =
    terms.minimumCommitment === null
      ? rated.lines
      : applyMinimumCommitment(rated.lines, terms.minimumCommitment, terms.currency);
  const invoiceId = invoiceIdFor(customerId, period.startMs);
  return {
    invoiceId,
    customerId,
    period,
    planId: terms.planId,
    currency: terms.currency,
    lines,
    unmatched: rated.unmatched,
    totals: assembleInvoice({
      invoiceId,
      currency: terms.currency,
      lines,
      coupons: [],
      taxRates: input.taxRates ?? [],
      creditBalance: '0',
    }),
  };
}

/** Metering's per-resource usage as rating reads it: the run shares are the runs. */
export function usageGroupsOf(resources: readonly ResourceUsage[]): UsageGroup[] {
  return resources.map(({ runShares, ...usage }) => ({ ...usage, runs: runShares ?? [] }));
}
