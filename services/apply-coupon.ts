import type { Database } from '../db/client';
import { loadCoupon, redeemCoupon } from '../db/repositories/coupons.repository';
import { checkCouponApplies } from '../domain/catalog/coupon';
import type { Principal } from '../domain/principal';
import { loadVisibleCustomer } from './access';
import { appliedCoupons, type AppliedCoupon } from './list-customer-coupons';

/**
 * Applies a coupon to a customer from its next invoice on; applying it again is a no-op
 * (`created: false`). Answers the customer's coupons.
 */
export async function applyCoupon(
  deps: { db: Database },
  principal: Principal,
  customerId: string,
  couponId: string,
): Promise<{ coupons: AppliedCoupon[]; created: boolean }> {
  return deps.db.transaction(async (tx) => {
    const customer = await loadVisibleCustomer(tx, principal, customerId);
    checkCouponApplies(couponId, await loadCoupon(tx, couponId), customer);
    const { created } = await redeemCoupon(tx, customer.id, couponId);
    return { coupons: await appliedCoupons(tx, customer.id), created };
  });
}
