import { Decimal, toDecimalString } from '../decimal';
import { currencyExponent } from './currencies';

/**
 * The one rounding of money: to the currency's minor unit, half away from zero (commercial
 * rounding, as invoices and EN 16931 expect). 2.345 EUR -> 2.35; 0.5 JPY -> 1; -2.345 -> -2.35.
 */
export const MONEY_ROUNDING = Decimal.ROUND_HALF_UP;

export function roundToMinorUnit(amount: Decimal, currency: string): Decimal {
  return amount.toDecimalPlaces(currencyExponent(currency), MONEY_ROUNDING);
}

/** A money amount as it crosses every boundary: a decimal string with the currency's exact
 *  number of decimals ("12.30" EUR, "5" JPY, "1.250" KWD). */
export function formatAmount(amount: Decimal, currency: string): string {
  return amount.toFixed(currencyExponent(currency));
}

/** An unrounded amount for drill-down: all digits, canonical form. */
export function preciseAmount(amount: Decimal): string {
  return toDecimalString(amount);
}

export function sumDecimals(values: Decimal[]): Decimal {
  return values.reduce((sum, value) => sum.plus(value), new Decimal(0));
}
