import type { Database } from '../db/client';
import { loadCoupon } from '../db/repositories/coupons.repository';
import { BillingError } from '../domain/errors';
import { isWellFormedId } from '../domain/ids';
import type { Coupon } from '../domain/invoice';

/** A coupon by id; a malformed id is not found without a query. */
export async function getCoupon(db: Database, id: string): Promise<Coupon> {
  const coupon = isWellFormedId(id) ? await loadCoupon(db, id) : null;
  if (!coupon) throw new BillingError('coupon_not_found', `no coupon ${id}`);
  return coupon;
}
