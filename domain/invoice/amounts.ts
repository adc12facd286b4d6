import { Decimal, isDecimalString } from '../decimal';
import { BillingError } from '../errors';
import { currencyExponent, formatAmount, sumDecimals } from '../money';

const SIGNED_DECIMAL = /^-?(0|[1-9]\d*)(\.\d+)?$/;

/**
 * Tax and coupon percentages carry at most 6 decimals. This bounds the denominator of
 * gross / (1 + p/100) to 10^9, so a non-terminating quotient sits at least 10^-9 minor units
 * away from a rounding midpoint: 50 significant digits then always round it the right way.
 */
const MAX_PERCENTAGE_DECIMALS = 6;

/**
 * A money amount that is already on the currency's minor unit: the engine rounds once per
 * line, so an input with more decimals is a bug upstream, not something to round again.
 */
export function parseAmount(
  value: string,
  currency: string,
  field: string,
  options: { allowNegative?: boolean } = {},
): Decimal {
  const wellFormed = options.allowNegative
    ? SIGNED_DECIMAL.test(value) && value.length <= 41
    : isDecimalString(value);
  if (!wellFormed) {
    throw new BillingError('invalid_amount', `${field} must be a decimal string, got "${value}"`, {
      details: { field, value },
    });
  }
  const amount = new Decimal(value);
  if (amount.decimalPlaces() > currencyExponent(currency)) {
    throw new BillingError(
      'invalid_amount',
      `${field} ${value} has more decimals than ${currency} allows`,
      { details: { field, value, currency } },
    );
  }
  return amount;
}

export function parsePercentage(value: string, field: string): Decimal {
  if (!isDecimalString(value)) {
    throw new BillingError('invalid_percentage', `${field} must be a decimal string`, {
      details: { field, value },
    });
  }
  const percentage = new Decimal(value);
  if (percentage.gt(100) || percentage.decimalPlaces() > MAX_PERCENTAGE_DECIMALS) {
    throw new BillingError(
      'invalid_percentage',
      `${field} must be from 0 to 100 with at most ${MAX_PERCENTAGE_DECIMALS} decimals`,
      { details: { field, value } },
    );
  }
  return percentage;
}

/** Formats an amount; a negative zero ("-0.00") can never reach a document. */
export function money(amount: Decimal, currency: string): string {
  return formatAmount(amount.isZero() ? new Decimal(0) : amount, currency);
}

/** Amount in minor units as an integer Decimal: 12.34 EUR -> 1234, 5 JPY -> 5. */
export function toMinorUnits(amount: Decimal, currency: string): Decimal {
  return amount.times(new Decimal(10).pow(currencyExponent(currency)));
}

export function fromMinorUnits(units: Decimal, currency: string): Decimal {
  return units.div(new Decimal(10).pow(currencyExponent(currency)));
}

/**
 * Invoice equations are asserted, not trusted: a violation is a bug in this module and must
 * stop the invoice (not retryable) rather than send wrong money.
 */
export function assertSumEquals(equation: string, total: Decimal, parts: readonly Decimal[]): void {
  const sum = sumDecimals([...parts]);
  if (!total.eq(sum)) {
    throw new BillingError('invoice_invariant_violated', `${equation} does not hold`, {
      details: { equation, total: total.toFixed(), sum: sum.toFixed() },
    });
  }
}
