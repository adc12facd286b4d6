import { Decimal } from '../decimal';
import type { Budget } from './budget';

/** A threshold a budget's spend has reached in a period. */
export interface ThresholdCrossing {
  budgetId: string;
  projectId: string | null;
  threshold: number;
  /** The budget amount and the spend that reached threshold% of it, decimal strings. */
  amount: string;
  spend: string;
}

/**
 * The thresholds a spend has reached: threshold% of the amount is crossed once the spend is
 * at least amount x threshold / 100 (compared exactly, in decimals). Every threshold at or
 * below the spend is returned; which of them were already alerted in the period is the
 * database's to say (a unique key per budget, period and threshold), so a spend that jumps
 * past 80 % and 100 % at once alerts both, each once.
 *
 * Example: amount 200.00, thresholds [50, 80, 100], spend 165.00 -> 50 (100.00) and 80
 * (160.00) crossed, 100 (200.00) not; spend 200.00 -> all three.
 */
export function crossedThresholds(budget: Budget, spend: string): ThresholdCrossing[] {
  const amount = new Decimal(budget.amount);
  const reached = new Decimal(spend);
  return budget.thresholds
    .filter((threshold) => reached.gte(amount.times(threshold).div(100)))
    .map((threshold) => ({
      budgetId: budget.id,
      projectId: budget.projectId,
      threshold,
      amount: budget.amount,
      spend,
    }));
}
