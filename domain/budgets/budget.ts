/** What a budget's spend is measured on (see spend.ts). */
export type BudgetBasis = 'accrued' | 'forecast';

/**
 * A spend budget per billing period, for the whole account (projectId null) or one project,
 * with thresholds in percent of `amount` ([50, 80, 100]) that each alert once per period.
 */
export interface Budget {
  customerId: string;
  id: string;
  projectId: string | null;
  /** Per billing period, in the customer's currency: a decimal string such as "500.00". */
  amount: string;
  /** Whole percents, ascending and distinct, 1 to 1000. */
  thresholds: number[];
  basis: BudgetBasis;
}
