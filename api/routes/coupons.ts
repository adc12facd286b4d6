import { Router } from 'express';
import { z } from 'zod';
import {
  loadCoupon,
  loadCoupons,
  loadCustomerCoupons,
  redeemCoupon,
  saveCoupon,
} from '../../db/repositories/coupons.repository';
import { BillingError } from '../../domain/errors';
import { requireOperator } from '../auth';
import { loadCustomerOr404 } from '../customer-lookup';
import type { ApiDeps } from '../deps';
import { couponSchema, toCoupon } from '../schemas/coupon';
import { idSchema, isWellFormedId } from '../schemas/ids';
import { toFieldIssues } from '../schemas/issues';

const redemptionSchema = z.strictObject({ couponId: idSchema });

function parse<T>(schema: z.ZodType<T>, body: unknown, what: string): T {
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    throw new BillingError('invalid_request', `the ${what} is invalid`, {
      details: toFieldIssues(parsed.error),
    });
  }
  return parsed.data;
}

/** Coupons of the account, and the coupons applied to a customer. */
export function couponsRouter({ database }: ApiDeps): Router {
  const router = Router();
  const { db } = database;

  router.post('/v1/coupons', async (req, res) => {
    requireOperator(res);
    const coupon = toCoupon(parse(couponSchema, req.body, 'coupon'));
    const { created } = await saveCoupon(db, coupon);
    res.status(created ? 201 : 200).json(await loadCoupon(db, coupon.id));
  });

  router.get('/v1/coupons', async (_req, res) => {
    requireOperator(res);
    res.json({ coupons: await loadCoupons(db) });
  });

  router.get('/v1/coupons/:id', async (req, res) => {
    requireOperator(res);
    const coupon = isWellFormedId(req.params.id) ? await loadCoupon(db, req.params.id) : null;
    if (!coupon) throw new BillingError('coupon_not_found', `no coupon ${req.params.id}`);
    res.json(coupon);
  });

  /** Applies a coupon from the customer's next invoice on; applying it again is a no-op. */
  router.post('/v1/customers/:id/coupons', async (req, res) => {
    requireOperator(res);
    const customer = await loadCustomerOr404(res, db, req.params.id);
    const { couponId } = parse(redemptionSchema, req.body, 'coupon redemption');
    const coupon = await loadCoupon(db, couponId);
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
    const { created } = await redeemCoupon(db, customer.id, couponId);
    res.status(created ? 201 : 200).json(await customerCouponsView(customer.id));
  });

  router.get('/v1/customers/:id/coupons', async (req, res) => {
    const customer = await loadCustomerOr404(res, db, req.params.id);
    res.json(await customerCouponsView(customer.id));
  });

  async function customerCouponsView(customerId: string) {
    const coupons = await loadCustomerCoupons(db, customerId);
    return {
      coupons: coupons.map(({ coupon, redemption }) => ({
        coupon,
        periodsApplied: redemption.periodsApplied,
      })),
    };
  }

  return router;
}
