import { Decimal } from '../decimal';
import { BillingError } from '../errors';
import { currencyExponent, formatAmount, sumDecimals } from '../money';

const MONEY = /^-?(0|[1-9]\d*)(\.\d+)?$/;

/**
 * A money string of the document, checked to carry exactly the currency's decimals: the
 * e-invoice prints the stored strings, so "12.3" for EUR would be a malformed amount there
 * (and a sign that the document was not built by the engine).
 */
export function readMoney(value: string, currency: string, field: string): Decimal {
  if (MONEY.test(value)) {
    const amount = new Decimal(value);
    if (formatAmount(amount, currency) === value) return amount;
  }
  throw new BillingError(
    'invalid_amount',
    `${field} must have exactly ${currencyExponent(currency)} decimals for ${currency}, got "${value}"`,
    { details: { field, value, currency } },
  );
}

/** A computed amount as the e-invoice prints it; never "-0.00". */
export function printMoney(amount: Decimal, currency: string): string {
  return formatAmount(amount.isZero() ? new Decimal(0) : amount, currency);
}

export function minorUnitFactor(currency: string): Decimal {
  return new Decimal(10).pow(currencyExponent(currency));
}

export function sumMoney(values: readonly Decimal[]): Decimal {
  return sumDecimals([...values]);
}

/**
 * An e-invoice equation that does not hold means the document and its UBL would disagree
 * about money: stop (not retryable) instead of sending it to an ERP or a tax authority.
 */
export function assertSame(
  number: string,
  equation: string,
  expected: Decimal,
  actual: Decimal,
): void {
  if (!expected.eq(actual)) {
    throw new BillingError('einvoice_totals_mismatch', `${number}: ${equation} does not hold`, {
      details: { number, equation, expected: expected.toFixed(), actual: actual.toFixed() },
    });
  }
}
