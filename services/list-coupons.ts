import type { Database } from '../db/client';
import { loadCouponsAfter } from '../db/repositories/coupons.repository';
import type { Coupon } from '../domain/invoice';
import { decodeCursor, pageOf, type Page, type PageRequest } from '../domain/pagination';

/** A page of the coupons of the account, ordered by id. */
export async function listCoupons(db: Database, page: PageRequest): Promise<Page<Coupon>> {
  const after = page.cursor === undefined ? undefined : decodeCursor(page.cursor, ['string']);
  const rows = await loadCouponsAfter(db, { take: page.limit + 1, after });
  return pageOf(rows, page.limit, (coupon) => [coupon.id]);
}
