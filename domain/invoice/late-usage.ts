import type { LateUsage } from '../metering/usage-report';
import type { Price } from '../rating';
import type { PlanTerms } from './draft-invoice';
import type { InvoiceStatus } from './payments';

/** Late counters of one finalized period, as one adjustment re-rates them. */
export interface LateUsageOfPeriod {
  periodStartMs: number;
  usage: LateUsage[];
}

/**
 * Late usage grouped by the finalized period it belongs to, oldest period first; within a
 * period the counters keep their order. Each group is re-rated on that period's plan.
 *
 * Example: [Nov 2 vm-1, Nov 1 vm-2, Nov 2 vm-3] -> [Nov 1: [vm-2], Nov 2: [vm-1, vm-3]].
 */
export function groupLateUsageByPeriod(late: readonly LateUsage[]): LateUsageOfPeriod[] {
  const byPeriod = new Map<number, LateUsage[]>();
  for (const usage of late) {
    byPeriod.set(usage.periodStartMs, [...(byPeriod.get(usage.periodStartMs) ?? []), usage]);
  }
  return [...byPeriod]
    .sort(([a], [b]) => a - b)
    .map(([periodStartMs, usage]) => ({ periodStartMs, usage }));
}

/** The late usage one period's summary reported, and where that period's invoice stands. */
export interface ReportedLateUsage {
  reportedInPeriodStartMs: number;
  /** The reporting period's invoice; null when it has none (no plan then, or no zero invoice). */
  invoiceStatus: InvoiceStatus | null;
  lateUsage: readonly LateUsage[];
}

/**
 * The late usage of a finalized period that adjustments have already charged: what the
 * summaries of later periods reported for it, counting only periods whose invoice is
 * finalized (a void invoice included: voiding forgives the charge, the usage still
 * happened and set the tier). The period being drafted is never among them, since its own
 * invoice is still a draft: a redraft during its grace period re-rates its late usage on
 * the same base, so each batch is charged exactly once. Late usage reported by a period
 * without an invoice was never charged and is not counted.
 *
 * Example: Dec 1's 3 GB reported by Dec 2 (finalized) and 2 GB by Dec 3 (still a draft)
 * -> billed before Dec 3's adjustment: the 3 GB only.
 */
export function lateUsageBilledBefore(
  periodStartMs: number,
  reports: readonly ReportedLateUsage[],
): LateUsage[] {
  return reports
    .filter((report) => report.invoiceStatus !== null && report.invoiceStatus !== 'draft')
    .filter((report) => report.reportedInPeriodStartMs > periodStartMs)
    .flatMap((report) => report.lateUsage.filter((usage) => usage.periodStartMs === periodStartMs));
}

/**
 * The late usage of a finalized period that re-rating it on top of its invoice reads when
 * the period `draftedPeriodStartMs` is drafted: what finalized invoices already charged
 * (lateUsageBilledBefore) and what the drafted period's own summary reports.
 *
 * Example: Dec 1's 3 GB reported by Dec 2 (finalized), 2 GB by Dec 3 (a draft), 1 GB by Dec 4
 * (drafted now) -> 3 GB and 1 GB (Dec 3's draft charges nothing yet).
 */
export function lateUsageToRerate(
  periodStartMs: number,
  draftedPeriodStartMs: number,
  reports: readonly ReportedLateUsage[],
): LateUsage[] {
  const drafted = reports
    .filter((report) => report.reportedInPeriodStartMs === draftedPeriodStartMs)
    .flatMap((report) => report.lateUsage.filter((usage) => usage.periodStartMs === periodStartMs));
  return [
    ...lateUsageBilledBefore(
      periodStartMs,
      reports.filter((report) => report.reportedInPeriodStartMs !== draftedPeriodStartMs),
    ),
    ...drafted,
  ];
}

/** A plan as the catalog stores it (the fields rating reads). */
export interface PlanForTerms {
  id: string;
  currency: string;
  prices: Price[];
  minimumCommitment: string | null;
}

/** What a plan says for a period the customer is billed on it. */
export function planTermsOf(plan: PlanForTerms): PlanTerms {
  return {
    planId: plan.id,
    currency: plan.currency,
    prices: plan.prices,
    minimumCommitment: plan.minimumCommitment,
  };
}

/**
 * The terms late usage of a finalized period is re-rated on: that period's plan, without
 * its minimum commitment (settled on the original invoice, never revisited).
 */
export function adjustmentTermsOf(plan: PlanForTerms): PlanTerms {
  return { ...planTermsOf(plan), minimumCommitment: null };
}
