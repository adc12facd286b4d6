import { Decimal } from '../decimal';
import { formatAmount, sumDecimals } from '../money';
import { projectOfLine } from '../projects/sections';
import type { RatedLine } from '../rating/rated-line';

/**
 * What a budget counts: the charges of the period's lines, before coupons, credits and taxes
 * (so an account's budget and its projects' budgets measure the same thing, and the project
 * budgets of an account add up to the account's). The account-wide budget counts every line
 * (the invoice subtotal), a project budget the lines of its project's section (organization
 * pricing allocated exactly, domain/projects/split-line.ts).
 *
 * Example: lines egress:[] 0.83, egress:[]#data 5.00, egress:[]#web 6.67 -> account 12.50,
 * web 6.67, data 5.00.
 */
export function spendOf(
  lines: readonly Pick<RatedLine, 'lineId' | 'projectId' | 'amount'>[],
  projectId: string | null,
  currency: string,
): string {
  const counted = lines.filter((line) => projectId === null || projectOfLine(line) === projectId);
  return formatAmount(sumDecimals(counted.map((line) => new Decimal(line.amount))), currency);
}
