import type { UsageReport } from '../domain/metering/usage-report';
import { checkBudgets, type CheckBudgetsResult } from '../services/check-budgets';
import type { Database } from '../services/deps';

export function createBudgetActivities(deps: { db: Database }) {
  return {
    /**
     * Checks the customer's budgets against the live usage the workflow passes (debounced by
     * the workflow): each crossed threshold is recorded once per budget and period with its
     * `budget.threshold_crossed` event in the outbox (services/check-budgets.ts). Without a
     * report it only counts the budgets: the workflow sends the usage only to customers that
     * have some, so customers without budgets do not fill their history with usage reports.
     */
    async checkBudgets(input: {
      customerId: string;
      report: UsageReport | null;
    }): Promise<CheckBudgetsResult> {
      return checkBudgets({ db: deps.db, now: Date.now }, input);
    },
  };
}

export type BudgetActivities = ReturnType<typeof createBudgetActivities>;
