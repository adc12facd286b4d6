import fc from 'fast-check';
import { Decimal } from '../../domain/decimal';
import { currencyExponent } from '../../domain/money';
import {
  assembleInvoice,
  type AssembleInvoiceInput,
  type Coupon,
  type InvoiceLineInput,
  type InvoiceTotals,
  type TaxRate,
} from '../../domain/invoice';
import { propertyRuns } from '../support/property-runs';

const PERCENTAGES = ['0', '5.5', '7.25', '8.875', '10', '19', '20', '21', '100'];

/** An amount in `currency` from a whole number of minor units. */
const amountOf = (units: number, currency: string): string =>
  new Decimal(units)
    .div(new Decimal(10).pow(currencyExponent(currency)))
    .toFixed(currencyExponent(currency));

const rateArb = (id: string, inclusive: fc.Arbitrary<boolean>): fc.Arbitrary<TaxRate> =>
  fc.record({
    id: fc.constant(id),
    name: fc.constant(id.toUpperCase()),
    percentage: fc.constantFrom(...PERCENTAGES),
    inclusive,
  });

const NO_RATES: TaxRate[] = [];

/** The customer's rates: up to two exclusive rates, or one rate of either kind. */
const customerRatesArb = (inclusive: fc.Arbitrary<boolean>): fc.Arbitrary<TaxRate[]> =>
  fc.oneof(
    fc
      .tuple(rateArb('state', fc.constant(false)), rateArb('city', fc.constant(false)))
      .map((rates): TaxRate[] => [...rates]),
    rateArb('vat', inclusive).map((rate): TaxRate[] => [rate]),
    fc.constant(NO_RATES),
  );

const couponArb = (currency: string): fc.Arbitrary<Omit<Coupon, 'id'>> =>
  fc.oneof(
    fc.integer({ min: 0, max: 10_000 }).map((hundredths) => ({
      kind: 'percentage' as const,
      percentage: new Decimal(hundredths).div(100).toFixed(),
      duration: 'forever' as const,
    })),
    fc.integer({ min: 0, max: 5_000_000 }).map((units) => ({
      kind: 'fixed_amount' as const,
      amount: amountOf(units, currency),
      currency,
      duration: 'forever' as const,
    })),
  );

/** Random invoices; `inclusive` decides whether inclusive rates can appear. */
const invoiceArb = (inclusive: fc.Arbitrary<boolean>): fc.Arbitrary<AssembleInvoiceInput> =>
  fc.constantFrom('EUR', 'JPY', 'KWD').chain((currency) =>
    fc.record({
      invoiceId: fc.constant('inv-1'),
      currency: fc.constant(currency),
      taxRates: customerRatesArb(inclusive),
      lineTaxRates: fc.tuple(rateArb('reduced', fc.constant(false)), rateArb('gross', inclusive)),
      lines: fc
        .array(
          fc.record({
            units: fc.oneof(
              fc.integer({ min: 0, max: 100 }),
              fc.integer({ min: 0, max: 10_000_000 }),
            ),
            taxRateIds: fc.constantFrom<string[] | undefined>(
              undefined,
              [],
              ['reduced'],
              ['gross'],
            ),
          }),
          { maxLength: 8 },
        )
        .map((lines) =>
          lines.map(({ units, taxRateIds }, index): InvoiceLineInput => ({
            lineId: `line-${index}`,
            amount: amountOf(units, currency),
            ...(taxRateIds === undefined ? {} : { taxRateIds }),
          })),
        ),
      coupons: fc
        .array(couponArb(currency), { maxLength: 3 })
        .map((coupons) =>
          coupons.map((coupon, index) => ({ ...coupon, id: `coupon-${index}` }) as Coupon),
        ),
      creditBalance: fc
        .integer({ min: -1_000, max: 20_000_000 })
        .map((units) => amountOf(units, currency)),
    }),
  );

const anyInvoice = invoiceArb(fc.boolean());
const exclusiveOnly = invoiceArb(fc.constant(false));

const d = (value: string): Decimal => new Decimal(value);
const sum = (values: string[]): Decimal => values.reduce((acc, v) => acc.plus(v), new Decimal(0));
const fmt = (value: Decimal, invoice: InvoiceTotals): string =>
  value.toFixed(currencyExponent(invoice.currency));

describe('assembleInvoice properties', () => {
  it('total = totalExcludingTax + totalTax; totalTax = sum of taxes per rate', () => {
    fc.assert(
      fc.property(anyInvoice, (input) => {
        const invoice = assembleInvoice(input);
        expect(invoice.total).toEqual(
          fmt(d(invoice.totalExcludingTax).plus(invoice.totalTax), invoice),
        );
        expect(invoice.totalTax).toEqual(fmt(sum(invoice.taxes.map((t) => t.taxAmount)), invoice));
      }),
      propertyRuns(),
    );
  });

  it('without inclusive rates: totalExcludingTax = subtotal - sum(discounts)', () => {
    fc.assert(
      fc.property(exclusiveOnly, (input) => {
        const invoice = assembleInvoice(input);
        const discounts = sum(invoice.discounts.map((discount) => discount.amount));
        expect(invoice.totalExcludingTax).toEqual(
          fmt(d(invoice.subtotal).minus(discounts), invoice),
        );
      }),
      propertyRuns(),
    );
  });

  it('with inclusive rates: totalExcludingTax = subtotal - sum(discounts) - inclusive taxes', () => {
    fc.assert(
      fc.property(anyInvoice, (input) => {
        const invoice = assembleInvoice(input);
        const discounts = sum(invoice.discounts.map((discount) => discount.amount));
        const inclusiveTax = sum(invoice.taxes.filter((t) => t.inclusive).map((t) => t.taxAmount));
        expect(invoice.totalExcludingTax).toEqual(
          fmt(d(invoice.subtotal).minus(discounts).minus(inclusiveTax), invoice),
        );
        expect(invoice.subtotal).toEqual(fmt(sum(input.lines.map((line) => line.amount)), invoice));
      }),
      propertyRuns(),
    );
  });

  it('amountDue = total - creditsApplied >= 0, creditsApplied = min(max(balance, 0), total)', () => {
    fc.assert(
      fc.property(anyInvoice, (input) => {
        const invoice = assembleInvoice(input);
        const total = d(invoice.total);
        const expectedCredits = Decimal.max(0, Decimal.min(d(input.creditBalance), total));
        expect(invoice.creditsApplied).toEqual(fmt(expectedCredits, invoice));
        expect(invoice.amountDue).toEqual(fmt(total.minus(invoice.creditsApplied), invoice));
        expect(d(invoice.amountDue).isNeg()).toBe(false);
        expect(invoice.creditConsumption?.amount ?? fmt(new Decimal(0), invoice)).toEqual(
          invoice.creditsApplied,
        );
      }),
      propertyRuns(),
    );
  });

  it('allocated discounts sum exactly to each discount, and lines never go negative', () => {
    fc.assert(
      fc.property(anyInvoice, (input) => {
        const invoice = assembleInvoice(input);
        for (const discount of invoice.discounts) {
          expect(fmt(sum(discount.allocations.map((a) => a.amount)), invoice)).toEqual(
            discount.amount,
          );
        }
        expect(fmt(sum(invoice.lines.map((line) => line.discountAmount)), invoice)).toEqual(
          invoice.totalDiscount,
        );
        for (const line of invoice.lines) {
          expect(fmt(d(line.amount).minus(line.discountAmount), invoice)).toEqual(line.netAmount);
          expect(d(line.netAmount).isNeg()).toBe(false);
        }
        expect(d(invoice.totalDiscount).lte(invoice.subtotal)).toBe(true);
      }),
      propertyRuns(),
    );
  });

  it('every money output has exactly the currency decimals', () => {
    fc.assert(
      fc.property(anyInvoice, (input) => {
        const invoice = assembleInvoice(input);
        const exponent = currencyExponent(invoice.currency);
        const shape = new RegExp(exponent === 0 ? '^\\d+$' : `^\\d+\\.\\d{${exponent}}$`);
        const amounts = [
          invoice.subtotal,
          invoice.totalDiscount,
          invoice.totalExcludingTax,
          invoice.totalTax,
          invoice.total,
          invoice.creditsApplied,
          invoice.amountDue,
          ...invoice.lines.flatMap((l) => [l.amount, l.discountAmount, l.netAmount]),
          ...invoice.discounts.flatMap((x) => [x.amount, ...x.allocations.map((a) => a.amount)]),
          ...invoice.taxes.flatMap((t) => [t.taxableAmount, t.taxAmount]),
          ...(invoice.creditConsumption === null ? [] : [invoice.creditConsumption.amount]),
        ];
        for (const amount of amounts) expect(amount).toMatch(shape);
      }),
      propertyRuns(),
    );
  });
});
