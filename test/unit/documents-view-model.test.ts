import { createDocumentDateFormat } from '../../domain/documents/date-format';
import type { InvoiceDocument } from '../../domain/documents/invoice-document';
import { describeLine } from '../../domain/documents/line-description';
import { createDocumentNumberFormat } from '../../domain/documents/number-format';
import { groupIban } from '../../domain/documents/party-view';
import { toInvoiceViewModel, type InvoiceViewModel } from '../../domain/documents/view-model';
import type { TaxBreakdown } from '../../domain/invoice/types';
import type { RatedLine } from '../../domain/rating/rated-line';

// ICU puts a no-break space between number and symbol in de-DE and after "KWD".
const NBSP = '\u00a0';

type Kind = 'amount' | 'deduction' | 'preciseAmount' | 'unitPrice' | 'quantity' | 'percent';

// [locale, currency, kind, input, expected]
const numberCases: [string, string, Kind, string, string][] = [
  // EUR has 2 decimals; en-US groups with "," and puts the symbol first.
  ['en-US', 'EUR', 'amount', '1234.50', '€1,234.50'],
  ['en-US', 'EUR', 'amount', '0.00', '€0.00'],
  ['en-US', 'EUR', 'amount', '1234567890123456789.99', '€1,234,567,890,123,456,789.99'],
  ['en-US', 'EUR', 'deduction', '6.06', '-€6.06'],
  ['en-US', 'EUR', 'deduction', '0.00', '€0.00'],
  ['de-DE', 'EUR', 'amount', '1234.50', `1.234,50${NBSP}€`],
  ['de-DE', 'EUR', 'deduction', '6.06', `-6,06${NBSP}€`],
  // JPY has no minor unit.
  ['en-US', 'JPY', 'amount', '5781', '¥5,781'],
  ['en-US', 'JPY', 'deduction', '500', '-¥500'],
  // KWD has 3 decimals.
  ['en-US', 'KWD', 'amount', '1.250', `KWD${NBSP}1.250`],
  ['en-US', 'KWD', 'amount', '1234.005', `KWD${NBSP}1,234.005`],
  // Sub-line shares are rounded half up to the minor unit for display only.
  ['en-US', 'EUR', 'preciseAmount', '29.952', '€29.95'],
  ['en-US', 'EUR', 'preciseAmount', '2.345', '€2.35'],
  ['en-US', 'EUR', 'preciseAmount', '0.0414', '€0.04'],
  ['en-US', 'JPY', 'preciseAmount', '2340.5', '¥2,341'],
  ['en-US', 'KWD', 'preciseAmount', '0.0005', `KWD${NBSP}0.001`],
  // Unit prices keep every decimal, and at least the currency's.
  ['en-US', 'EUR', 'unitPrice', '0.0000115', '€0.0000115'],
  ['de-DE', 'EUR', 'unitPrice', '0.0000115', `0,0000115${NBSP}€`],
  ['en-US', 'EUR', 'unitPrice', '0.0416', '€0.0416'],
  ['en-US', 'EUR', 'unitPrice', '5', '€5.00'],
  ['en-US', 'EUR', 'unitPrice', '0.1', '€0.10'],
  ['en-US', 'JPY', 'unitPrice', '6.5', '¥6.5'],
  ['en-US', 'JPY', 'unitPrice', '6', '¥6'],
  ['en-US', 'KWD', 'unitPrice', '0.5', `KWD${NBSP}0.500`],
  ['en-US', 'KWD', 'unitPrice', '0.00012', `KWD${NBSP}0.00012`],
  // 20 decimals is Intl's limit and is shown exactly.
  ['en-US', 'EUR', 'unitPrice', '0.00000000000000000001', '€0.00000000000000000001'],
  // A non-terminating effective price (10 / 3, cut at 50 digits): 10 significant digits.
  [
    'en-US',
    'EUR',
    'unitPrice',
    '3.3333333333333333333333333333333333333333333333333',
    '€3.333333333',
  ],
  // Quantities: grouped, trailing zeros trimmed, quotients at 6 decimals (or 6 significant).
  ['en-US', 'EUR', 'quantity', '1092.75', '1,092.75'],
  ['de-DE', 'EUR', 'quantity', '1092.75', '1.092,75'],
  ['en-US', 'EUR', 'quantity', '720.000000', '720'],
  ['en-US', 'EUR', 'quantity', '0.000000001', '0.000000001'],
  ['en-US', 'EUR', 'quantity', '0.16666666666666666666666666666666666666666666666667', '0.166667'],
  [
    'en-US',
    'EUR',
    'quantity',
    '1234.1666666666666666666666666666666666666666666667',
    '1,234.166667',
  ],
  ['en-US', 'EUR', 'quantity', '0.00000000123456789', '0.00000000123457'],
  ['en-US', 'EUR', 'percent', '19', '19%'],
  ['de-DE', 'EUR', 'percent', '5.5', `5,5${NBSP}%`],
];

describe('document number formatting', () => {
  it.each(numberCases)('%s %s %s(%s) = %s', (locale, currency, kind, input, expected) => {
    expect(createDocumentNumberFormat(locale, currency)[kind](input)).toEqual(expected);
  });
});

// October 2026 in Europe/Berlin: CEST (+02:00) until Sunday 25 Oct 03:00, then CET (+01:00).
const OCT_START = Date.UTC(2026, 8, 30, 22); // 1 Oct 00:00 CEST
const NOV_START = Date.UTC(2026, 9, 31, 23); // 1 Nov 00:00 CET

// [name, locale, zone, startMs, endMs, period, periodName]
const periodCases: [string, string, string, number, number, string, string][] = [
  // In UTC the start would print as 30 Sep and the end as 31 Oct only by luck.
  [
    'month across DST end',
    'en-GB',
    'Europe/Berlin',
    OCT_START,
    NOV_START,
    '1 Oct 2026 – 31 Oct 2026',
    'October 2026',
  ],
  [
    'same month, en-US',
    'en-US',
    'Europe/Berlin',
    OCT_START,
    NOV_START,
    'Oct 1, 2026 – Oct 31, 2026',
    'October 2026',
  ],
  [
    'same month, de-DE',
    'de-DE',
    'Europe/Berlin',
    OCT_START,
    NOV_START,
    '1. Okt. 2026 – 31. Okt. 2026',
    'Oktober 2026',
  ],
  // Mon 19 Oct 00:00 CEST to Mon 26 Oct 00:00 CET: a 169-hour week, last day Sunday 25.
  [
    'week across DST end',
    'en-GB',
    'Europe/Berlin',
    Date.UTC(2026, 9, 18, 22),
    Date.UTC(2026, 9, 25, 23),
    '19 Oct 2026 – 25 Oct 2026',
    '19 Oct 2026 – 25 Oct 2026',
  ],
  // The 25-hour day of the change is one date.
  [
    'day of DST end',
    'en-GB',
    'Europe/Berlin',
    Date.UTC(2026, 9, 24, 22),
    Date.UTC(2026, 9, 25, 23),
    '25 Oct 2026',
    '25 Oct 2026',
  ],
  // The same instants read in UTC are not a calendar month.
  [
    'Berlin month read in UTC',
    'en-GB',
    'UTC',
    OCT_START,
    NOV_START,
    '30 Sept 2026 – 31 Oct 2026',
    '30 Sept 2026 – 31 Oct 2026',
  ],
  [
    'December into January',
    'en-GB',
    'UTC',
    Date.UTC(2026, 11, 1),
    Date.UTC(2027, 0, 1),
    '1 Dec 2026 – 31 Dec 2026',
    'December 2026',
  ],
];

describe('document dates', () => {
  it.each(periodCases)('%s', (_name, locale, zone, startMs, endMs, period, periodName) => {
    const dates = createDocumentDateFormat(locale, zone);
    expect([dates.period(startMs, endMs), dates.periodName(startMs, endMs)]).toEqual([
      period,
      periodName,
    ]);
  });

  it('prints an instant as the day it is in the customer zone', () => {
    // 30 Nov 23:30 UTC is already 1 Dec 00:30 in Berlin and still 30 Nov in New York.
    const instant = Date.UTC(2026, 10, 30, 23, 30);
    expect([
      createDocumentDateFormat('en-GB', 'Europe/Berlin').date(instant),
      createDocumentDateFormat('en-GB', 'America/New_York').date(instant),
    ]).toEqual(['1 Dec 2026', '30 Nov 2026']);
  });
});

describe('line descriptions', () => {
  const cases: [string, Pick<RatedLine, 'lineId' | 'meter' | 'dimensions'>, string][] = [
    [
      'one dimension',
      { lineId: 'p:a', meter: 'vm.cpu', dimensions: { size: 's-2vcpu' } },
      'vm.cpu · size=s-2vcpu',
    ],
    [
      'dimensions sorted by key',
      { lineId: 'p:b', meter: 'vm.cpu', dimensions: { zone: 'fra1', size: 's' } },
      'vm.cpu · size=s · zone=fra1',
    ],
    ['no dimensions', { lineId: 'p:', meter: 'storage.object', dimensions: {} }, 'storage.object'],
    [
      'adjustment',
      { lineId: 'adj-p:a:2026-10', meter: 'vm.cpu', dimensions: { size: 's-2vcpu' } },
      'Adjustment (late usage): vm.cpu · size=s-2vcpu',
    ],
  ];
  it.each(cases)('%s', (_name, line, expected) => {
    expect(describeLine(line)).toEqual(expected);
  });
});

it('groups an IBAN in fours', () => {
  expect(groupIban('de89370400440532013000')).toEqual('DE89 3704 0044 0532 0130 00');
});

const VAT_19: TaxBreakdown = {
  taxRateId: 'vat-19',
  name: 'VAT 19%',
  percentage: '19',
  inclusive: false,
  taxableAmount: '54.49',
  taxAmount: '10.35',
};

/**
 * vm.cpu 720 + 360.5 = 1080.5 h x 0.0416 = 44.9488 -> 44.95;
 * adjustment 3600 s x 0.0000115 = 0.0414 -> 0.04; subtotal 44.99; coupon 10% = 4.499 -> 4.50;
 * excl. tax 40.49; VAT 19% = 7.6931 -> 7.69; total 48.18; credits 10.00; due 38.18.
 */
const invoice: InvoiceDocument = {
  kind: 'invoice',
  id: 'inv-cus_1-1793487600000',
  number: 'INV-2026-000042',
  issuedAtMs: Date.UTC(2026, 10, 30, 23, 30), // 1 Dec 00:30 in Berlin
  dueAtMs: Date.UTC(2026, 11, 30, 12),
  periodStartMs: NOV_START,
  periodEndMs: Date.UTC(2026, 10, 30, 23),
  timezone: 'Europe/Berlin',
  locale: 'de-DE',
  currency: 'EUR',
  issuer: {
    name: 'Nimbus GmbH',
    addressLines: ['Friedrichstr. 1', '10117 Berlin'],
    countryCode: 'DE',
    vatId: 'DE123456789',
    email: 'billing@nimbus.example',
  },
  customer: {
    id: 'cus_1',
    name: 'Acme SAS',
    addressLines: ['1 rue X', '75002 Paris'],
    countryCode: 'FR',
    vatId: null,
    email: null,
  },
  paymentInstructions: {
    iban: 'DE89370400440532013000',
    bic: 'COBADEFFXXX',
    note: 'Within 30 days.',
  },
  precedingInvoiceNumber: null,
  reason: null,
  lines: [
    {
      lineId: 'p_cpu:size=s-2vcpu',
      priceId: 'p_cpu',
      meter: 'vm.cpu',
      dimensions: { size: 's-2vcpu' },
      quantity: '1080.5',
      unit: 'hour',
      unitPrice: '0.0416',
      preciseAmount: '44.9488',
      amount: '44.95',
      subLines: [
        { resourceId: 'vm-b', quantity: '720', preciseAmount: '29.952' },
        { resourceId: 'vm-a', quantity: '360.5', preciseAmount: '14.9968' },
      ],
    },
    {
      lineId: 'adj-p_cpu_s:size=s-1vcpu:2026-10',
      priceId: 'p_cpu_s',
      meter: 'vm.cpu',
      dimensions: { size: 's-1vcpu' },
      quantity: '3600',
      unit: 'second',
      unitPrice: '0.0000115',
      preciseAmount: '0.0414',
      amount: '0.04',
      subLines: [],
    },
  ],
  discounts: [{ couponId: 'WELCOME10', amount: '4.50', allocations: [] }],
  taxes: [{ ...VAT_19, taxableAmount: '40.49', taxAmount: '7.69' }],
  subtotal: '44.99',
  totalDiscount: '4.50',
  totalExcludingTax: '40.49',
  totalTax: '7.69',
  total: '48.18',
  creditsApplied: '10.00',
  amountDue: '38.18',
};

describe('toInvoiceViewModel', () => {
  it('formats a whole invoice in the customer locale and zone', () => {
    const expected: InvoiceViewModel = {
      kind: 'invoice',
      title: 'Invoice',
      number: 'INV-2026-000042',
      issueDate: '1. Dez. 2026',
      dueDate: '30. Dez. 2026',
      period: '1. Nov. 2026 – 30. Nov. 2026',
      periodName: 'November 2026',
      currency: 'EUR',
      locale: 'de-DE',
      meta: [
        { label: 'Invoice number', value: 'INV-2026-000042' },
        { label: 'Issue date', value: '1. Dez. 2026' },
        { label: 'Billing period', value: '1. Nov. 2026 – 30. Nov. 2026' },
        { label: 'Due date', value: '30. Dez. 2026' },
        { label: 'Customer ID', value: 'cus_1' },
      ],
      issuer: {
        name: 'Nimbus GmbH',
        addressLines: ['Friedrichstr. 1', '10117 Berlin'],
        country: 'Germany',
        vatId: 'VAT ID DE123456789',
        email: 'billing@nimbus.example',
      },
      customer: {
        id: 'cus_1',
        name: 'Acme SAS',
        addressLines: ['1 rue X', '75002 Paris'],
        country: 'France',
        vatId: null,
        email: null,
      },
      precedingInvoiceNumber: null,
      reason: null,
      lines: [
        {
          lineId: 'p_cpu:size=s-2vcpu',
          description: 'vm.cpu · size=s-2vcpu',
          quantity: '1.080,5',
          unit: 'hour',
          unitPrice: `0,0416${NBSP}€`,
          amount: `44,95${NBSP}€`,
          // In the given order, not sorted.
          subLines: [
            { resourceId: 'vm-b', quantity: '720', amount: `29,95${NBSP}€` },
            { resourceId: 'vm-a', quantity: '360,5', amount: `15,00${NBSP}€` },
          ],
          omittedSubLines: null,
          carriedNote: null,
        },
        {
          lineId: 'adj-p_cpu_s:size=s-1vcpu:2026-10',
          description: 'Adjustment (late usage): vm.cpu · size=s-1vcpu',
          quantity: '3.600',
          unit: 'second',
          unitPrice: `0,0000115${NBSP}€`,
          amount: `0,04${NBSP}€`,
          subLines: [],
          omittedSubLines: null,
          carriedNote: null,
        },
      ],
      totalRows: [
        { label: 'Subtotal', amount: `44,99${NBSP}€`, emphasis: 'none' },
        { label: 'Discount (WELCOME10)', amount: `-4,50${NBSP}€`, emphasis: 'none' },
        { label: 'Total excl. tax', amount: `40,49${NBSP}€`, emphasis: 'none' },
        { label: `VAT 19% on 40,49${NBSP}€`, amount: `7,69${NBSP}€`, emphasis: 'none' },
        { label: 'Total', amount: `48,18${NBSP}€`, emphasis: 'total' },
        { label: 'Credits applied', amount: `-10,00${NBSP}€`, emphasis: 'none' },
        { label: 'Amount due', amount: `38,18${NBSP}€`, emphasis: 'due' },
      ],
      total: `48,18${NBSP}€`,
      headlineLabel: 'Amount due',
      headlineAmount: `38,18${NBSP}€`,
      payment: {
        rows: [
          { label: 'IBAN', value: 'DE89 3704 0044 0532 0130 00' },
          { label: 'BIC', value: 'COBADEFFXXX' },
          { label: 'Reference', value: 'INV-2026-000042' },
        ],
        note: 'Within 30 days.',
      },
      invoiceUrl: 'https://billing.example/i/1',
      subLineNote:
        'Per-resource amounts are rounded for display; each line is rounded once from their exact sum.',
      footer:
        'Nimbus GmbH · Friedrichstr. 1 · 10117 Berlin · Germany · VAT ID DE123456789 · billing@nimbus.example',
    };
    expect(toInvoiceViewModel(invoice, { invoiceUrl: 'https://billing.example/i/1' })).toEqual(
      expected,
    );
  });

  it('cuts the per-resource detail at maxSubLinesPerLine and says how many are left', () => {
    const [cpu] = invoice.lines;
    const subLines = ['a', 'b', 'c', 'd'].map((id) => ({
      resourceId: `vm-${id}`,
      quantity: '1',
      preciseAmount: '0.0416',
    }));
    const doc = { ...invoice, locale: 'en-US', lines: [{ ...cpu!, subLines }] };
    const cases: [number, string[], string | null][] = [
      [2, ['vm-a', 'vm-b'], '… and 2 more resources'],
      [3, ['vm-a', 'vm-b', 'vm-c'], '… and 1 more resource'],
      [4, ['vm-a', 'vm-b', 'vm-c', 'vm-d'], null],
    ];
    for (const [max, shown, omitted] of cases) {
      const [line] = toInvoiceViewModel(doc, { maxSubLinesPerLine: max }).lines;
      expect([line!.subLines.map((s) => s.resourceId), line!.omittedSubLines]).toEqual([
        shown,
        omitted,
      ]);
    }
  });

  it('says what a negative restatement carried to credit, on its line and under the totals', () => {
    const [cpu] = invoice.lines;
    // Restated -1.60 (vm-a -1.00, vm-b -0.60); -1.00 stayed on the invoice, 0.60 carried.
    const restated = {
      ...cpu!,
      lineId: 'adj-1-cpu',
      amount: '-1.00',
      subLines: [
        { resourceId: 'vm-a', quantity: '-1', preciseAmount: '-1.00' },
        { resourceId: 'vm-b', quantity: '-0.6', preciseAmount: '-0.60' },
      ],
    };
    const doc = {
      ...invoice,
      locale: 'en-US',
      lines: [cpu!, restated],
      carriedToCredit: { 'adj-1-cpu': '0.60' },
    };
    const model = toInvoiceViewModel(doc);
    expect(model.lines.map((line) => line.carriedNote)).toEqual([
      null,
      'Restated -€1.60, of which €0.60 is added to your credit balance',
    ]);
    expect(model.totalRows.at(-1)).toEqual({
      label: 'Added to your credit balance',
      amount: '€0.60',
      emphasis: 'none',
    });
    // Nothing carried: no note, no row.
    const plain = toInvoiceViewModel({ ...doc, carriedToCredit: undefined });
    expect(plain.lines.map((line) => line.carriedNote)).toEqual([null, null]);
    expect(plain.totalRows.at(-1)?.label).toEqual('Amount due');
  });

  it('formats JPY without decimals and KWD with three', () => {
    const jpy = toInvoiceViewModel({
      ...invoice,
      locale: 'en-US',
      currency: 'JPY',
      discounts: [],
      taxes: [
        { ...VAT_19, name: 'JCT', percentage: '10', taxableAmount: '5255', taxAmount: '526' },
      ],
      subtotal: '5255',
      totalExcludingTax: '5255',
      total: '5781',
      creditsApplied: '0',
      amountDue: '5781',
    });
    expect(jpy.totalRows).toEqual([
      { label: 'Subtotal', amount: '¥5,255', emphasis: 'none' },
      { label: 'Total excl. tax', amount: '¥5,255', emphasis: 'none' },
      // The name has no percentage, so the rate is added.
      { label: 'JCT 10% on ¥5,255', amount: '¥526', emphasis: 'none' },
      { label: 'Total', amount: '¥5,781', emphasis: 'total' },
      { label: 'Amount due', amount: '¥5,781', emphasis: 'due' },
    ]);

    const kwd = toInvoiceViewModel({
      ...invoice,
      locale: 'en-US',
      currency: 'KWD',
      discounts: [],
      taxes: [],
      subtotal: '12.345',
      totalExcludingTax: '12.345',
      total: '12.345',
      creditsApplied: '2.000',
      amountDue: '10.345',
    });
    expect([kwd.totalRows.map((row) => row.amount), kwd.headlineAmount]).toEqual([
      [
        `KWD${NBSP}12.345`,
        `KWD${NBSP}12.345`,
        `KWD${NBSP}12.345`,
        `-KWD${NBSP}2.000`,
        `KWD${NBSP}10.345`,
      ],
      `KWD${NBSP}10.345`,
    ]);
  });

  it('marks a tax included in prices', () => {
    const vm = toInvoiceViewModel({
      ...invoice,
      locale: 'en-US',
      taxes: [
        { ...VAT_19, name: 'VAT 19%', inclusive: true },
        { ...VAT_19, name: 'VAT 19% incl.', inclusive: true },
      ],
    });
    expect(
      vm.totalRows.filter((row) => row.label.startsWith('VAT')).map((row) => row.label),
    ).toEqual(['VAT 19% on €54.49 (included in prices)', 'VAT 19% incl. on €54.49']);
  });

  it('shows a credit note with the credited invoice and reason, and no due date', () => {
    const vm = toInvoiceViewModel({
      ...invoice,
      kind: 'credit_note',
      number: 'CN-2026-000003',
      locale: 'en-GB',
      dueAtMs: null,
      precedingInvoiceNumber: 'INV-2026-000042',
      reason: 'SLA credit',
      lines: [],
      discounts: [],
      taxes: [{ ...VAT_19, taxableAmount: '4.16', taxAmount: '0.79' }],
      subtotal: '4.16',
      totalExcludingTax: '4.16',
      total: '4.95',
      creditsApplied: '0.00',
      amountDue: '0.00',
    });
    expect({
      title: vm.title,
      dueDate: vm.dueDate,
      meta: vm.meta,
      reason: vm.reason,
      totalRows: vm.totalRows,
      headline: [vm.headlineLabel, vm.headlineAmount],
      payment: vm.payment,
      subLineNote: vm.subLineNote,
    }).toEqual({
      title: 'Credit note',
      dueDate: null,
      meta: [
        { label: 'Credit note number', value: 'CN-2026-000003' },
        { label: 'Issue date', value: '1 Dec 2026' },
        { label: 'Billing period', value: '1 Nov 2026 – 30 Nov 2026' },
        { label: 'Credits invoice', value: 'INV-2026-000042' },
        { label: 'Customer ID', value: 'cus_1' },
      ],
      reason: 'SLA credit',
      totalRows: [
        { label: 'Subtotal', amount: '€4.16', emphasis: 'none' },
        { label: 'Total excl. tax', amount: '€4.16', emphasis: 'none' },
        { label: 'VAT 19% on €4.16', amount: '€0.79', emphasis: 'none' },
        { label: 'Total credited', amount: '€4.95', emphasis: 'due' },
      ],
      headline: ['Total credited', '€4.95'],
      payment: null,
      subLineNote: null,
    });
  });
});
