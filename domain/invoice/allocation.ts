import { Decimal } from '../decimal';
import { BillingError } from '../errors';
import { sumDecimals } from '../money';

/**
 * Splits `total` minor units over items in proportion to their integer weights, by the
 * largest-remainder (Hamilton) method: each share is first floor(total * weight / sum of weights), then the
 * units still missing go one each to the largest remainders, ties to the earlier item.
 * Integer division (divToInt/mod) keeps every step exact.
 *
 * Guarantees: the shares sum exactly to `total`; with total <= sum of weights no share
 * exceeds its weight (a share that gets the extra unit had a fractional quotient, and the
 * ceiling of a quotient below an integer weight is still at most that weight).
 *
 * Example: 135 units over weights [1000, 335, 10] (sum 1345):
 *   135*1000/1345 = 100.37, 135*335/1345 = 33.62, 135*10/1345 = 1.004
 *   floors 100 + 33 + 1 = 134; the 1 missing unit goes to the largest remainder (0.62)
 *   -> [100, 34, 1], sum 135.
 */
export function allocateLargestRemainder<T>(
  total: Decimal,
  items: readonly T[],
  weightOf: (item: T) => Decimal,
): { item: T; share: Decimal }[] {
  const weightSum = sumDecimals(items.map(weightOf));
  if (total.isZero()) return items.map((item) => ({ item, share: new Decimal(0) }));
  if (total.isNeg() || !total.isInteger() || weightSum.lte(0)) {
    throw new BillingError('invalid_allocation', 'cannot allocate over these weights', {
      details: { total: total.toFixed(), weightSum: weightSum.toFixed() },
    });
  }
  const shares = items.map((item, index) => {
    const numerator = total.times(weightOf(item));
    return {
      item,
      index,
      floor: numerator.divToInt(weightSum),
      remainder: numerator.mod(weightSum),
    };
  });
  const missing = total.minus(sumDecimals(shares.map((share) => share.floor))).toNumber();
  // Array.prototype.sort is stable: equal remainders keep the items' order.
  const byRemainder = [...shares].sort((a, b) => b.remainder.comparedTo(a.remainder));
  const extra = new Set(byRemainder.slice(0, missing).map((share) => share.index));
  return shares.map(({ item, index, floor }) => ({
    item,
    share: extra.has(index) ? floor.plus(1) : floor,
  }));
}
