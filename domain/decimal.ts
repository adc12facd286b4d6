import DecimalBase from 'decimal.js';

/**
 * The one decimal type of the engine. decimal.js defaults to 20 significant digits, which
 * silently drops digits at numeric(20,10) scale; 50 digits covers a quantity of 10^15 bytes
 * times a month of milliseconds with room to spare.
 */
export const Decimal = DecimalBase.clone({ precision: 50, rounding: DecimalBase.ROUND_HALF_EVEN });
export type Decimal = InstanceType<typeof Decimal>;

/**
 * A non-negative decimal string without exponent ("0", "12", "0.000001") of at most 40
 * characters: with 50 significant digits, sums of such quantities and their products with a
 * month of milliseconds stay exact.
 */
export const MAX_DECIMAL_LENGTH = 40;
export const DECIMAL_STRING = /^(0|[1-9]\d*)(\.\d+)?$/;

export function isDecimalString(value: string): boolean {
  return DECIMAL_STRING.test(value) && value.length <= MAX_DECIMAL_LENGTH;
}

/** Canonical decimal string: no exponent, no trailing zeros ("1.50" -> "1.5", "2.0" -> "2"). */
export function toDecimalString(value: Decimal): string {
  return value.toFixed();
}

/** Milliseconds as exact seconds: 7_250 -> "7.25". */
export function millisToSeconds(millis: Decimal | number): string {
  return toDecimalString(new Decimal(millis).div(1000));
}
