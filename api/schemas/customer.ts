import { z } from 'zod';
import { isValidTimeZone } from '../../domain/calendar';
import type { Customer } from '../../domain/customer';
import { parseRfc3339 } from '../../domain/time';
import { idSchema } from './ids';
import { text } from './text';

const ISO_CURRENCIES = new Set(Intl.supportedValuesOf('currency'));
const MAX_GRACE_SECONDS = 31 * 24 * 3600;
export const DEFAULT_GRACE_SECONDS = 3600;

export const customerSchema = z.strictObject({
  id: idSchema,
  name: text(256),
  email: z.email('must be an email address'),
  currency: z
    .string()
    .refine((code) => ISO_CURRENCIES.has(code), 'must be an ISO 4217 code such as "EUR"'),
  timezone: z.string().refine(isValidTimeZone, 'must be an IANA time zone such as "Europe/Berlin"'),
  billingSchedule: z.enum(['daily', 'weekly', 'monthly'], {
    error: 'must be daily, weekly or monthly',
  }),
  billingAnchor: z
    .string()
    .refine((value) => parseRfc3339(value) !== null, 'must be an RFC 3339 timestamp with offset')
    .optional(),
  gracePeriodSeconds: z
    .number()
    .int('must be a whole number of seconds')
    .min(0, 'must not be negative')
    .max(MAX_GRACE_SECONDS, `at most ${MAX_GRACE_SECONDS} (31 days)`)
    .optional(),
});

export function toCustomer(input: z.infer<typeof customerSchema>): Customer {
  return {
    id: input.id,
    name: input.name,
    email: input.email,
    currency: input.currency,
    timezone: input.timezone,
    billingSchedule: input.billingSchedule,
    billingAnchorMs: input.billingAnchor === undefined ? null : parseRfc3339(input.billingAnchor),
    gracePeriodSeconds: input.gracePeriodSeconds ?? DEFAULT_GRACE_SECONDS,
  };
}

export function customerView(customer: Customer) {
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
  };
}
