import { assembleInvoice, type InvoiceLineInput, type TaxRate } from '../../domain/invoice';
import {
  CITY,
  KW_5,
  STATE,
  VAT_10,
  VAT_10_INCL,
  VAT_19_INCL,
  VAT_20,
  VAT_20_INCL,
  VAT_5_5,
} from '../fixtures/tax-rates';

const ALL_RATES = [VAT_20, VAT_20_INCL, VAT_19_INCL, VAT_10, VAT_10_INCL, VAT_5_5, KW_5];

const line = (lineId: string, amount: string, taxRateIds?: string[]): InvoiceLineInput =>
  taxRateIds === undefined ? { lineId, amount } : { lineId, amount, taxRateIds };

/** [rate, taxableAmount, taxAmount] -> the breakdown entry. */
const tax = (rate: TaxRate, taxableAmount: string, taxAmount: string) => ({
  taxRateId: rate.id,
  name: rate.name,
  percentage: rate.percentage,
  inclusive: rate.inclusive,
  taxableAmount,
  taxAmount,
  category: rate.category ?? 'standard',
});

interface TaxCase {
  name: string;
  currency: string;
  customerRates: TaxRate[];
  lines: InvoiceLineInput[];
  expected: {
    subtotal: string;
    taxes: ReturnType<typeof tax>[];
    totalExcludingTax: string;
    totalTax: string;
    total: string;
  };
}

const cases: TaxCase[] = [
  {
    // 100.00 * 0.20 = 20.00; total 100.00 + 20.00 = 120.00
    name: 'VAT 20% exclusive, one line',
    currency: 'EUR',
    customerRates: [VAT_20],
    lines: [line('a', '100.00')],
    expected: {
      subtotal: '100.00',
      taxes: [tax(VAT_20, '100.00', '20.00')],
      totalExcludingTax: '100.00',
      totalTax: '20.00',
      total: '120.00',
    },
  },
  {
    // On the sum: 0.99 * 0.20 = 0.198 -> 0.20. Per line would be 3 * round(0.066) = 0.21.
    name: 'VAT 20% exclusive, rounded on the sum, not per line (3 x 0.33)',
    currency: 'EUR',
    customerRates: [VAT_20],
    lines: [line('a', '0.33'), line('b', '0.33'), line('c', '0.33')],
    expected: {
      subtotal: '0.99',
      taxes: [tax(VAT_20, '0.99', '0.20')],
      totalExcludingTax: '0.99',
      totalTax: '0.20',
      total: '1.19',
    },
  },
  {
    // On the sum: 0.15 * 0.10 = 0.015 -> 0.02. Per line would be 3 * round(0.005) = 0.03.
    name: '10% exclusive, rounded on the sum, not per line (3 x 0.05)',
    currency: 'EUR',
    customerRates: [VAT_10],
    lines: [line('a', '0.05'), line('b', '0.05'), line('c', '0.05')],
    expected: {
      subtotal: '0.15',
      taxes: [tax(VAT_10, '0.15', '0.02')],
      totalExcludingTax: '0.15',
      totalTax: '0.02',
      total: '0.17',
    },
  },
  {
    // 10.00 / 1.2 = 8.3333 -> 8.33; tax = 10.00 - 8.33 = 1.67; total stays the gross 10.00
    name: 'VAT 20% inclusive, one line',
    currency: 'EUR',
    customerRates: [VAT_20_INCL],
    lines: [line('a', '10.00')],
    expected: {
      subtotal: '10.00',
      taxes: [tax(VAT_20_INCL, '8.33', '1.67')],
      totalExcludingTax: '8.33',
      totalTax: '1.67',
      total: '10.00',
    },
  },
  {
    // Sum: 3.00 / 1.2 = 2.50, tax 0.50. Per line: 1.00 - round(0.8333) = 0.17, 3 * 0.17 = 0.51.
    name: 'VAT 20% inclusive, rounded on the sum, not per line (3 x 1.00)',
    currency: 'EUR',
    customerRates: [VAT_20_INCL],
    lines: [line('a', '1.00'), line('b', '1.00'), line('c', '1.00')],
    expected: {
      subtotal: '3.00',
      taxes: [tax(VAT_20_INCL, '2.50', '0.50')],
      totalExcludingTax: '2.50',
      totalTax: '0.50',
      total: '3.00',
    },
  },
  {
    // Sum: 0.20 / 1.19 = 0.16807 -> 0.17, tax 0.03.
    // Per line: 0.10 / 1.19 = 0.08403 -> 0.08, tax 0.02 each, 0.04 in all.
    name: 'VAT 19% inclusive, rounded on the sum, not per line (2 x 0.10)',
    currency: 'EUR',
    customerRates: [VAT_19_INCL],
    lines: [line('a', '0.10'), line('b', '0.10')],
    expected: {
      subtotal: '0.20',
      taxes: [tax(VAT_19_INCL, '0.17', '0.03')],
      totalExcludingTax: '0.17',
      totalTax: '0.03',
      total: '0.20',
    },
  },
  {
    // a: 10.00 * 0.20 = 2.00; b: 5.55 * 0.055 = 0.30525 -> 0.31
    // total = 15.55 + 2.00 + 0.31 = 17.86
    name: 'two rates on one invoice: standard VAT and a reduced rate per line',
    currency: 'EUR',
    customerRates: [VAT_20],
    lines: [line('a', '10.00'), line('b', '5.55', ['vat-5.5'])],
    expected: {
      subtotal: '15.55',
      taxes: [tax(VAT_20, '10.00', '2.00'), tax(VAT_5_5, '5.55', '0.31')],
      totalExcludingTax: '15.55',
      totalTax: '2.31',
      total: '17.86',
    },
  },
  {
    // Not compound, both on 19.99: 19.99 * 0.0625 = 1.249375 -> 1.25;
    // 19.99 * 0.0225 = 0.449775 -> 0.45; total = 19.99 + 1.70 = 21.69
    name: 'two customer rates stacked on the same lines (state + city)',
    currency: 'USD',
    customerRates: [STATE, CITY],
    lines: [line('a', '19.99')],
    expected: {
      subtotal: '19.99',
      taxes: [tax(STATE, '19.99', '1.25'), tax(CITY, '19.99', '0.45')],
      totalExcludingTax: '19.99',
      totalTax: '1.70',
      total: '21.69',
    },
  },
  {
    // a gross 12.00: 12.00 / 1.2 = 10.00, tax 2.00; b net 10.00 * 0.10 = 1.00
    // totalExcludingTax = 22.00 - 2.00 (inclusive tax) = 20.00; total = 20.00 + 3.00 = 23.00
    name: 'inclusive and exclusive lines on one invoice',
    currency: 'EUR',
    customerRates: [],
    lines: [line('a', '12.00', ['vat-20-incl']), line('b', '10.00', ['vat-10'])],
    expected: {
      subtotal: '22.00',
      taxes: [tax(VAT_20_INCL, '10.00', '2.00'), tax(VAT_10, '10.00', '1.00')],
      totalExcludingTax: '20.00',
      totalTax: '3.00',
      total: '23.00',
    },
  },
  {
    // b is exempt (taxRateIds []): VAT 20% only on a: 10.00 * 0.20 = 2.00; total 17.00
    name: 'an exempt line next to a taxed one',
    currency: 'EUR',
    customerRates: [VAT_20],
    lines: [line('a', '10.00'), line('b', '5.00', [])],
    expected: {
      subtotal: '15.00',
      taxes: [tax(VAT_20, '10.00', '2.00')],
      totalExcludingTax: '15.00',
      totalTax: '2.00',
      total: '17.00',
    },
  },
  {
    // 1333 * 0.10 = 133.3 -> 133; total 1466
    name: 'JPY (0 decimals), exclusive',
    currency: 'JPY',
    customerRates: [VAT_10],
    lines: [line('a', '1000'), line('b', '333')],
    expected: {
      subtotal: '1333',
      taxes: [tax(VAT_10, '1333', '133')],
      totalExcludingTax: '1333',
      totalTax: '133',
      total: '1466',
    },
  },
  {
    // 1000 / 1.1 = 909.09 -> 909; tax 1000 - 909 = 91
    name: 'JPY (0 decimals), inclusive',
    currency: 'JPY',
    customerRates: [VAT_10_INCL],
    lines: [line('a', '1000')],
    expected: {
      subtotal: '1000',
      taxes: [tax(VAT_10_INCL, '909', '91')],
      totalExcludingTax: '909',
      totalTax: '91',
      total: '1000',
    },
  },
  {
    // 1.585 * 0.05 = 0.07925 -> 0.079; total 1.664
    name: 'KWD (3 decimals)',
    currency: 'KWD',
    customerRates: [KW_5],
    lines: [line('a', '1.250'), line('b', '0.335')],
    expected: {
      subtotal: '1.585',
      taxes: [tax(KW_5, '1.585', '0.079')],
      totalExcludingTax: '1.585',
      totalTax: '0.079',
      total: '1.664',
    },
  },
  {
    // Sum: 0.030 * 0.05 = 0.0015 -> 0.002. Per line: 3 * round(0.0005) = 0.003.
    name: 'KWD (3 decimals), rounded on the sum, not per line',
    currency: 'KWD',
    customerRates: [KW_5],
    lines: [line('a', '0.010'), line('b', '0.010'), line('c', '0.010')],
    expected: {
      subtotal: '0.030',
      taxes: [tax(KW_5, '0.030', '0.002')],
      totalExcludingTax: '0.030',
      totalTax: '0.002',
      total: '0.032',
    },
  },
  {
    name: 'zero invoice: no lines',
    currency: 'EUR',
    customerRates: [VAT_20],
    lines: [],
    expected: {
      subtotal: '0.00',
      taxes: [],
      totalExcludingTax: '0.00',
      totalTax: '0.00',
      total: '0.00',
    },
  },
  {
    // The rate is used by a line, so it is listed (EN 16931 breakdown), with zero amounts.
    name: 'zero invoice: one zero line',
    currency: 'EUR',
    customerRates: [VAT_20],
    lines: [line('a', '0.00')],
    expected: {
      subtotal: '0.00',
      taxes: [tax(VAT_20, '0.00', '0.00')],
      totalExcludingTax: '0.00',
      totalTax: '0.00',
      total: '0.00',
    },
  },
];

describe('assembleInvoice: taxes per rate on the sum of net amounts, rounded once', () => {
  it.each(cases)('$name', ({ currency, customerRates, lines, expected }) => {
    const invoice = assembleInvoice({
      invoiceId: 'inv-1',
      currency,
      lines,
      coupons: [],
      taxRates: customerRates,
      lineTaxRates: ALL_RATES,
      creditBalance: '0',
    });
    expect({
      subtotal: invoice.subtotal,
      taxes: invoice.taxes,
      totalExcludingTax: invoice.totalExcludingTax,
      totalTax: invoice.totalTax,
      total: invoice.total,
    }).toEqual(expected);
    expect(invoice.amountDue).toEqual(expected.total);
  });
});
