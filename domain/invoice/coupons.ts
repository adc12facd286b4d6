import { Decimal } from '../decimal';
import { BillingError } from '../errors';
import { roundToMinorUnit } from '../money';
import { parseAmount, parsePercentage } from './amounts';
import type { Coupon, CouponRedemption } from './types';

function repeatingPeriods(coupon: Coupon): number {
  const periods = coupon.durationPeriods;
  if (periods === undefined || !Number.isInteger(periods) || periods < 1) {
    throw new BillingError(
      'invalid_coupon',
      `coupon ${coupon.id} repeats but has no positive integer durationPeriods`,
      { details: { couponId: coupon.id, durationPeriods: periods } },
    );
  }
  return periods;
}

/**
 * Whether a coupon discounts the invoice of the coming period, given how many periods it has
 * already been applied to: once -> only the first; repeating(n) -> the first n; forever ->
 * all. A period counts as soon as the coupon was active for its invoice, even if that
 * invoice was zero (the duration is in billing periods, not in uses).
 */
export function isCouponActive(coupon: Coupon, redemption: CouponRedemption): boolean {
  if (redemption.couponId !== coupon.id) {
    throw new BillingError('coupon_mismatch', `redemption is for ${redemption.couponId}`, {
      details: { couponId: coupon.id, redemptionCouponId: redemption.couponId },
    });
  }
  const applied = redemption.periodsApplied;
  if (!Number.isInteger(applied) || applied < 0) {
    throw new BillingError('invalid_coupon_redemption', 'periodsApplied must be an integer >= 0', {
      details: { couponId: coupon.id, periodsApplied: applied },
    });
  }
  switch (coupon.duration) {
    case 'once':
      return applied < 1;
    case 'repeating':
      return applied < repeatingPeriods(coupon);
    case 'forever':
      return true;
  }
}

/** The redemption after the coupon was active for one more invoice. */
export function recordCouponPeriod(redemption: CouponRedemption): CouponRedemption {
  return { ...redemption, periodsApplied: redemption.periodsApplied + 1 };
}

/**
 * One coupon's discount on what remains of the invoice after earlier coupons: a percentage
 * is taken of `remaining` and rounded once to the minor unit; a fixed amount is capped at
 * `remaining`. The result is never negative and never more than `remaining`.
 */
export function computeCouponDiscount(
  coupon: Coupon,
  remaining: Decimal,
  currency: string,
): Decimal {
  if (coupon.duration === 'repeating') repeatingPeriods(coupon);
  let discount: Decimal;
  if (coupon.kind === 'percentage') {
    const percentage = parsePercentage(coupon.percentage, `coupon ${coupon.id} percentage`);
    discount = roundToMinorUnit(remaining.times(percentage).div(100), currency);
  } else {
    if (coupon.currency !== currency) {
      throw new BillingError(
        'coupon_currency_mismatch',
        `coupon ${coupon.id} is in ${coupon.currency}, the invoice in ${currency}`,
        { details: { couponId: coupon.id, couponCurrency: coupon.currency, currency } },
      );
    }
    discount = parseAmount(coupon.amount, currency, `coupon ${coupon.id} amount`);
  }
  return Decimal.max(new Decimal(0), Decimal.min(discount, remaining));
}
