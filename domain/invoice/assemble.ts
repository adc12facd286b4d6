import { Decimal } from '../decimal';
import { BillingError } from '../errors';
import { currencyExponent, sumDecimals } from '../money';
import { allocateLargestRemainder } from './allocation';
import { assertSumEquals, fromMinorUnits, money, parseAmount, toMinorUnits } from './amounts';
import { isAdjustmentLineId } from './adjustments';
import { computeCouponDiscount } from './coupons';
import { computeCreditsApplied, creditConsumptionEntry } from './credits';
import { computeTaxes, resolveLineTaxRates, taxRateCatalog } from './taxes';
import type { AppliedDiscount, AssembleInvoiceInput, InvoiceTotals, TaxRate } from './types';

/*
 * Invoice assembly: order and rounding (also in docs/billing-rules.md).
 *
 * Order: lines -> discounts -> taxes -> credits. Each step starts from the rounded results
 * of the step before; nothing is rounded twice and every total is a sum of rounded parts.
 *
 * 1. Lines. Each rated line arrives rounded once to the minor unit (rating's one rounding).
 *    subtotal = sum(line.amount).
 * 2. Discounts. Coupons apply in the given order to what remains after earlier coupons:
 *    percentage: round(remaining * p / 100), half away from zero; fixed: min(amount,
 *    remaining). remaining never goes below zero. Each discount is split over the lines in
 *    proportion to what remains of each line, by the largest-remainder method in minor
 *    units, so the split sums exactly to the discount and a line never goes negative.
 *    line.netAmount = line.amount - its allocations.
 * 3. Taxes, per rate, on the sum of the net amounts of the lines with that rate, rounded
 *    once (EN 16931 VAT breakdown). Exclusive: tax = round(sum * p). Inclusive (line
 *    amounts are gross): taxable = round(sum / (1 + p)), tax = sum - taxable. A line is taxed
 *    by its own taxRateIds, else by the customer's rates.
 * 4. Totals. totalExcludingTax = subtotal - totalDiscount - inclusive taxes;
 *    totalTax = sum(taxAmount); total = totalExcludingTax + totalTax.
 * 5. Credits, after tax: creditsApplied = min(max(balance, 0), total);
 *    amountDue = total - creditsApplied >= 0.
 *
 * Worked example (EUR; customer rate VAT 20% exclusive; line C taxed at 10%):
 *   lines A 10.00, B 3.35, C 0.10                      subtotal = 13.45
 *   coupon 10%:  13.45 * 0.10 = 1.345 -> 1.35          remaining 12.10
 *     split 135 cents over 1000/335/10: 100.37, 33.62, 1.004 -> floors 134, +1 to B
 *     -> A 1.00, B 0.34, C 0.01; lines now 9.00, 3.01, 0.09
 *   coupon 5.00 fixed: min(5.00, 12.10) = 5.00        remaining 7.10
 *     split 500 cents over 900/301/9 (1210): 371.90, 124.38, 3.719 -> floors 498,
 *     +1 to A (0.90), +1 to C (0.719) -> A 3.72, B 1.24, C 0.04
 *   net: A 5.28, B 1.77, C 0.05                        sum 7.10 = 13.45 - 6.35
 *   VAT 20%: taxable 5.28 + 1.77 = 7.05, tax 1.41      (exact 1.410)
 *   VAT 10%: taxable 0.05, tax 0.005 -> 0.01
 *   totalExcludingTax = 13.45 - 6.35 = 7.10; totalTax = 1.42; total = 8.52
 *   credit balance 10.00: creditsApplied = 8.52, amountDue = 0.00, balance left 1.48
 */
export function assembleInvoice(input: AssembleInvoiceInput): InvoiceTotals {
  const { invoiceId, currency } = input;
  currencyExponent(currency);
  if (invoiceId === '') throw new BillingError('invalid_invoice_id', 'invoiceId is empty');
  assertUnique(
    'line',
    input.lines.map((line) => line.lineId),
  );
  assertUnique(
    'coupon',
    input.coupons.map((coupon) => coupon.id),
  );

  // 1. Lines.
  const catalog = taxRateCatalog(input.taxRates, input.lineTaxRates ?? []);
  // Only adjustment lines may be negative (a restated period that was overbilled); the
  // draft has already carried what exceeds a tax category to credit (carry-to-credit.ts).
  const lines: LineState[] = input.lines.map((line) => {
    const amount = parseAmount(line.amount, currency, `line ${line.lineId} amount`, {
      allowNegative: isAdjustmentLineId(line.lineId),
    });
    return {
      lineId: line.lineId,
      amount,
      rates: resolveLineTaxRates(line, input.taxRates, catalog),
      netUnits: toMinorUnits(amount, currency),
      carriedToCredit: line.carriedToCredit,
    };
  });
  const subtotal = sumDecimals(lines.map((line) => line.amount));

  // 2. Discounts, each split over what remains of the lines, in minor units.
  let remaining = subtotal;
  const discountAmounts: Decimal[] = [];
  const discounts: AppliedDiscount[] = input.coupons.map((coupon) => {
    const discount = computeCouponDiscount(coupon, remaining, currency);
    // Negative lines take no share: a discount only ever reduces a charge.
    const shares = allocateLargestRemainder(toMinorUnits(discount, currency), lines, (line) =>
      line.netUnits.isNeg() ? new Decimal(0) : line.netUnits,
    );
    const allocations = shares.map(({ item: line, share }) => {
      line.netUnits = line.netUnits.minus(share);
      return { lineId: line.lineId, amount: fromMinorUnits(share, currency) };
    });
    // discount = sum(allocations)
    assertSumEquals(
      `discount ${coupon.id} = sum(allocations)`,
      discount,
      allocations.map((allocation) => allocation.amount),
    );
    remaining = remaining.minus(discount);
    discountAmounts.push(discount);
    return {
      couponId: coupon.id,
      amount: money(discount, currency),
      allocations: allocations.map(({ lineId, amount }) => ({
        lineId,
        amount: money(amount, currency),
      })),
    };
  });
  const totalDiscount = sumDecimals(discountAmounts);
  const netLines = lines.map((line) => ({
    ...line,
    netAmount: fromMinorUnits(line.netUnits, currency),
  }));
  // subtotal = totalDiscount + sum(line net amounts)
  assertSumEquals('subtotal = totalDiscount + sum(netAmount)', subtotal, [
    totalDiscount,
    ...netLines.map((line) => line.netAmount),
  ]);

  // 3. Taxes per rate on the sum of net amounts.
  const taxes = computeTaxes(netLines, catalog, currency);
  const totalTax = taxes.inclusiveTax.plus(taxes.exclusiveTax);
  // totalTax = sum(taxAmount per rate)
  assertSumEquals(
    'totalTax = sum(taxes.taxAmount)',
    totalTax,
    taxes.breakdown.map((tax) => parseAmount(tax.taxAmount, currency, 'taxAmount')),
  );

  // 4. Totals.
  // subtotal = totalExcludingTax + totalDiscount + inclusive taxes
  const totalExcludingTax = subtotal.minus(totalDiscount).minus(taxes.inclusiveTax);
  assertSumEquals('subtotal = totalExcludingTax + totalDiscount + inclusiveTax', subtotal, [
    totalExcludingTax,
    totalDiscount,
    taxes.inclusiveTax,
  ]);
  // total = totalExcludingTax + totalTax
  const total = totalExcludingTax.plus(totalTax);
  assertSumEquals('total = totalExcludingTax + totalTax', total, [totalExcludingTax, totalTax]);

  // 5. Credits after tax.
  const balance = parseAmount(input.creditBalance, currency, 'creditBalance', {
    allowNegative: true,
  });
  const creditsApplied = computeCreditsApplied(balance, total);
  const amountDue = total.minus(creditsApplied);
  // total = creditsApplied + amountDue, amountDue >= 0
  assertSumEquals('total = creditsApplied + amountDue', total, [creditsApplied, amountDue]);
  if (amountDue.isNeg() || totalExcludingTax.isNeg()) {
    throw new BillingError('invoice_invariant_violated', 'an invoice total is negative', {
      details: { amountDue: amountDue.toFixed(), totalExcludingTax: totalExcludingTax.toFixed() },
    });
  }

  return {
    invoiceId,
    currency,
    lines: netLines.map((line) => ({
      lineId: line.lineId,
      amount: money(line.amount, currency),
      discountAmount: money(line.amount.minus(line.netAmount), currency),
      netAmount: money(line.netAmount, currency),
      taxRateIds: line.rates.map((rate) => rate.id),
      ...(line.carriedToCredit === undefined ? {} : { carriedToCredit: line.carriedToCredit }),
    })),
    subtotal: money(subtotal, currency),
    discounts,
    totalDiscount: money(totalDiscount, currency),
    taxes: taxes.breakdown,
    totalExcludingTax: money(totalExcludingTax, currency),
    totalTax: money(totalTax, currency),
    total: money(total, currency),
    creditsApplied: money(creditsApplied, currency),
    amountDue: money(amountDue, currency),
    creditConsumption: creditConsumptionEntry(invoiceId, creditsApplied, currency),
  };
}

/** A line during assembly; netUnits shrinks as each coupon takes its share. */
interface LineState {
  lineId: string;
  amount: Decimal;
  rates: readonly TaxRate[];
  netUnits: Decimal;
  carriedToCredit: string | undefined;
}

function assertUnique(kind: 'line' | 'coupon', ids: readonly string[]): void {
  const seen = new Set<string>();
  for (const id of ids) {
    if (seen.has(id)) {
      throw new BillingError(`duplicate_${kind}`, `${kind} ${id} appears twice`, {
        details: { [`${kind}Id`]: id },
      });
    }
    seen.add(id);
  }
}
