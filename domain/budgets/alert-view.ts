import { createDocumentDateFormat } from '../documents/date-format';
import { createDocumentNumberFormat } from '../documents/number-format';

/** A budget alert email as finished strings: the template does no formatting. */
export interface BudgetAlertViewModel {
  subject: string;
  heading: string;
  /** "Project Web shop (web)" or "Your account". */
  scope: string;
  rows: { label: string; value: string }[];
}

/**
 * The alert email's text. Example (en-US, EUR): "Budget monthly-web: 80% reached" with
 * Budget €200.00, Spend (accrued) €165.00, Period Nov 1 – Nov 30, 2026.
 */
export function toBudgetAlertViewModel(input: {
  customerName: string;
  budgetId: string;
  projectName: string | null;
  projectId: string | null;
  threshold: number;
  basis: 'accrued' | 'forecast';
  amount: string;
  spend: string;
  currency: string;
  locale: string;
  timezone: string;
  periodStartMs: number;
  periodEndMs: number;
}): BudgetAlertViewModel {
  const numbers = createDocumentNumberFormat(input.locale, input.currency);
  const dates = createDocumentDateFormat(input.locale, input.timezone);
  const scope =
    input.projectId === null
      ? `${input.customerName}: the whole account`
      : `${input.customerName}: project ${input.projectName ?? input.projectId} (${input.projectId})`;
  return {
    subject: `Budget ${input.budgetId}: ${input.threshold}% reached`,
    heading: `${input.threshold}% of budget ${input.budgetId} reached`,
    scope,
    rows: [
      { label: 'Budget per period', value: numbers.amount(input.amount) },
      {
        label: input.basis === 'forecast' ? 'Forecast to period end' : 'Spend so far',
        value: numbers.amount(input.spend),
      },
      { label: 'Threshold', value: `${input.threshold}%` },
      { label: 'Billing period', value: dates.period(input.periodStartMs, input.periodEndMs) },
    ],
  };
}
