import type { Database } from '../db/client';
import { loadCoupons } from '../db/repositories/coupons.repository';
import type { Coupon } from '../domain/invoice';

/** Every coupon of the account, ordered by id. */
export function listCoupons(db: Database): Promise<Coupon[]> {
  return loadCoupons(db);
}
