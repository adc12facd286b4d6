import { z } from 'zod';

/** The ISO 4217 codes this runtime knows (Intl): the currencies a customer or plan may use. */
export const CURRENCIES = Intl.supportedValuesOf('currency') as [string, ...string[]];

export const currencySchema = z.enum(CURRENCIES, {
  error: 'must be an ISO 4217 code such as "EUR"',
});

export const isCurrency = (code: string): boolean => currencySchema.safeParse(code).success;
