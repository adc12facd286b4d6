import { toIso } from '../time';
import type { ThresholdCrossing } from './crossings';

/**
 * The business id of one alert: one per customer, budget, period and threshold, never from a
 * clock, so a retried or repeated check reports it once (the outbox row and the unique
 * crossing share it). Example: budget-alert:acme:monthly-web:1796083200000:80.
 */
export function budgetAlertSubject(
  customerId: string,
  budgetId: string,
  periodStartMs: number,
  threshold: number,
): string {
  return `budget-alert:${customerId}:${budgetId}:${periodStartMs}:${threshold}`;
}

/** True for the subject of a budget alert (its email is the alert's, not an invoice's). */
export function isBudgetAlertSubject(subjectId: string): boolean {
  return subjectId.startsWith('budget-alert:');
}

/** The webhook payload of `budget.threshold_crossed`. */
export function budgetAlertPayload(input: {
  crossing: ThresholdCrossing;
  basis: 'accrued' | 'forecast';
  currency: string;
  period: { startMs: number; endMs: number };
}): Record<string, unknown> {
  const { crossing } = input;
  return {
    budgetId: crossing.budgetId,
    projectId: crossing.projectId,
    threshold: crossing.threshold,
    basis: input.basis,
    amount: crossing.amount,
    spend: crossing.spend,
    currency: input.currency,
    period: { start: toIso(input.period.startMs), end: toIso(input.period.endMs) },
  };
}
