import { Decimal } from '../decimal';
import { builtOnce } from './built-once';
import { currencyExponent, formatAmount, roundToMinorUnit } from '../money';

/**
 * Intl.NumberFormat formats a decimal STRING exactly (ICU reads the digits, no float), but
 * shows at most 20 fraction digits; every string handed to it here has at most that many.
 */
const INTL_MAX_FRACTION_DIGITS = 20;

/**
 * Quantities are billed units, often quotients (600 s = 0.1666… hour, bytes / 10^9 = GB)
 * that Decimal cuts at 50 digits. Six decimals are plenty to read; below 1 we keep six
 * significant digits instead, so 0.000000001 GB never shows as 0.
 */
const QUANTITY_DECIMALS = 6;
const QUANTITY_SIGNIFICANT_DIGITS = 6;

/**
 * A configured unit price is shown exactly however small (0.0000115 per second), and so is
 * any effective price that terminates. One that does not (a tiered effective price such as
 * 10 / 3) has more than 20 decimals and is shown with 10 significant digits: it is
 * informational only, amounts are never derived from the printed unit price.
 */
const UNIT_PRICE_SIGNIFICANT_DIGITS = 10;

export interface DocumentNumberFormat {
  /** A money string with exactly the currency's decimals: "1234.50" -> "€1,234.50". */
  amount(value: string): string;
  /** The same amount shown as a deduction: "5.00" -> "-€5.00"; zero stays unsigned. */
  deduction(value: string): string;
  /** An unrounded amount (a resource's share) rounded to the minor unit for display. */
  preciseAmount(value: string): string;
  /** A unit price with all its decimals, at least the currency's: "0.0000115" -> "€0.0000115". */
  unitPrice(value: string): string;
  /** A billed quantity, grouped, trailing zeros trimmed: "1500.500000" -> "1,500.5". */
  quantity(value: string): string;
  /** A tax percentage: "19" -> "19%", "5.5" in de-DE -> "5,5 %". */
  percent(value: string): string;
  /** A count of things: 1234 -> "1,234". */
  count(value: number): string;
}

function roundHalfUp(value: Decimal, decimals: number): Decimal {
  return value.toDecimalPlaces(decimals, Decimal.ROUND_HALF_UP);
}

function quantityForDisplay(value: Decimal): Decimal {
  if (value.decimalPlaces() <= QUANTITY_DECIMALS) return value;
  if (value.abs().gte(1)) return roundHalfUp(value, QUANTITY_DECIMALS);
  const significant = value.toSignificantDigits(QUANTITY_SIGNIFICANT_DIGITS, Decimal.ROUND_HALF_UP);
  return roundHalfUp(significant, INTL_MAX_FRACTION_DIGITS);
}

function unitPriceForDisplay(value: Decimal): Decimal {
  if (value.decimalPlaces() <= INTL_MAX_FRACTION_DIGITS) return value;
  const significant = value.toSignificantDigits(
    UNIT_PRICE_SIGNIFICANT_DIGITS,
    Decimal.ROUND_HALF_UP,
  );
  return roundHalfUp(significant, INTL_MAX_FRACTION_DIGITS);
}

/** Formatters for one document: its locale and currency (built once each). */
export const createDocumentNumberFormat: (
  locale: string,
  currency: string,
) => DocumentNumberFormat = builtOnce(buildNumberFormat);

function buildNumberFormat(locale: string, currency: string): DocumentNumberFormat {
  const exponent = currencyExponent(currency);
  const money = new Intl.NumberFormat(locale, {
    style: 'currency',
    currency,
    minimumFractionDigits: exponent,
    maximumFractionDigits: exponent,
  });
  const price = new Intl.NumberFormat(locale, {
    style: 'currency',
    currency,
    minimumFractionDigits: exponent,
    maximumFractionDigits: INTL_MAX_FRACTION_DIGITS,
  });
  const plain = new Intl.NumberFormat(locale, { maximumFractionDigits: INTL_MAX_FRACTION_DIGITS });
  const percent = new Intl.NumberFormat(locale, {
    style: 'unit',
    unit: 'percent',
    maximumFractionDigits: INTL_MAX_FRACTION_DIGITS,
  });
  // The typings predate Intl.NumberFormat v3, which accepts decimal strings.
  const exact = (format: Intl.NumberFormat, value: string): string =>
    format.format(value as unknown as number);

  return {
    amount: (value) => exact(money, value),
    deduction: (value) => {
      const amount = new Decimal(value);
      return exact(money, amount.isZero() ? value : amount.neg().toFixed(exponent));
    },
    preciseAmount: (value) =>
      exact(money, formatAmount(roundToMinorUnit(new Decimal(value), currency), currency)),
    unitPrice: (value) => exact(price, unitPriceForDisplay(new Decimal(value)).toFixed()),
    quantity: (value) => exact(plain, quantityForDisplay(new Decimal(value)).toFixed()),
    percent: (value) => exact(percent, value),
    count: (value) => plain.format(value),
  };
}
