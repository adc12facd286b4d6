import type { Database } from '../db/client';
import {
  loadCustomerCoupons,
  loadCustomerCouponsAfter,
} from '../db/repositories/coupons.repository';
import type { Coupon } from '../domain/invoice';
import { decodeCursor, pageOf, type Page, type PageRequest } from '../domain/pagination';
import type { Principal } from '../domain/principal';
import { loadVisibleCustomer } from './access';

export interface AppliedCoupon {
  coupon: Coupon;
  /** Billing periods the coupon has discounted so far (counted at finalization). */
  periodsApplied: number;
}

/** A page of the coupons applied to a customer, in the order they were applied. */
export async function listCustomerCouponsPage(
  db: Database,
  principal: Principal,
  customerId: string,
  page: PageRequest,
): Promise<Page<AppliedCoupon>> {
  const after =
    page.cursor === undefined ? undefined : decodeCursor(page.cursor, ['number', 'string']);
  const customer = await loadVisibleCustomer(db, principal, customerId);
  const rows = await loadCustomerCouponsAfter(db, customer.id, { take: page.limit + 1, after });
  const { items, nextCursor } = pageOf(rows, page.limit, (row) => [row.appliedAtMs, row.coupon.id]);
  return {
    items: items.map(({ coupon, redemption }) => ({
      coupon,
      periodsApplied: redemption.periodsApplied,
    })),
    nextCursor,
  };
}

export async function appliedCoupons(db: Database, customerId: string): Promise<AppliedCoupon[]> {
  const applied = await loadCustomerCoupons(db, customerId);
  return applied.map(({ coupon, redemption }) => ({
    coupon,
    periodsApplied: redemption.periodsApplied,
  }));
}
