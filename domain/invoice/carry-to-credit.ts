import { Decimal } from '../decimal';
import { formatAmount } from '../money';

/**
 * An invoice never goes below zero: negative adjustment lines (restatements of finalized
 * periods that were overbilled, domain/invoice/restatement.ts) reduce it as far as it goes,
 * and the rest is carried to the customer's credit balance, granted when the invoice is
 * finalized. The limit applies per tax category, so that no category's taxable amount, and
 * no tax, turns negative. Within a category the latest negative lines give way first.
 *
 * Example (one category): lines 1.00 and adj -1.60 -> 1.00 and -1.00 applied, 0.60 carried
 * to credit; the invoice subtotal is 0.00. Lines 2.00 and adj -0.60 -> unchanged, nothing
 * carried.
 */
export function carryExcessToCredit<
  T extends { lineId: string; amount: string; preciseAmount: string },
>(
  lines: readonly T[],
  categoryOf: (line: T) => string,
  currency: string,
): { lines: T[]; carried: Map<string, string> } {
  const sums = new Map<string, Decimal>();
  for (const line of lines) {
    const category = categoryOf(line);
    sums.set(category, (sums.get(category) ?? new Decimal(0)).plus(line.amount));
  }
  const carried = new Map<string, string>();
  const applied = [...lines];
  for (let i = applied.length - 1; i >= 0; i -= 1) {
    const line = applied[i] as T;
    const category = categoryOf(line);
    const sum = sums.get(category) as Decimal;
    const amount = new Decimal(line.amount);
    if (!sum.isNeg() || !amount.isNeg()) continue;
    // Give back at most this line's whole amount, at most what the category is below zero.
    const giveBack = Decimal.min(amount.neg(), sum.neg());
    const kept = amount.plus(giveBack);
    sums.set(category, sum.plus(giveBack));
    carried.set(line.lineId, formatAmount(giveBack, currency));
    applied[i] = {
      ...line,
      amount: formatAmount(kept, currency),
      preciseAmount: kept.toFixed(),
    };
  }
  return { lines: applied, carried };
}

/** The credit an invoice grants at finalization: what its lines carried, summed. */
export function carriedCredit(
  lines: readonly { carriedToCredit?: string }[],
  currency: string,
): string {
  const total = lines.reduce((sum, line) => sum.plus(line.carriedToCredit ?? 0), new Decimal(0));
  return formatAmount(total, currency);
}
