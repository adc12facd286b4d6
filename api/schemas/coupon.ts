import { z } from 'zod';
import { Decimal, isDecimalString } from '../../domain/decimal';
import type { Coupon } from '../../domain/invoice';
import { currencyExponent } from '../../domain/money';
import { idSchema } from './ids';

const ISO_CURRENCIES = new Set(Intl.supportedValuesOf('currency'));

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

const percentageCoupon = z.strictObject({
  id: idSchema,
  kind: z.literal('percentage'),
  percentage: z
    .string()
    .refine(
      (value) =>
        isDecimalString(value) &&
        new Decimal(value).gt(0) &&
        new Decimal(value).lte(100) &&
        new Decimal(value).decimalPlaces() <= 6,
      'must be a decimal string above "0" and at most "100", with at most 6 decimals',
    ),
  ...duration,
});

const fixedAmountCoupon = z
  .strictObject({
    id: idSchema,
    kind: z.literal('fixed_amount'),
    amount: z.string().refine(isDecimalString, 'must be a decimal string such as "5.00"'),
    currency: z
      .string()
      .refine((code) => ISO_CURRENCIES.has(code), 'must be an ISO 4217 code such as "EUR"'),
    ...duration,
  })
  .superRefine((coupon, ctx) => {
    if (!ISO_CURRENCIES.has(coupon.currency) || !isDecimalString(coupon.amount)) return;
    const amount = new Decimal(coupon.amount);
    if (amount.lte(0) || amount.decimalPlaces() > currencyExponent(coupon.currency)) {
      ctx.addIssue({
        code: 'custom',
        path: ['amount'],
        message: `must be positive, in whole minor units of ${coupon.currency}`,
      });
    }
  });

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
  });

export function toCoupon(input: z.infer<typeof couponSchema>): Coupon {
  return input;
}
