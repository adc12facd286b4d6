import { Decimal } from '../decimal';
import { allocateLargestRemainder } from '../invoice/allocation';
import { fromMinorUnits, toMinorUnits } from '../invoice/amounts';
import { sumDecimals } from '../money';

/**
 * Splits a rounded amount over parts (projects) in proportion to non-negative weights, at
 * the currency's minor unit by the largest-remainder method, so the parts sum exactly to
 * the amount. A negative amount (an adjustment that credits) is split as its opposite and
 * negated back. With no weight at all the first part takes the whole amount, so nothing is
 * ever lost.
 *
 * Example (EUR): 12.00 over weights 6.857142..., 5.142857... -> 1200 cents: 685.71 and
 * 514.29 -> floors 685 + 514 = 1199; the missing cent goes to the larger remainder (.71)
 * -> 6.86 and 5.14, sum 12.00.
 */
export function allocateToParts(
  amount: Decimal,
  weights: readonly Decimal[],
  currency: string,
): Decimal[] {
  if (weights.length === 0) return [];
  const sign = amount.isNeg() ? -1 : 1;
  const units = toMinorUnits(amount.abs(), currency);
  const positive = weights.map((w) => (w.isNeg() ? new Decimal(0) : w));
  if (sumDecimals(positive).isZero()) {
    return weights.map((_, i) => (i === 0 ? amount : new Decimal(0)));
  }
  return allocateLargestRemainder(units, positive, (w) => w).map(({ share }) =>
    fromMinorUnits(share, currency).times(sign),
  );
}
