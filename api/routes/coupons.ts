import { z } from 'zod';
import { applyCoupon } from '../../services/apply-coupon';
import { createCoupon } from '../../services/create-coupon';
import { getCoupon } from '../../services/get-coupon';
import { listCoupons } from '../../services/list-coupons';
import { listCustomerCouponsPage } from '../../services/list-customer-coupons';
import { PAGINATED, pageQuery, pageRequestOf, pageRules } from '../contract/pagination';
import { defineRoute, json } from '../contract/route';
import {
  couponListSchema,
  couponSchema,
  couponViewSchema,
  customerCouponListSchema,
  customerCouponPageSchema,
  redemptionSchema,
  toCoupon,
} from '../schemas/coupon';

const idPath = z.object({ id: z.string() });

/** Coupons of the account, and the coupons applied to a customer. */
export const couponRoutes = [
  defineRoute({
    method: 'post',
    path: '/v1/coupons',
    tag: 'Coupons',
    summary: 'Create a coupon (idempotent by id)',
    access: 'operator',
    body: couponSchema,
    invalidMessage: 'the coupon is invalid',
    statedRules: [
      {
        field: 'amount',
        rule: 'a fixed amount is positive and in whole minor units of its currency',
      },
    ],
    responses: {
      201: { description: 'Created', schema: couponViewSchema },
      200: { description: 'Already created with the same terms', schema: couponViewSchema },
    },
    errors: [409],
    handle: async ({ body }, deps) => {
      const { coupon, created } = await createCoupon({ db: deps.database.db }, toCoupon(body));
      return json(created ? 201 : 200, coupon);
    },
  }),
  defineRoute({
    method: 'get',
    path: '/v1/coupons',
    tag: 'Coupons',
    summary: 'Every coupon, by id',
    description: PAGINATED,
    access: 'operator',
    query: pageQuery,
    statedRules: pageRules,
    responses: { 200: { description: 'The coupons', schema: couponListSchema } },
    handle: async ({ query }, deps) => {
      const { items, nextCursor } = await listCoupons(deps.database.db, pageRequestOf(query));
      return json(200, { coupons: items, nextCursor });
    },
  }),
  defineRoute({
    method: 'get',
    path: '/v1/coupons/{id}',
    tag: 'Coupons',
    summary: 'A coupon',
    access: 'operator',
    params: idPath,
    responses: { 200: { description: 'The coupon', schema: couponViewSchema } },
    errors: [404],
    handle: async ({ params }, deps) => json(200, await getCoupon(deps.database.db, params.id)),
  }),
  defineRoute({
    method: 'post',
    path: '/v1/customers/{id}/coupons',
    tag: 'Coupons',
    summary: "Apply a coupon from the customer's next invoice on (again: no-op)",
    description:
      "A fixed-amount coupon must be in the customer's currency (else 400 currency_mismatch); " +
      'an unknown coupon is a 400 naming `couponId`.',
    access: 'operator',
    params: idPath,
    body: redemptionSchema,
    invalidMessage: 'the coupon redemption is invalid',
    statedRules: [
      {
        field: 'couponId',
        rule: "the coupon exists and, for a fixed amount, is in the customer's currency",
      },
    ],
    responses: {
      201: { description: 'Applied; the customer’s coupons', schema: customerCouponListSchema },
      200: {
        description: 'Already applied; the customer’s coupons',
        schema: customerCouponListSchema,
      },
    },
    errors: [404],
    handle: async ({ params, body, principal }, deps) => {
      const { coupons, created } = await applyCoupon(
        { db: deps.database.db },
        principal,
        params.id,
        body.couponId,
      );
      return json(created ? 201 : 200, { coupons });
    },
  }),
  defineRoute({
    method: 'get',
    path: '/v1/customers/{id}/coupons',
    tag: 'Coupons',
    summary: 'The coupons applied to a customer, with the periods each has discounted',
    description: `In the order they were applied. ${PAGINATED}`,
    access: 'customer',
    params: idPath,
    query: pageQuery,
    statedRules: pageRules,
    responses: { 200: { description: 'The coupons', schema: customerCouponPageSchema } },
    errors: [404],
    handle: async ({ params, query, principal }, deps) => {
      const { items, nextCursor } = await listCustomerCouponsPage(
        deps.database.db,
        principal,
        params.id,
        pageRequestOf(query),
      );
      return json(200, { coupons: items, nextCursor });
    },
  }),
];
