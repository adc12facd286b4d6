import { z } from 'zod';
import { DEFAULT_BILLING_PROFILE, type BillingProfile, type Customer } from '../../domain/customer';
import { currencySchema } from './currency';
import { idSchema } from './ids';
import { instantMs, instantSchema } from './instant';
import { text } from './text';
import { timeZoneSchema } from './time-zone';

/**
 * BCP 47 tags of a language, an optional script, region and variant ("de-DE", "zh-Hant-TW",
 * "es-419", "de-DE-1996"): each is a tag Intl accepts (test/unit checks a sample).
 * Extensions ("-u-co-phonebk") are not accepted.
 */
export const LOCALE_PATTERN =
  /^[A-Za-z]{2,3}(?:-[A-Za-z]{4})?(?:-(?:[A-Za-z]{2}|\d{3}))?(?:-(?:[A-Za-z0-9]{5,8}|\d[A-Za-z0-9]{3}))?$/;
const LOCALE_MESSAGE = 'must be a BCP 47 locale such as "de-DE"';
const MAX_GRACE_SECONDS = 31 * 24 * 3600;
export const DEFAULT_GRACE_SECONDS = 3600;

export const customerSchema = z.strictObject({
  id: idSchema,
  name: text(256),
  // zod's own email rule as a plain pattern: JSON Schema's `format: email` is looser and
  // would document addresses that are refused.
  email: z.string().regex(z.regexes.email, 'must be an email address'),
  currency: currencySchema,
  timezone: timeZoneSchema,
  billingSchedule: z.enum(['daily', 'weekly', 'monthly'], {
    error: 'must be daily, weekly or monthly',
  }),
  billingAnchor: instantSchema.optional(),
  gracePeriodSeconds: z
    .number()
    .int('must be a whole number of seconds')
    .min(0, 'must not be negative')
    .max(MAX_GRACE_SECONDS, `at most ${MAX_GRACE_SECONDS} (31 days)`)
    .optional(),
  paymentTermsDays: z
    .number()
    .int('must be a whole number of days')
    .min(0, 'must not be negative')
    .max(365, 'at most 365')
    .optional(),
  zeroUsageInvoices: z.boolean().optional(),
  locale: z
    .string()
    .max(35, LOCALE_MESSAGE)
    .regex(LOCALE_PATTERN, LOCALE_MESSAGE)
    .refine(isLocale, LOCALE_MESSAGE)
    .optional(),
  address: z
    .strictObject({
      lines: z.array(text(256)).min(1, 'at least one line').max(5, 'at most 5 lines'),
      countryCode: z
        .string()
        .regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code such as "DE"'),
    })
    .optional(),
  vatId: z
    .string()
    .regex(/^[A-Z0-9]{2,20}$/, 'must be 2 to 20 upper-case letters and digits')
    .optional(),
});

function isLocale(value: string): boolean {
  try {
    return Intl.getCanonicalLocales(value).length === 1;
  } catch {
    return false;
  }
}

export function toBillingProfile(input: z.infer<typeof customerSchema>): BillingProfile {
  return {
    paymentTermsDays: input.paymentTermsDays ?? DEFAULT_BILLING_PROFILE.paymentTermsDays,
    zeroUsageInvoices: input.zeroUsageInvoices ?? DEFAULT_BILLING_PROFILE.zeroUsageInvoices,
    locale: input.locale ?? DEFAULT_BILLING_PROFILE.locale,
    addressLines: input.address?.lines ?? [],
    countryCode: input.address?.countryCode ?? null,
    vatId: input.vatId ?? null,
  };
}

export function toCustomer(input: z.infer<typeof customerSchema>): Customer {
  return {
    id: input.id,
    name: input.name,
    email: input.email,
    currency: input.currency,
    timezone: input.timezone,
    billingSchedule: input.billingSchedule,
    billingAnchorMs: input.billingAnchor === undefined ? null : instantMs(input.billingAnchor),
    gracePeriodSeconds: input.gracePeriodSeconds ?? DEFAULT_GRACE_SECONDS,
  };
}

export function customerView(customer: Customer, profile: BillingProfile) {
  return {
    id: customer.id,
    name: customer.name,
    email: customer.email,
    currency: customer.currency,
    timezone: customer.timezone,
    billingSchedule: customer.billingSchedule,
    billingAnchor:
      customer.billingAnchorMs === null ? null : new Date(customer.billingAnchorMs).toISOString(),
    gracePeriodSeconds: customer.gracePeriodSeconds,
    paymentTermsDays: profile.paymentTermsDays,
    zeroUsageInvoices: profile.zeroUsageInvoices,
    locale: profile.locale,
    address:
      profile.countryCode === null
        ? null
        : { lines: profile.addressLines, countryCode: profile.countryCode },
    vatId: profile.vatId,
  };
}

/** A customer as the API answers it. */
export const customerViewSchema = z
  .strictObject({
    id: z.string(),
    name: z.string(),
    email: z.string(),
    currency: z.string(),
    timezone: z.string(),
    billingSchedule: z.enum(['daily', 'weekly', 'monthly']),
    billingAnchor: z.iso.datetime().nullable(),
    gracePeriodSeconds: z.number().int(),
    paymentTermsDays: z.number().int(),
    zeroUsageInvoices: z.boolean(),
    locale: z.string(),
    address: z.strictObject({ lines: z.array(z.string()), countryCode: z.string() }).nullable(),
    vatId: z.string().nullable(),
  })
  .meta({ id: 'Customer' });
