import { BillingError } from '../errors';

/**
 * ISO 4217 minor-unit exponents that differ from 2 (the common case). Kept as a table, not
 * read from Intl, so an ICU update can never change an invoice total.
 */
const EXPONENTS: Record<string, number> = {
  // No minor unit.
  BIF: 0,
  CLP: 0,
  DJF: 0,
  GNF: 0,
  ISK: 0,
  JPY: 0,
  KMF: 0,
  KRW: 0,
  PYG: 0,
  RWF: 0,
  UGX: 0,
  UYI: 0,
  VND: 0,
  VUV: 0,
  XAF: 0,
  XOF: 0,
  XPF: 0,
  // Three decimals.
  BHD: 3,
  IQD: 3,
  JOD: 3,
  KWD: 3,
  LYD: 3,
  OMR: 3,
  TND: 3,
  // Four decimals (accounting units).
  CLF: 4,
  UYW: 4,
};

const ISO_CODE = /^[A-Z]{3}$/;

/** Digits after the decimal point in the currency's minor unit: EUR 2, JPY 0, KWD 3. */
export function currencyExponent(currency: string): number {
  if (!ISO_CODE.test(currency)) {
    throw new BillingError('invalid_currency', `${currency} is not an ISO 4217 code`);
  }
  return EXPONENTS[currency] ?? 2;
}
