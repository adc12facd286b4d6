import { and, asc, eq, sql } from 'drizzle-orm';
import type { Coupon, CouponRedemption } from '../../domain/invoice';
import type { Database, Transaction } from '../client';
import { afterKey } from '../keyset';
import { coupons, customerCoupons } from '../schema';

type CouponRow = typeof coupons.$inferSelect;

function toCoupon(row: CouponRow): Coupon {
  const base = {
    id: row.id,
    duration: row.duration,
    ...(row.durationPeriods === null ? {} : { durationPeriods: row.durationPeriods }),
  };
  return row.kind === 'percentage'
    ? { ...base, kind: 'percentage', percentage: row.percentage ?? '0' }
    : { ...base, kind: 'fixed_amount', amount: row.amount ?? '0', currency: row.currency ?? '' };
}

/** The coupon's columns; `createdAt` is left to the database. */
function toValues(coupon: Coupon): Omit<CouponRow, 'createdAt'> {
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

/**
 * Inserts a coupon; `created: false` when a coupon with its id is already stored (it is not
 * overwritten). Whether that is a replay or a conflict, services/create-coupon.ts decides.
 */
export async function saveCoupon(db: Database, coupon: Coupon): Promise<{ created: boolean }> {
  const inserted = await db
    .insert(coupons)
    .values(toValues(coupon))
    .onConflictDoNothing()
    .returning({ id: coupons.id });
  return { created: inserted.length > 0 };
}

export async function loadCoupon(db: Database, id: string): Promise<Coupon | null> {
  const [row] = await db.select().from(coupons).where(eq(coupons.id, id));
  return row ? toCoupon(row) : null;
}

export async function loadCoupons(db: Database): Promise<Coupon[]> {
  return (await db.select().from(coupons).orderBy(asc(coupons.id))).map(toCoupon);
}

/** Up to `take` coupons by id, after the id `after[0]` when given (keyset pagination). */
export async function loadCouponsAfter(
  db: Database,
  page: { take: number; after?: readonly [string] },
): Promise<Coupon[]> {
  const rows = await db
    .select()
    .from(coupons)
    .where(page.after ? afterKey([coupons.id], page.after) : undefined)
    .orderBy(asc(coupons.id))
    .limit(page.take);
  return rows.map(toCoupon);
}

/** Applies a coupon to a customer once; applying it again keeps the original redemption. */
export async function redeemCoupon(
  db: Database,
  customerId: string,
  couponId: string,
): Promise<{ created: boolean }> {
  const inserted = await db
    .insert(customerCoupons)
    .values({ customerId, couponId })
    .onConflictDoNothing()
    .returning({ couponId: customerCoupons.couponId });
  return { created: inserted.length > 0 };
}

/** The customer's coupons in the order they were applied, with their redemption state. */
export async function loadCustomerCoupons(
  db: Database,
  customerId: string,
): Promise<{ coupon: Coupon; redemption: CouponRedemption }[]> {
  const rows = await db
    .select()
    .from(customerCoupons)
    .innerJoin(coupons, eq(coupons.id, customerCoupons.couponId))
    .where(eq(customerCoupons.customerId, customerId))
    .orderBy(asc(customerCoupons.createdAt), asc(customerCoupons.couponId));
  return rows.map((row) => ({
    coupon: toCoupon(row.coupons),
    redemption: { couponId: row.coupons.id, periodsApplied: row.customer_coupons.periodsApplied },
  }));
}

/**
 * Up to `take` of the customer's coupons in (applied at, coupon id) order, after the key
 * `[appliedAtMs, couponId]` when given (keyset pagination).
 */
export async function loadCustomerCouponsAfter(
  db: Database,
  customerId: string,
  page: { take: number; after?: readonly [number, string] },
): Promise<{ coupon: Coupon; redemption: CouponRedemption; appliedAtMs: number }[]> {
  const rows = await db
    .select()
    .from(customerCoupons)
    .innerJoin(coupons, eq(coupons.id, customerCoupons.couponId))
    .where(
      and(
        eq(customerCoupons.customerId, customerId),
        page.after
          ? afterKey(
              [customerCoupons.createdAt, customerCoupons.couponId],
              [new Date(page.after[0]), page.after[1]],
            )
          : undefined,
      ),
    )
    .orderBy(asc(customerCoupons.createdAt), asc(customerCoupons.couponId))
    .limit(page.take);
  return rows.map((row) => ({
    coupon: toCoupon(row.coupons),
    redemption: { couponId: row.coupons.id, periodsApplied: row.customer_coupons.periodsApplied },
    appliedAtMs: row.customer_coupons.createdAt.getTime(),
  }));
}

/** Counts one more billing period for each coupon an invoice applied (at finalization). */
export async function recordCouponPeriods(
  tx: Database | Transaction,
  customerId: string,
  couponIds: readonly string[],
): Promise<void> {
  for (const couponId of couponIds) {
    await tx
      .update(customerCoupons)
      .set({ periodsApplied: sql`${customerCoupons.periodsApplied} + 1` })
      .where(
        and(eq(customerCoupons.customerId, customerId), eq(customerCoupons.couponId, couponId)),
      );
  }
}
