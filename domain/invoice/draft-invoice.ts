import { Decimal } from '../decimal';
import type { Period } from '../calendar/types';
import type { RatedLine } from '../rating/rated-line';
import { applyMinimumCommitment, ratePeriod, type Price, type UsageGroup } from '../rating';
import type { ResourceUsage } from '../metering/usage-report';
import { assembleInvoice } from './assemble';
import { carryExcessToCredit } from './carry-to-credit';
import { lineCategory, type TaxOverride } from './tax-categories';
import type { Coupon, InvoiceTotals, TaxRate } from './types';

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
 * rates, active coupons and credit balance. Credits on a draft are provisional: the
 * finalizing transaction fixes them against the balance of that moment.
 */
export function draftInvoice(input: {
  customerId: string;
  period: Period;
  terms: PlanTerms;
  usage: UsageGroup[];
  /** The customer's tax rates; each line is taxed by those of its price's tax category. */
  taxRates?: TaxRate[];
  /** The customer's tax override: 'reverse_charge' puts every line in that category. */
  taxOverride?: TaxOverride | null;
  /** The coupons active for this period, in the order they apply. */
  coupons?: Coupon[];
  /** The customer's credit balance in the plan currency. */
  creditBalance?: string;
  /** Late usage of finalized periods (see rateLateUsageAdjustments), after the period's lines. */
  adjustments?: RatedLine[];
}): DraftInvoice {
  const { customerId, period, terms } = input;
  const rated = ratePeriod({ currency: terms.currency, prices: terms.prices, usage: input.usage });
  const periodLines =
    terms.minimumCommitment === null
      ? rated.lines
      : applyMinimumCommitment(rated.lines, terms.minimumCommitment, terms.currency);
  const invoiceId = invoiceIdFor(customerId, period.startMs);
  // A line's tax category is its price's (late-usage adjustments keep their price id; the
  // minimum-commitment top-up has none: standard), unless the customer overrides it.
  const categoryOf = new Map(terms.prices.map((price) => [price.id, price.taxCategory]));
  const taxCategoryOf = (line: RatedLine) =>
    lineCategory(categoryOf.get(line.priceId), input.taxOverride);
  // Negative restatements reduce the invoice down to zero per category, the rest is credit.
  const { lines, carried } = carryExcessToCredit(
    [...periodLines, ...(input.adjustments ?? [])],
    taxCategoryOf,
    terms.currency,
  );
  const taxedLines = lines.map((line) => ({
    lineId: line.lineId,
    amount: line.amount,
    taxCategory: taxCategoryOf(line),
    ...(carried.has(line.lineId) ? { carriedToCredit: carried.get(line.lineId) } : {}),
  }));
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
      lines: taxedLines,
      coupons: input.coupons ?? [],
      taxRates: input.taxRates ?? [],
      creditBalance: input.creditBalance ?? '0',
    }),
  };
}

/** Metering's per-resource usage as rating reads it: the run shares are the runs. */
export function usageGroupsOf(resources: readonly ResourceUsage[]): UsageGroup[] {
  return resources.map(({ runShares, ...usage }) => ({ ...usage, runs: runShares ?? [] }));
}

/**
 * A draft with nothing to charge: no line with an amount and no unmatched usage (which an
 * operator must see). Customers may opt out of receiving such invoices.
 */
export function isEmptyInvoice(draft: DraftInvoice): boolean {
  return (
    draft.unmatched.length === 0 && draft.lines.every((line) => new Decimal(line.amount).isZero())
  );
}
