import { Decimal } from '../decimal';
import { BillingError } from '../errors';
import type { TaxRate } from './types';

/*
 * Tax categories (also in docs/billing-rules.md, "Tax categories").
 *
 * A price declares the category of its lines (default 'standard'); a customer's tax rates
 * each declare the category they tax (default 'standard'). A line is taxed by the
 * customer's rates of its category:
 *   standard, reduced: the customer's rates of that category (e.g. VAT 19% standard and
 *     VAT 7% reduced). A customer without any rate leaves every line untaxed (as before);
 *     a customer with rates but none of the line's category is refused (missing_tax_rate,
 *     409, retryable so a close waits for the rate): taxing a reduced line at the standard
 *     rate, or not at all, would be a wrong invoice.
 *   zero, exempt, reverse_charge: 0%, with the category recorded. The customer's rate of
 *     that category if it has one, else the built-in 0% rate of the category below.
 *     exempt and reverse_charge carry an exemption reason (EN 16931 BT-120, BR-E-10, BR-AE-10).
 * A customer's override 'reverse_charge' (EU B2B across borders) puts every line of the
 * customer in reverse_charge, whatever its price says.
 * Rounding is unchanged: per rate on the sum of the net amounts, once (each rate belongs to
 * exactly one category, so this is EN 16931's per category and rate).
 */
export const TAX_CATEGORIES = ['standard', 'reduced', 'zero', 'exempt', 'reverse_charge'] as const;
export type TaxCategoryName = (typeof TAX_CATEGORIES)[number];

/** A customer-level override of every line's category. */
export const TAX_OVERRIDES = ['reverse_charge'] as const;
export type TaxOverride = (typeof TAX_OVERRIDES)[number];

/**
 * UNCL 5305 codes as EN 16931 allows them. 'reduced' is S with its lower percent: UNCL 5305
 * has AA ("lower rate"), but the EN 16931 code list (BR-CL-17/18) does not, and S allows
 * several rates, one VAT breakdown per rate.
 */
export const EN16931_CATEGORY_CODE: Readonly<Record<TaxCategoryName, 'S' | 'Z' | 'E' | 'AE'>> = {
  standard: 'S',
  reduced: 'S',
  zero: 'Z',
  exempt: 'E',
  reverse_charge: 'AE',
};

/** BT-120 texts, for the categories EN 16931 requires one of. */
export const EXEMPTION_REASONS: Readonly<Partial<Record<TaxCategoryName, string>>> = {
  exempt: 'Exempt from VAT',
  reverse_charge: 'Reverse charge: VAT to be accounted for by the recipient',
};

/** Categories taxed at 0% whatever the customer configured. */
const ZERO_CATEGORIES: ReadonlySet<TaxCategoryName> = new Set(['zero', 'exempt', 'reverse_charge']);

export function isZeroCategory(category: TaxCategoryName): boolean {
  return ZERO_CATEGORIES.has(category);
}

export function rateCategory(rate: Pick<TaxRate, 'category'>): TaxCategoryName {
  return rate.category ?? 'standard';
}

/**
 * The built-in 0% rate of a zero, exempt or reverse_charge line when the customer has none of
 * its own. Its id has a '#', which customer rate ids cannot (ID_PATTERN), so it never clashes.
 */
export function builtInRate(category: 'zero' | 'exempt' | 'reverse_charge'): TaxRate {
  const names = { zero: 'VAT 0%', exempt: 'VAT exempt', reverse_charge: 'Reverse charge' };
  return {
    id: `#${category}`,
    name: names[category],
    percentage: '0',
    inclusive: false,
    category,
  };
}

export const BUILT_IN_RATES: readonly TaxRate[] = (
  ['zero', 'exempt', 'reverse_charge'] as const
).map(builtInRate);

/** A zero/exempt/reverse_charge rate must be 0%; anything else is refused. */
export function assertRateFitsCategory(rate: TaxRate): void {
  if (isZeroCategory(rateCategory(rate)) && !new Decimal(rate.percentage).isZero()) {
    throw new BillingError(
      'invalid_tax_rates',
      `tax rate ${rate.id} of category ${rateCategory(rate)} must be 0%`,
      { details: { taxRateId: rate.id, category: rateCategory(rate) } },
    );
  }
}

/**
 * The rates of the customer that tax a line of `category`, as described above. Returns []
 * for a customer with no rates at all and a standard or reduced line.
 */
export function ratesOfCategory(
  lineId: string,
  category: TaxCategoryName,
  customerRates: readonly TaxRate[],
): TaxRate[] {
  const own = customerRates.filter((rate) => rateCategory(rate) === category);
  if (own.length > 0) return own;
  if (category === 'zero' || category === 'exempt' || category === 'reverse_charge') {
    return [builtInRate(category)];
  }
  if (customerRates.length === 0) return [];
  throw new BillingError(
    'missing_tax_rate',
    `line ${lineId} is ${category}, and the customer has no ${category} tax rate`,
    // Retryable: a period close keeps retrying until an operator adds the missing rate,
    // rather than failing its workflow.
    { retryable: true, details: { lineId, category } },
  );
}

/** The category of a line: the customer's override, else its price's, else standard. */
export function lineCategory(
  priceCategory: TaxCategoryName | undefined,
  override: TaxOverride | null | undefined,
): TaxCategoryName {
  return override ?? priceCategory ?? 'standard';
}
