import type { Database } from '../db/client';
import { loadCoupon, saveCoupon } from '../db/repositories/coupons.repository';
import { couponExists, decideCouponCreate } from '../domain/catalog/coupon';
import type { Coupon } from '../domain/invoice';
import { RACED, retryOnceIfRaced } from './raced';

/**
 * Creates a coupon. Idempotent by id: the same terms again answer the stored coupon; other
 * terms under the id are `coupon_exists`.
 */
export async function createCoupon(
  deps: { db: Database },
  requested: Coupon,
): Promise<{ coupon: Coupon; created: boolean }> {
  return retryOnceIfRaced(() =>
    deps.db.transaction(async (tx) => {
      const existing = await loadCoupon(tx, requested.id);
      switch (decideCouponCreate(existing, requested)) {
        case 'conflict':
          throw couponExists(requested.id);
        case 'replay':
          return { coupon: existing as Coupon, created: false };
        case 'create': {
          if (!(await saveCoupon(tx, requested)).created) return RACED;
          const stored = await loadCoupon(tx, requested.id);
          return { coupon: stored as Coupon, created: true };
        }
      }
    }),
  );
}
