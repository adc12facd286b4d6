import {
  assembleInvoice,
  isCouponActive,
  recordCouponPeriod,
  type Coupon,
  type InvoiceLineInput,
  type TaxRate,
} from '../../domain/invoice';
import { BillingError } from '../../domain/errors';
import { KW_5, VAT_10, VAT_20, VAT_20_INCL } from '../fixtures/tax-rates';

const percentOff = (id: string, percentage: string): Coupon => ({
  id,
  kind: 'percentage',
  percentage,
  duration: 'forever',
});
const amountOff = (id: string, amount: string, currency = 'EUR'): Coupon => ({
  id,
  kind: 'fixed_amount',
  amount,
  currency,
  duration: 'forever',
});
const line = (lineId: string, amount: string, taxRateIds?: string[]): InvoiceLineInput =>
  taxRateIds === undefined ? { lineId, amount } : { lineId, amount, taxRateIds };

function invoiceWith(
  lines: InvoiceLineInput[],
  coupons: Coupon[],
  options: { currency?: string; taxRates?: TaxRate[] } = {},
) {
  return assembleInvoice({
    invoiceId: 'inv-1',
    currency: options.currency ?? 'EUR',
    lines,
    coupons,
    taxRates: options.taxRates ?? [],
    lineTaxRates: [VAT_10, VAT_20_INCL],
    creditBalance: '0',
  });
}

interface CouponCase {
  name: string;
  lines: InvoiceLineInput[];
  coupons: Coupon[];
  currency?: string;
  taxRates?: TaxRate[];
  /** [couponId, amount, allocations in line order] */
  discounts: [string, string, string[]][];
  totalDiscount: string;
  netAmounts: string[];
  totalExcludingTax: string;
  totalTax: string;
  total: string;
}

const cases: CouponCase[] = [
  {
    // 13.45 * 0.10 = 1.345 -> 1.35 (half away from zero)
    // split 135 cents over 1000/335/10: 100.37, 33.62, 1.004 -> floors 134, +1 to b (0.62)
    name: 'percentage coupon, rounded once',
    lines: [line('a', '10.00'), line('b', '3.35'), line('c', '0.10')],
    coupons: [percentOff('ten', '10')],
    discounts: [['ten', '1.35', ['1.00', '0.34', '0.01']]],
    totalDiscount: '1.35',
    netAmounts: ['9.00', '3.01', '0.09'],
    totalExcludingTax: '12.10',
    totalTax: '0.00',
    total: '12.10',
  },
  {
    // split 500 cents over 1000/335/10 (1345): 371.75, 124.54, 3.717 -> floors 498,
    // +1 to a (0.75), +1 to c (0.717)
    name: 'fixed coupon',
    lines: [line('a', '10.00'), line('b', '3.35'), line('c', '0.10')],
    coupons: [amountOff('five', '5.00')],
    discounts: [['five', '5.00', ['3.72', '1.24', '0.04']]],
    totalDiscount: '5.00',
    netAmounts: ['6.28', '2.11', '0.06'],
    totalExcludingTax: '8.45',
    totalTax: '0.00',
    total: '8.45',
  },
  {
    // 10% of 100.00 = 10.00, then 5.00 of the remaining 90.00: 100.00 - 15.00 = 85.00
    name: 'two coupons: percentage first',
    lines: [line('a', '100.00')],
    coupons: [percentOff('ten', '10'), amountOff('five', '5.00')],
    discounts: [
      ['ten', '10.00', ['10.00']],
      ['five', '5.00', ['5.00']],
    ],
    totalDiscount: '15.00',
    netAmounts: ['85.00'],
    totalExcludingTax: '85.00',
    totalTax: '0.00',
    total: '85.00',
  },
  {
    // 5.00 first, then 10% of the remaining 95.00 = 9.50: 100.00 - 14.50 = 85.50
    name: 'two coupons: fixed first (the order changes the result)',
    lines: [line('a', '100.00')],
    coupons: [amountOff('five', '5.00'), percentOff('ten', '10')],
    discounts: [
      ['five', '5.00', ['5.00']],
      ['ten', '9.50', ['9.50']],
    ],
    totalDiscount: '14.50',
    netAmounts: ['85.50'],
    totalExcludingTax: '85.50',
    totalTax: '0.00',
    total: '85.50',
  },
  {
    // 9.99 * 0.15 = 1.4985 -> 1.50, remaining 8.49; 8.49 * 0.15 = 1.2735 -> 1.27
    name: 'two percentage coupons: the second on what the first left, each rounded once',
    lines: [line('a', '9.99')],
    coupons: [percentOff('p1', '15'), percentOff('p2', '15')],
    discounts: [
      ['p1', '1.50', ['1.50']],
      ['p2', '1.27', ['1.27']],
    ],
    totalDiscount: '2.77',
    netAmounts: ['7.22'],
    totalExcludingTax: '7.22',
    totalTax: '0.00',
    total: '7.22',
  },
  {
    // min(50.00, 30.00) = 30.00; then nothing remains: 10% of 0 = 0, min(5.00, 0) = 0
    name: 'coupon bigger than the subtotal: capped, later coupons give 0',
    lines: [line('a', '20.00', ['vat-10']), line('b', '10.00', ['vat-10'])],
    coupons: [amountOff('big', '50.00'), percentOff('ten', '10'), amountOff('five', '5.00')],
    discounts: [
      ['big', '30.00', ['20.00', '10.00']],
      ['ten', '0.00', ['0.00', '0.00']],
      ['five', '0.00', ['0.00', '0.00']],
    ],
    totalDiscount: '30.00',
    netAmounts: ['0.00', '0.00'],
    totalExcludingTax: '0.00',
    totalTax: '0.00',
    total: '0.00',
  },
  {
    name: '100% coupon',
    lines: [line('a', '12.34')],
    coupons: [percentOff('all', '100')],
    discounts: [['all', '12.34', ['12.34']]],
    totalDiscount: '12.34',
    netAmounts: ['0.00'],
    totalExcludingTax: '0.00',
    totalTax: '0.00',
    total: '0.00',
  },
  {
    // 2 cents over three 1-cent lines: shares 0.67 each, floors 0, ties go to the earlier lines
    name: 'allocation ties go to the earlier lines',
    lines: [line('a', '0.01'), line('b', '0.01'), line('c', '0.01')],
    coupons: [amountOff('two', '0.02')],
    discounts: [['two', '0.02', ['0.01', '0.01', '0.00']]],
    totalDiscount: '0.02',
    netAmounts: ['0.00', '0.00', '0.01'],
    totalExcludingTax: '0.01',
    totalTax: '0.00',
    total: '0.01',
  },
  {
    // 10.00 off 60.00 + 40.00: a 6.00, b 4.00. VAT 20% on 54.00 = 10.80, VAT 10% on 36.00 = 3.60
    // total = 90.00 + 14.40 = 104.40
    name: 'discount lowers the tax base of each rate in proportion',
    lines: [line('a', '60.00'), line('b', '40.00', ['vat-10'])],
    coupons: [amountOff('ten', '10.00')],
    taxRates: [VAT_20],
    discounts: [['ten', '10.00', ['6.00', '4.00']]],
    totalDiscount: '10.00',
    netAmounts: ['54.00', '36.00'],
    totalExcludingTax: '90.00',
    totalTax: '14.40',
    total: '104.40',
  },
  {
    // 10% of 12.00 gross = 1.20; 10.80 / 1.2 = 9.00, tax 1.80
    // totalExcludingTax = 12.00 - 1.20 - 1.80 = 9.00; total = 9.00 + 1.80 = 10.80
    name: 'coupon on an inclusive-tax line reduces the gross',
    lines: [line('a', '12.00', ['vat-20-incl'])],
    coupons: [percentOff('ten', '10')],
    discounts: [['ten', '1.20', ['1.20']]],
    totalDiscount: '1.20',
    netAmounts: ['10.80'],
    totalExcludingTax: '9.00',
    totalTax: '1.80',
    total: '10.80',
  },
  {
    // 1333 * 0.15 = 199.95 -> 200; split over 1000/333: 150.04, 49.96 -> floors 199, +1 to b
    // VAT 10% on 1133 = 113.3 -> 113; total 1133 + 113 = 1246
    name: 'JPY (0 decimals)',
    currency: 'JPY',
    lines: [line('a', '1000'), line('b', '333')],
    coupons: [percentOff('fifteen', '15')],
    taxRates: [VAT_10],
    discounts: [['fifteen', '200', ['150', '50']]],
    totalDiscount: '200',
    netAmounts: ['850', '283'],
    totalExcludingTax: '1133',
    totalTax: '113',
    total: '1246',
  },
  {
    // 500 fils over 1250/335 (1585): 394.32, 105.68 -> floors 499, +1 to b
    // VAT 5% on 1.085 = 0.05425 -> 0.054; total 1.085 + 0.054 = 1.139
    name: 'KWD (3 decimals)',
    currency: 'KWD',
    lines: [line('a', '1.250'), line('b', '0.335')],
    coupons: [amountOff('half', '0.500', 'KWD')],
    taxRates: [KW_5],
    discounts: [['half', '0.500', ['0.394', '0.106']]],
    totalDiscount: '0.500',
    netAmounts: ['0.856', '0.229'],
    totalExcludingTax: '1.085',
    totalTax: '0.054',
    total: '1.139',
  },
  {
    name: 'zero invoice with a coupon',
    lines: [],
    coupons: [percentOff('ten', '10'), amountOff('five', '5.00')],
    discounts: [
      ['ten', '0.00', []],
      ['five', '0.00', []],
    ],
    totalDiscount: '0.00',
    netAmounts: [],
    totalExcludingTax: '0.00',
    totalTax: '0.00',
    total: '0.00',
  },
];

describe('assembleInvoice: coupons in order, allocated to lines', () => {
  it.each(cases)('$name', (c) => {
    const invoice = invoiceWith(c.lines, c.coupons, {
      ...(c.currency === undefined ? {} : { currency: c.currency }),
      ...(c.taxRates === undefined ? {} : { taxRates: c.taxRates }),
    });
    expect({
      discounts: invoice.discounts,
      totalDiscount: invoice.totalDiscount,
      netAmounts: invoice.lines.map((l) => l.netAmount),
      totalExcludingTax: invoice.totalExcludingTax,
      totalTax: invoice.totalTax,
      total: invoice.total,
    }).toEqual({
      discounts: c.discounts.map(([couponId, amount, shares]) => ({
        couponId,
        amount,
        allocations: shares.map((share, index) => ({
          lineId: c.lines[index]!.lineId,
          amount: share,
        })),
      })),
      totalDiscount: c.totalDiscount,
      netAmounts: c.netAmounts,
      totalExcludingTax: c.totalExcludingTax,
      totalTax: c.totalTax,
      total: c.total,
    });
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

describe('assembleInvoice: invalid coupons', () => {
  const lines = [line('a', '10.00')];
  it.each<[string, Coupon[], string]>([
    [
      'fixed coupon in another currency',
      [amountOff('usd', '5.00', 'USD')],
      'coupon_currency_mismatch',
    ],
    ['fixed coupon with too many decimals', [amountOff('odd', '5.005')], 'invalid_amount'],
    ['percentage over 100', [percentOff('too-much', '150')], 'invalid_percentage'],
    ['negative percentage', [percentOff('neg', '-5')], 'invalid_percentage'],
    [
      'the same coupon twice',
      [percentOff('ten', '10'), percentOff('ten', '10')],
      'duplicate_coupon',
    ],
    [
      'repeating without durationPeriods',
      [{ id: 'r', kind: 'percentage', percentage: '10', duration: 'repeating' }],
      'invalid_coupon',
    ],
  ])('%s', (_name, coupons, code) => {
    expect(errorCode(() => invoiceWith(lines, coupons))).toEqual(code);
  });
});

describe('isCouponActive: duration in billing periods', () => {
  const once: Coupon = { ...percentOff('once', '10'), duration: 'once' };
  const repeating3: Coupon = {
    ...percentOff('three', '10'),
    duration: 'repeating',
    durationPeriods: 3,
  };
  const forever: Coupon = percentOff('forever', '10');

  it.each<[string, Coupon, boolean[]]>([
    ['once: the first period only', once, [true, false, false, false, false]],
    ['repeating(3): the first three periods', repeating3, [true, true, true, false, false]],
    ['forever: every period', forever, [true, true, true, true, true]],
  ])('%s', (_name, coupon, expected) => {
    // Five consecutive periods; a period counts whenever the coupon was active for it.
    let redemption = { couponId: coupon.id, periodsApplied: 0 };
    const active: boolean[] = [];
    for (let period = 0; period < 5; period++) {
      const isActive = isCouponActive(coupon, redemption);
      active.push(isActive);
      if (isActive) redemption = recordCouponPeriod(redemption);
    }
    expect(active).toEqual(expected);
  });

  it.each<[string, Coupon, { couponId: string; periodsApplied: number }, string]>([
    [
      'a redemption of another coupon',
      forever,
      { couponId: 'other', periodsApplied: 0 },
      'coupon_mismatch',
    ],
    [
      'a negative periodsApplied',
      once,
      { couponId: 'once', periodsApplied: -1 },
      'invalid_coupon_redemption',
    ],
    [
      'a fractional periodsApplied',
      once,
      { couponId: 'once', periodsApplied: 0.5 },
      'invalid_coupon_redemption',
    ],
  ])('rejects %s', (_name, coupon, redemption, code) => {
    expect(errorCode(() => isCouponActive(coupon, redemption))).toEqual(code);
  });

  it('rejects a repeating coupon without a positive durationPeriods', () => {
    const broken: Coupon = { ...repeating3, durationPeriods: 0 };
    expect(
      errorCode(() => isCouponActive(broken, { couponId: 'three', periodsApplied: 0 })),
    ).toEqual('invalid_coupon');
  });
});
