import type { Customer } from '../customer';
import { BillingError } from '../errors';
import { decideCreate, type CreateDecision } from '../idempotent-create';
import { isCouponActive, type Coupon, type CouponRedemption } from '../invoice';

/** Creating a coupon under an id that exists: the same terms replay, other terms conflict. */
export function decideCouponCreate(existing: Coupon | null, requested: Coupon): CreateDecision {
  return decideCreate(existing && couponTerms(existing), couponTerms(requested));
}

/** The terms of a coupon, built one way so stored and requested coupons compare. */
function couponTerms(coupon: Coupon): Record<string, unknown> {
  return {
    id: coupon.id,
    kind: coupon.kind,
    percentage: coupon.kind === 'percentage' ? coupon.percentage : null,
    amount: coupon.kind === 'fixed_amount' ? coupon.amount : null,
    currency: coupon.kind === 'fixed_amount' ? coupon.currency : null,
    duration: coupon.duration,
    durationPeriods: coupon.durationPeriods ?? null,
  };
}

export function couponExists(id: string): BillingError {
  return new BillingError('coupon_exists', `coupon ${id} exists with other terms`, {
    details: [{ field: 'id', message: 'already exists' }],
  });
}

/**
 * A coupon may be applied to a customer when it exists and, for a fixed amount, is in the
 * customer's currency (an invoice has one currency). A percentage fits any currency.
 */
export function checkCouponApplies(
  couponId: string,
  coupon: Coupon | null,
  customer: Customer,
): Coupon {
  if (!coupon) {
    throw new BillingError('invalid_request', `no coupon ${couponId}`, {
      details: [{ field: 'couponId', message: 'no such coupon' }],
    });
  }
  if (coupon.kind === 'fixed_amount' && coupon.currency !== customer.currency) {
    throw new BillingError('currency_mismatch', `coupon ${couponId} is in ${coupon.currency}`, {
      details: [{ field: 'couponId', message: `must be in ${customer.currency}` }],
    });
  }
  return coupon;
}

/** The coupons that discount a customer's next invoice, in the order they were applied. */
export function activeCoupons(
  applied: readonly { coupon: Coupon; redemption: CouponRedemption }[],
): Coupon[] {
  return applied
    .filter(({ coupon, redemption }) => isCouponActive(coupon, redemption))
    .map(({ coupon }) => coupon);
}
