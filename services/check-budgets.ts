import type { Database } from '../db/client';
import { loadBudgets, recordBudgetAlerts } from '../db/repositories/budgets.repository';
import { billingEventId } from '../db/repositories/billing-events.repository';
import { budgetAlertPayload, budgetAlertSubject } from '../domain/budgets/alert-event';
import { crossedThresholds } from '../domain/budgets/crossings';
import { spendOf } from '../domain/budgets/spend';
import type { Period } from '../domain/calendar/types';
import { draftInvoice, projectUsageToPeriodEnd, usageGroupsOf } from '../domain/invoice';
import type { UsageReport } from '../domain/metering/usage-report';
import { loadDraftContext } from './draft-invoice';

export interface CheckBudgetsDeps {
  db: Database;
  now(): number;
}

export interface CheckBudgetsResult {
  /** How many budgets the customer has: the workflow checks less often without any. */
  budgets: number;
  /** The `budget.threshold_crossed` events recorded by this check (to dispatch). */
  recorded: string[];
}

/**
 * Evaluates a customer's budgets against the live state of the current period: the usage
 * so far as the billing-cycle workflow holds it, drafted by the same assembly as the
 * preview (accrued) and, for budgets on the forecast, as projected to the period end. Each
 * threshold a budget's spend has reached is recorded once per budget, threshold and period
 * (the crossing's unique key, with its outbox event in the same transaction), so checking
 * again, after a retry or a worker restart, never alerts twice.
 */
export async function checkBudgets(
  deps: CheckBudgetsDeps,
  /** report: null only counts the budgets (the workflow's first, cheap question). */
  input: { customerId: string; report: UsageReport | null },
): Promise<CheckBudgetsResult> {
  const { customerId, report } = input;
  const budgets = await loadBudgets(deps.db, customerId);
  if (budgets.length === 0 || report === null) return { budgets: budgets.length, recorded: [] };
  const context = await loadDraftContext(deps, {
    customerId,
    lateUsage: report.lateUsage,
    termsAtMs: report.asOfMs,
  });
  if (!context) return { budgets: budgets.length, recorded: [] };
  const period: Period = report.period;
  const usage = usageGroupsOf(report.resources);
  const accrued = draftInvoice({ ...context, customerId, period, usage });
  const forecast = budgets.some((budget) => budget.basis === 'forecast')
    ? draftInvoice({
        ...context,
        customerId,
        period,
        usage: projectUsageToPeriodEnd({
          period,
          asOfMs: report.asOfMs,
          usage,
          openRuns: report.openRuns,
        }),
      })
    : null;
  const occurredAtMs = deps.now();
  const alerts = budgets.flatMap((budget) => {
    const draft = budget.basis === 'forecast' && forecast !== null ? forecast : accrued;
    const spend = spendOf(draft.lines, budget.projectId, draft.currency);
    return crossedThresholds(budget, spend).map((crossing) => {
      const subjectId = budgetAlertSubject(
        customerId,
        budget.id,
        period.startMs,
        crossing.threshold,
      );
      return {
        budgetId: budget.id,
        threshold: crossing.threshold,
        spend,
        subjectId,
        eventId: billingEventId('budget.threshold_crossed', subjectId),
        payload: budgetAlertPayload({
          crossing,
          basis: budget.basis,
          currency: draft.currency,
          period,
        }),
        occurredAtMs,
      };
    });
  });
  const recorded = await recordBudgetAlerts(deps.db, customerId, period.startMs, alerts);
  return { budgets: budgets.length, recorded };
}
