import {
  assembleInvoice,
  type AssembleInvoiceInput,
  type InvoiceTotals,
} from '../../domain/invoice';
import { BillingError } from '../../domain/errors';
import { VAT_10, VAT_20, VAT_20_INCL } from '../fixtures/tax-rates';

/** The worked example of docs/billing-rules.md. */
const WORKED_EXAMPLE: AssembleInvoiceInput = {
  invoiceId: 'inv-2026-03',
  currency: 'EUR',
  lines: [
    { lineId: 'a', amount: '10.00' },
    { lineId: 'b', amount: '3.35' },
    { lineId: 'c', amount: '0.10', taxRateIds: ['vat-10'] },
  ],
  coupons: [
    { id: 'ten-percent', kind: 'percentage', percentage: '10', duration: 'forever' },
    { id: 'five-off', kind: 'fixed_amount', amount: '5.00', currency: 'EUR', duration: 'once' },
  ],
  taxRates: [VAT_20],
  lineTaxRates: [VAT_10],
  creditBalance: '10.00',
};

describe('assembleInvoice: the worked example', () => {
  it('goes lines -> discounts -> taxes -> credits, every total a sum of rounded parts', () => {
    const expected: InvoiceTotals = {
      invoiceId: 'inv-2026-03',
      currency: 'EUR',
      // net = amount - (coupon 1 + coupon 2): a 10.00 - (1.00 + 3.72) = 5.28,
      // b 3.35 - (0.34 + 1.24) = 1.77, c 0.10 - (0.01 + 0.04) = 0.05
      lines: [
        {
          lineId: 'a',
          amount: '10.00',
          discountAmount: '4.72',
          netAmount: '5.28',
          taxRateIds: ['vat-20'],
        },
        {
          lineId: 'b',
          amount: '3.35',
          discountAmount: '1.58',
          netAmount: '1.77',
          taxRateIds: ['vat-20'],
        },
        {
          lineId: 'c',
          amount: '0.10',
          discountAmount: '0.05',
          netAmount: '0.05',
          taxRateIds: ['vat-10'],
        },
      ],
      // 10.00 + 3.35 + 0.10
      subtotal: '13.45',
      discounts: [
        {
          // 13.45 * 0.10 = 1.345 -> 1.35; 135 cents over 1000/335/10:
          // 100.37, 33.62, 1.004 -> floors 134, +1 to b
          couponId: 'ten-percent',
          amount: '1.35',
          allocations: [
            { lineId: 'a', amount: '1.00' },
            { lineId: 'b', amount: '0.34' },
            { lineId: 'c', amount: '0.01' },
          ],
        },
        {
          // min(5.00, 12.10) = 5.00; 500 cents over 900/301/9 (1210):
          // 371.90, 124.38, 3.719 -> floors 498, +1 to a (0.90), +1 to c (0.719)
          couponId: 'five-off',
          amount: '5.00',
          allocations: [
            { lineId: 'a', amount: '3.72' },
            { lineId: 'b', amount: '1.24' },
            { lineId: 'c', amount: '0.04' },
          ],
        },
      ],
      totalDiscount: '6.35',
      taxes: [
        // (5.28 + 1.77) * 0.20 = 7.05 * 0.20 = 1.41
        {
          taxRateId: 'vat-20',
          name: 'VAT 20%',
          percentage: '20',
          inclusive: false,
          taxableAmount: '7.05',
          taxAmount: '1.41',
          category: 'standard',
        },
        // 0.05 * 0.10 = 0.005 -> 0.01
        {
          taxRateId: 'vat-10',
          name: 'VAT 10%',
          percentage: '10',
          inclusive: false,
          taxableAmount: '0.05',
          taxAmount: '0.01',
          category: 'standard',
        },
      ],
      // 13.45 - 6.35
      totalExcludingTax: '7.10',
      // 1.41 + 0.01
      totalTax: '1.42',
      // 7.10 + 1.42
      total: '8.52',
      // min(10.00, 8.52)
      creditsApplied: '8.52',
      // 8.52 - 8.52
      amountDue: '0.00',
      creditConsumption: { kind: 'consumption', amount: '8.52', reference: 'invoice:inv-2026-03' },
    };
    expect(assembleInvoice(WORKED_EXAMPLE)).toEqual(expected);
  });

  it('is deterministic and does not mutate its input', () => {
    const before = JSON.stringify(WORKED_EXAMPLE);
    expect(assembleInvoice(WORKED_EXAMPLE)).toEqual(assembleInvoice(WORKED_EXAMPLE));
    expect(JSON.stringify(WORKED_EXAMPLE)).toEqual(before);
  });
});

function errorCode(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    return error instanceof BillingError ? error.code : 'not_a_billing_error';
  }
  return undefined;
}

describe('assembleInvoice: invalid input is rejected, never rounded or guessed', () => {
  const base: AssembleInvoiceInput = {
    invoiceId: 'inv-1',
    currency: 'EUR',
    lines: [{ lineId: 'a', amount: '10.00' }],
    coupons: [],
    taxRates: [VAT_20],
    creditBalance: '0',
  };
  it.each<[string, Partial<AssembleInvoiceInput>, string]>([
    ['an unknown currency', { currency: 'euro' }, 'invalid_currency'],
    ['an empty invoice id', { invoiceId: '' }, 'invalid_invoice_id'],
    [
      'a line with more decimals than the currency',
      { lines: [{ lineId: 'a', amount: '10.005' }] },
      'invalid_amount',
    ],
    [
      'a JPY line with decimals',
      { currency: 'JPY', lines: [{ lineId: 'a', amount: '10.5' }] },
      'invalid_amount',
    ],
    ['a negative line', { lines: [{ lineId: 'a', amount: '-1.00' }] }, 'invalid_amount'],
    ['an amount with an exponent', { lines: [{ lineId: 'a', amount: '1e3' }] }, 'invalid_amount'],
    [
      'two lines with one id',
      {
        lines: [
          { lineId: 'a', amount: '1.00' },
          { lineId: 'a', amount: '2.00' },
        ],
      },
      'duplicate_line',
    ],
    [
      'an unknown tax rate',
      { lines: [{ lineId: 'a', amount: '1.00', taxRateIds: ['nope'] }] },
      'unknown_tax_rate',
    ],
    [
      'a line with one rate twice',
      { lines: [{ lineId: 'a', amount: '1.00', taxRateIds: ['vat-20', 'vat-20'] }] },
      'invalid_tax_rates',
    ],
    [
      'an inclusive rate combined with another rate on one line',
      { taxRates: [VAT_20_INCL, VAT_10] },
      'invalid_tax_rates',
    ],
    [
      'one rate id with two definitions',
      { lineTaxRates: [{ ...VAT_20, percentage: '19' }] },
      'conflicting_tax_rate',
    ],
    [
      'a tax percentage over 100',
      { taxRates: [{ ...VAT_20, percentage: '120' }] },
      'invalid_percentage',
    ],
    [
      'a tax percentage with more than 6 decimals',
      { taxRates: [{ ...VAT_20, percentage: '19.0000001' }] },
      'invalid_percentage',
    ],
    ['a credit balance with too many decimals', { creditBalance: '1.001' }, 'invalid_amount'],
  ])('%s', (_name, overrides, code) => {
    expect(errorCode(() => assembleInvoice({ ...base, ...overrides }))).toEqual(code);
  });
});
