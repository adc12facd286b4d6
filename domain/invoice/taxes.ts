import { Decimal } from '../decimal';
import { BillingError } from '../errors';
import { roundToMinorUnit, sumDecimals } from '../money';
import { money, parsePercentage } from './amounts';
import {
  assertRateFitsCategory,
  BUILT_IN_RATES,
  EXEMPTION_REASONS,
  rateCategory,
  ratesOfCategory,
} from './tax-categories';
import type { InvoiceLineInput, TaxBreakdown, TaxRate } from './types';

function sameRate(a: TaxRate, b: TaxRate): boolean {
  return (
    a.name === b.name &&
    a.inclusive === b.inclusive &&
    rateCategory(a) === rateCategory(b) &&
    new Decimal(a.percentage).eq(new Decimal(b.percentage))
  );
}

/**
 * All rates the invoice may use, by id; the customer's rates first (that is the print order),
 * then the lines' own rates, then the built-in 0% rates of zero, exempt and reverse_charge
 * (domain/invoice/tax-categories.ts; only the used ones reach the breakdown).
 */
export function taxRateCatalog(
  customerRates: readonly TaxRate[],
  lineRates: readonly TaxRate[],
): Map<string, TaxRate> {
  const catalog = new Map<string, TaxRate>();
  for (const rate of [...customerRates, ...lineRates, ...BUILT_IN_RATES]) {
    parsePercentage(rate.percentage, `tax rate ${rate.id} percentage`);
    assertRateFitsCategory(rate);
    const known = catalog.get(rate.id);
    if (known !== undefined && !sameRate(known, rate)) {
      throw new BillingError('conflicting_tax_rate', `tax rate ${rate.id} is defined twice`, {
        details: { taxRateId: rate.id },
      });
    }
    catalog.set(rate.id, rate);
  }
  return catalog;
}

/**
 * A line's rates: its own `taxRateIds` if given, else the customer's rates of the line's tax
 * category (ratesOfCategory: the built-in 0% rate for zero/exempt/reverse_charge when the
 * customer has none of that category). Several exclusive
 * rates may stack on one line (each on the same net amount); an inclusive rate must be the
 * line's only rate, because tax = gross - gross / (1 + p) splits a gross amount one way only.
 */
export function resolveLineTaxRates(
  line: InvoiceLineInput,
  customerRates: readonly TaxRate[],
  catalog: ReadonlyMap<string, TaxRate>,
): TaxRate[] {
  const ids =
    line.taxRateIds ??
    ratesOfCategory(line.lineId, line.taxCategory ?? 'standard', customerRates).map(
      (rate) => rate.id,
    );
  if (new Set(ids).size !== ids.length) {
    throw new BillingError('invalid_tax_rates', `line ${line.lineId} repeats a tax rate`, {
      details: { lineId: line.lineId, taxRateIds: ids },
    });
  }
  const rates = ids.map((id) => {
    const rate = catalog.get(id);
    if (rate === undefined) {
      throw new BillingError('unknown_tax_rate', `line ${line.lineId} uses unknown rate ${id}`, {
        details: { lineId: line.lineId, taxRateId: id },
      });
    }
    return rate;
  });
  if (rates.length > 1 && rates.some((rate) => rate.inclusive)) {
    throw new BillingError(
      'invalid_tax_rates',
      `line ${line.lineId} combines an inclusive rate with other rates`,
      { details: { lineId: line.lineId, taxRateIds: ids } },
    );
  }
  return rates;
}

export interface TaxedLine {
  /** Line amount after its discount allocations. */
  netAmount: Decimal;
  rates: readonly TaxRate[];
}

export interface TaxComputation {
  breakdown: TaxBreakdown[];
  inclusiveTax: Decimal;
  exclusiveTax: Decimal;
}

/**
 * Tax per rate on the SUM of the net amounts of the lines with that rate, rounded once
 * (EN 16931: the VAT breakdown's tax is the category's taxable amount times its rate).
 *   exclusive: taxable = sum; tax = round(sum * p / 100)
 *   inclusive: taxable = round(sum / (1 + p / 100)); tax = sum - taxable
 * Example: 3 lines of 0.05 at 10% exclusive -> round(0.15 * 0.10) = round(0.015) = 0.02,
 * where rounding per line would give 3 * round(0.005) = 0.03.
 */
export function computeTaxes(
  lines: readonly TaxedLine[],
  catalog: ReadonlyMap<string, TaxRate>,
  currency: string,
): TaxComputation {
  const bases = new Map<string, Decimal[]>();
  for (const line of lines) {
    for (const rate of line.rates) {
      bases.set(rate.id, [...(bases.get(rate.id) ?? []), line.netAmount]);
    }
  }
  const breakdown: TaxBreakdown[] = [];
  let inclusiveTax = new Decimal(0);
  let exclusiveTax = new Decimal(0);
  for (const rate of catalog.values()) {
    const amounts = bases.get(rate.id);
    if (amounts === undefined) continue;
    const base = sumDecimals(amounts);
    const fraction = new Decimal(rate.percentage).div(100);
    let taxable: Decimal;
    let tax: Decimal;
    if (rate.inclusive) {
      taxable = roundToMinorUnit(base.div(fraction.plus(1)), currency);
      tax = base.minus(taxable);
      inclusiveTax = inclusiveTax.plus(tax);
    } else {
      taxable = base;
      tax = roundToMinorUnit(base.times(fraction), currency);
      exclusiveTax = exclusiveTax.plus(tax);
    }
    breakdown.push({
      taxRateId: rate.id,
      name: rate.name,
      percentage: rate.percentage,
      inclusive: rate.inclusive,
      taxableAmount: money(taxable, currency),
      taxAmount: money(tax, currency),
      category: rateCategory(rate),
      ...exemptionReasonOf(rate),
    });
  }
  return { breakdown, inclusiveTax, exclusiveTax };
}

function exemptionReasonOf(rate: TaxRate): { exemptionReason?: string } {
  const reason = EXEMPTION_REASONS[rateCategory(rate)];
  return reason === undefined ? {} : { exemptionReason: reason };
}
