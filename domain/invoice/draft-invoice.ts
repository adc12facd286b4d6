import { Decimal } from '../decimal';
import type { Period } from '../calendar/types';
import type { RatedLine } from '../rating/rated-line';
import {
  applyMinimumCommitment,
  MINIMUM_COMMITMENT_LINE_ID,
  ratePeriod,
  type Price,
  type UsageGroup,
} from '../rating';
import { splitByProjectAmounts } from '../projects/split-line';
import type { ResourceUsage } from '../metering/usage-report';
import { assembleInvoice } from './assemble';
import { planIdOfLine } from './plan-line-id';
import { proratedCommitment, rateSegments, type SegmentUsage } from './plan-segments';
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
  /**
   * A period with a mid-period plan change: each segment's usage rated on its own plan
   * (domain/invoice/plan-segments.ts) instead of `usage` on `terms`, which then only give
   * the invoice's plan and currency; the commitment is prorated over the segments.
   */
  segments?: readonly SegmentUsage[];
}): DraftInvoice {
  const { customerId, period, terms } = input;
  const segments = input.segments && input.segments.length > 1 ? input.segments : null;
  const rated = segments
    ? rateSegments(terms.currency, segments)
    : ratePeriod({ currency: terms.currency, prices: terms.prices, usage: input.usage });
  const commitment = segments
    ? proratedCommitment(segments, period, terms.currency)
    : terms.minimumCommitment;
  const periodLines =
    commitment === null
      ? rated.lines
      : applyMinimumCommitment(rated.lines, commitment, terms.currency).flatMap(
          // The commitment is the organization's; its top-up is shared by what each project
          // was charged (domain/projects/split-line.ts).
          (line) =>
            line.lineId === MINIMUM_COMMITMENT_LINE_ID
              ? splitByProjectAmounts(line, rated.lines, terms.currency)
              : [line],
        );
  const invoiceId = invoiceIdFor(customerId, period.startMs);
  // A line's tax category is its price's (late-usage adjustments keep their price id; the
  // minimum-commitment top-up has none: standard), unless the customer overrides it.
  const categoryOf = new Map(terms.prices.map((price) => [price.id, price.taxCategory]));
  // A split period's lines take the category of the price of their own segment's plan.
  const segmentCategoryOf = new Map(
    (segments ?? []).flatMap((segment) =>
      segment.terms.prices.map((price) => [`${segment.planId}/${price.id}`, price.taxCategory]),
    ),
  );
  const taxCategoryOf = (line: RatedLine) =>
    lineCategory(
      segments
        ? (segmentCategoryOf.get(`${planIdOfLine(line.lineId, terms.planId)}/${line.priceId}`) ??
            categoryOf.get(line.priceId))
        : categoryOf.get(line.priceId),
      input.taxOverride,
    );
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
