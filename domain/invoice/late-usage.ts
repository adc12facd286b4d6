import type { LateUsage } from '../metering/usage-report';
import type { Price } from '../rating';
import type { PlanTerms } from './draft-invoice';

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
