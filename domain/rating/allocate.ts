import { Decimal } from '../decimal';
import { BillingError } from '../errors';

/**
 * Shares are cut at this many decimals before the remainder is assigned: far below any
 * currency's minor unit (at most 4 decimals), so the cut is never visible after rounding.
 */
const SHARE_DECIMALS = 30;

/**
 * Splits `total` over `weights` in proportion, so that the shares add up to `total` exactly,
 * in any order. Every share but one is `total x weight / sum` cut to SHARE_DECIMALS (toward
 * zero); the share of the largest weight (the first one on a tie) takes the remainder.
 *
 * Why exact: the cut shares have at most 30 decimals and add up to no more than `total`, so
 * with 50 significant digits (decimal.ts) their sums are exact for totals below 10^20; the
 * remainder has no more decimals than `total` or 30, so adding it back is exact as well.
 * Example: 10 over weights 1, 1, 1 -> 3.333...34 (the remainder; first on the tie), then
 * 3.333...3 twice (30 threes each).
 */
export function allocate(total: Decimal, weights: readonly Decimal[]): Decimal[] {
  const sum = weights.reduce((acc, w) => acc.plus(w), new Decimal(0));
  if (sum.isZero()) {
    if (!total.isZero()) {
      throw new BillingError('allocation_without_units', 'cannot split an amount over no units', {
        details: { total: total.toFixed() },
      });
    }
    return weights.map(() => new Decimal(0));
  }
  let largest = 0;
  weights.forEach((w, i) => {
    if (w.gt(weights[largest] as Decimal)) largest = i;
  });
  // total x w / sum per share, not w x (total / sum): when the true share terminates (1 h of
  // 3 h of 0.0198 is 0.0066), it comes out exactly instead of as 0.006599...9.
  const shares = weights.map((w, i) =>
    i === largest
      ? new Decimal(0)
      : total.times(w).div(sum).toDecimalPlaces(SHARE_DECIMALS, Decimal.ROUND_DOWN),
  );
  const others = shares.reduce((acc, s) => acc.plus(s), new Decimal(0));
  shares[largest] = total.minus(others);
  return shares;
}
