import type { Database } from '../db/client';
import { loadCustomerCoupons } from '../db/repositories/coupons.repository';
import type { Coupon } from '../domain/invoice';
import type { Principal } from '../domain/principal';
import { loadVisibleCustomer } from './access';

export interface AppliedCoupon {
  coupon: Coupon;
  /** Billing periods the coupon has discounted so far (counted at finalization). */
  periodsApplied: number;
}

/** The coupons applied to a customer, in the order they were applied. */
export async function listCustomerCoupons(
  db: Database,
  principal: Principal,
  customerId: string,
): Promise<AppliedCoupon[]> {
  const customer = await loadVisibleCustomer(db, principal, customerId);
  return appliedCoupons(db, customer.id);
}

export async function appliedCoupons(db: Database, customerId: string): Promise<AppliedCoupon[]> {
  const applied = await loadCustomerCoupons(db, customerId);
  return applied.map(({ coupon, redemption }) => ({
    coupon,
    periodsApplied: redemption.periodsApplied,
  }));
}
