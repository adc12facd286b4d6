import { z } from 'zod';
import { Decimal, isDecimalString } from '../../domain/decimal';
import type { Coupon } from '../../domain/invoice';
import { currencyExponent } from '../../domain/money';
import { currencySchema, isCurrency } from './currency';
import { idSchema } from './ids';
import { DECIMAL_PATTERN, NON_ZERO_PATTERN } from './price-model';
import { nextCursorSchema } from '../contract/pagination';

const duration = {
  duration: z.enum(['once', 'repeating', 'forever'], {
    error: 'must be once, repeating or forever',
  }),
  durationPeriods: z
    .number()
    .int('must be a whole number of periods')
    .min(1, 'at least 1')
    .max(1200, 'at most 1200')
    .optional(),
};

/** Above 0 and at most 100, at most 6 decimals (trailing zeros aside), no exponent. */
export const COUPON_PERCENTAGE_PATTERN =
  /^(?!0(?:\.0+)?$)(?:100(?:\.0+)?|[1-9]?\d(?:\.\d{1,6}0*)?)$/;
const PERCENTAGE_MESSAGE =
  'must be a decimal string above "0" and at most "100", with at most 6 decimals';

const percentageCoupon = z.strictObject({
  id: idSchema,
  kind: z.literal('percentage'),
  percentage: z
    .string()
    .max(40, PERCENTAGE_MESSAGE)
    .regex(COUPON_PERCENTAGE_PATTERN, PERCENTAGE_MESSAGE),
  ...duration,
});

const AMOUNT_MESSAGE = 'must be a decimal string such as "5.00"';

const fixedAmountCoupon = z
  .strictObject({
    id: idSchema,
    kind: z.literal('fixed_amount'),
    amount: z
      .string()
      .max(40, AMOUNT_MESSAGE)
      .regex(DECIMAL_PATTERN, AMOUNT_MESSAGE)
      .regex(NON_ZERO_PATTERN, 'must be positive, in whole minor units of the currency')
      .meta({ description: 'Above 0, in whole minor units of `currency` ("5.00" for EUR)' }),
    currency: currencySchema,
    ...duration,
  })
  .superRefine((coupon, ctx) => {
    if (!isCurrency(coupon.currency) || !isDecimalString(coupon.amount)) return;
    const amount = new Decimal(coupon.amount);
    if (amount.lte(0) || amount.decimalPlaces() > currencyExponent(coupon.currency)) {
      ctx.addIssue({
        code: 'custom',
        path: ['amount'],
        message: `must be positive, in whole minor units of ${coupon.currency}`,
      });
    }
  });

/** `durationPeriods` exactly when the duration is "repeating", in JSON Schema. */
const durationRule = {
  if: { properties: { duration: { const: 'repeating' } }, required: ['duration'] },
  then: { required: ['durationPeriods'] },
  else: { not: { required: ['durationPeriods'] } },
};

export const couponSchema = z
  .discriminatedUnion('kind', [percentageCoupon, fixedAmountCoupon], {
    error: 'must be "percentage" or "fixed_amount"',
  })
  .superRefine((coupon, ctx) => {
    const repeats = coupon.duration === 'repeating';
    if (repeats !== (coupon.durationPeriods !== undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: ['durationPeriods'],
        message: repeats
          ? 'is required when duration is repeating'
          : 'only with duration repeating',
      });
    }
  })
  .meta(durationRule);

export function toCoupon(input: z.infer<typeof couponSchema>): Coupon {
  return input;
}

const durationView = {
  duration: z.enum(['once', 'repeating', 'forever']),
  durationPeriods: z.number().int().optional(),
};

/** A coupon as the API answers it; `durationPeriods` only for a repeating one. */
export const couponViewSchema = z
  .discriminatedUnion('kind', [
    z.strictObject({
      id: z.string(),
      kind: z.literal('percentage'),
      percentage: z.string(),
      ...durationView,
    }),
    z.strictObject({
      id: z.string(),
      kind: z.literal('fixed_amount'),
      amount: z.string(),
      currency: z.string(),
      ...durationView,
    }),
  ])
  .meta({ id: 'Coupon' });

export const couponListSchema = z.strictObject({
  coupons: z.array(couponViewSchema),
  nextCursor: nextCursorSchema,
});

export const redemptionSchema = z.strictObject({ couponId: idSchema });

export const customerCouponListSchema = z
  .strictObject({
    coupons: z.array(
      z.strictObject({ coupon: couponViewSchema, periodsApplied: z.number().int().min(0) }),
    ),
  })
  .meta({ id: 'CustomerCoupons' });

/** A page of a customer's coupons (GET); applying a coupon answers them all. */
export const customerCouponPageSchema = customerCouponListSchema
  .extend({ nextCursor: nextCursorSchema })
  .meta({ id: 'CustomerCouponsPage' });
