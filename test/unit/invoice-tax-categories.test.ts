import { toInvoiceViewModel } from '../../domain/documents/view-model';
import { computeUblAmounts, toUblXml } from '../../domain/einvoice';
import { BillingError } from '../../domain/errors';
import {
  assembleInvoice,
  draftInvoice,
  type InvoiceLineInput,
  type TaxRate,
} from '../../domain/invoice';
import { EXEMPTION_REASONS, type TaxCategoryName } from '../../domain/invoice/tax-categories';
import { CITY, STATE } from '../fixtures/tax-rates';
import { mixedCategories, reverseCharge } from '../einvoice/scenarios';

/*
 * Tax categories per price (docs/billing-rules.md, "Tax categories"): a line is taxed by the
 * customer's rates of its category; zero, exempt and reverse_charge are 0% with the category
 * recorded. Every expected figure is computed by hand in the case's comment.
 */
const VAT_19: TaxRate = { id: 'vat-19', name: 'VAT 19%', percentage: '19', inclusive: false };
const VAT_7: TaxRate = {
  id: 'vat-7',
  name: 'VAT 7%',
  percentage: '7',
  inclusive: false,
  category: 'reduced',
};
const OWN_ZERO: TaxRate = {
  id: 'vat-0',
  name: 'VAT 0% (export)',
  percentage: '0',
  inclusive: false,
  category: 'zero',
};

const RC_REASON = EXEMPTION_REASONS.reverse_charge;
const E_REASON = EXEMPTION_REASONS.exempt;

const line = (lineId: string, amount: string, taxCategory?: TaxCategoryName): InvoiceLineInput =>
  taxCategory === undefined ? { lineId, amount } : { lineId, amount, taxCategory };

/** [rate id, category, percentage, taxable, tax(, reason)] -> the expected breakdown entry. */
type Row = [string, TaxCategoryName, string, string, string, string?];

interface CategoryCase {
  name: string;
  customerRates: TaxRate[];
  lines: InvoiceLineInput[];
  taxes: Row[];
  /** [totalExcludingTax, totalTax, total] */
  totals: [string, string, string];
  /** line id -> the rate ids that tax it */
  lineRates: Record<string, string[]>;
}

const cases: CategoryCase[] = [
  {
    // 10.00 x 0.19 = 1.90; 5.00 x 0.07 = 0.35; total 15.00 + 2.25 = 17.25
    name: '10.00 standard at 19% + 5.00 reduced at 7%',
    customerRates: [VAT_19, VAT_7],
    lines: [line('vm', '10.00'), line('book', '5.00', 'reduced')],
    taxes: [
      ['vat-19', 'standard', '19', '10.00', '1.90'],
      ['vat-7', 'reduced', '7', '5.00', '0.35'],
    ],
    totals: ['15.00', '2.25', '17.25'],
    lineRates: { vm: ['vat-19'], book: ['vat-7'] },
  },
  {
    // Reduced, rounded once on the sum: 0.99 x 0.07 = 0.0693 -> 0.07 (per line: 3 x
    // round(0.0231) = 0.06). Standard 0.33 x 0.19 = 0.0627 -> 0.06. Total 1.32 + 0.13 = 1.45
    name: 'per rate on the sum of nets: 3 x 0.33 reduced, 0.33 standard',
    customerRates: [VAT_19, VAT_7],
    lines: [
      line('a', '0.33', 'reduced'),
      line('b', '0.33', 'reduced'),
      line('c', '0.33', 'reduced'),
      line('d', '0.33', 'standard'),
    ],
    taxes: [
      ['vat-19', 'standard', '19', '0.33', '0.06'],
      ['vat-7', 'reduced', '7', '0.99', '0.07'],
    ],
    totals: ['1.32', '0.13', '1.45'],
    lineRates: { a: ['vat-7'], b: ['vat-7'], c: ['vat-7'], d: ['vat-19'] },
  },
  {
    // 10.00 x 0.19 = 1.90; zero 4.00 x 0 = 0.00; exempt 3.00 x 0 = 0.00; total 17.00 + 1.90
    name: 'zero and exempt lines beside a standard one: the built-in 0% rates',
    customerRates: [VAT_19, VAT_7],
    lines: [line('vm', '10.00'), line('export', '4.00', 'zero'), line('course', '3.00', 'exempt')],
    taxes: [
      ['vat-19', 'standard', '19', '10.00', '1.90'],
      ['#zero', 'zero', '0', '4.00', '0.00'],
      ['#exempt', 'exempt', '0', '3.00', '0.00', E_REASON],
    ],
    totals: ['17.00', '1.90', '18.90'],
    lineRates: { vm: ['vat-19'], export: ['#zero'], course: ['#exempt'] },
  },
  {
    // The customer's own zero rate replaces the built-in one: 4.00 x 0 = 0.00
    name: "a customer's own zero rate",
    customerRates: [VAT_19, OWN_ZERO],
    lines: [line('export', '4.00', 'zero')],
    taxes: [['vat-0', 'zero', '0', '4.00', '0.00']],
    totals: ['4.00', '0.00', '4.00'],
    lineRates: { export: ['vat-0'] },
  },
  {
    // Reverse charge: 12.31 + 4.40 = 16.71 at 0%, whatever the customer's 19% says
    name: 'reverse charge: every line AE at 0% with the note',
    customerRates: [VAT_19, VAT_7],
    lines: [line('vm', '12.31', 'reverse_charge'), line('disk', '4.40', 'reverse_charge')],
    taxes: [['#reverse_charge', 'reverse_charge', '0', '16.71', '0.00', RC_REASON]],
    totals: ['16.71', '0.00', '16.71'],
    lineRates: { vm: ['#reverse_charge'], disk: ['#reverse_charge'] },
  },
  {
    // Stacked standard rates stay stacked; the reduced line takes only its own rate.
    // Standard 100.00: state 6.25 + city 2.25; reduced 10.00 x 0.07 = 0.70. Total 119.20
    name: 'stacked standard rates (state + city) and a reduced line',
    customerRates: [STATE, CITY, VAT_7],
    lines: [line('vm', '100.00'), line('book', '10.00', 'reduced')],
    taxes: [
      ['state', 'standard', '6.25', '100.00', '6.25'],
      ['city', 'standard', '2.25', '100.00', '2.25'],
      ['vat-7', 'reduced', '7', '10.00', '0.70'],
    ],
    totals: ['110.00', '9.20', '119.20'],
    lineRates: { vm: ['state', 'city'], book: ['vat-7'] },
  },
  {
    // No rates at all (an untaxed customer): standard and reduced lines stay untaxed, as
    // before categories; an exempt price still records its category.
    name: 'a customer without rates',
    customerRates: [],
    lines: [line('vm', '10.00'), line('book', '5.00', 'reduced'), line('course', '2.00', 'exempt')],
    taxes: [['#exempt', 'exempt', '0', '2.00', '0.00', E_REASON]],
    totals: ['17.00', '0.00', '17.00'],
    lineRates: { vm: [], book: [], course: ['#exempt'] },
  },
];

const ratesById = new Map([VAT_19, VAT_7, OWN_ZERO, STATE, CITY].map((rate) => [rate.id, rate]));
const BUILT_IN_NAMES: Record<string, string> = {
  '#zero': 'VAT 0%',
  '#exempt': 'VAT exempt',
  '#reverse_charge': 'Reverse charge',
};

describe('assembleInvoice: each line taxed by the rates of its category', () => {
  it.each(cases)('$name', ({ customerRates, lines, taxes, totals, lineRates }) => {
    const invoice = assembleInvoice({
      invoiceId: 'inv-1',
      currency: 'EUR',
      lines,
      coupons: [],
      taxRates: customerRates,
      creditBalance: '0',
    });
    expect(invoice.taxes).toEqual(
      taxes.map(([id, category, percentage, taxableAmount, taxAmount, reason]) => ({
        taxRateId: id,
        name: ratesById.get(id)?.name ?? BUILT_IN_NAMES[id],
        percentage,
        inclusive: false,
        taxableAmount,
        taxAmount,
        category,
        ...(reason === undefined ? {} : { exemptionReason: reason }),
      })),
    );
    expect([invoice.totalExcludingTax, invoice.totalTax, invoice.total]).toEqual(totals);
    expect(Object.fromEntries(invoice.lines.map((l) => [l.lineId, l.taxRateIds]))).toEqual(
      lineRates,
    );
  });
});

describe('refusals', () => {
  const codeOf = (fn: () => unknown): string | undefined => {
    try {
      fn();
    } catch (error) {
      return error instanceof BillingError ? error.code : 'not a BillingError';
    }
    return undefined;
  };
  const assemble = (customerRates: TaxRate[], lines: InvoiceLineInput[]) => () =>
    assembleInvoice({
      invoiceId: 'inv-1',
      currency: 'EUR',
      lines,
      coupons: [],
      taxRates: customerRates,
      creditBalance: '0',
    });

  it.each([
    [
      'a reduced line when the customer has rates but no reduced one',
      assemble([VAT_19], [line('book', '5.00', 'reduced')]),
      'missing_tax_rate',
    ],
    [
      'a zero-category rate that is not 0%',
      assemble([{ ...VAT_19, id: 'odd', category: 'zero' }], [line('a', '1.00', 'zero')]),
      'invalid_tax_rates',
    ],
    [
      'a reverse-charge rate that is not 0%',
      assemble([{ ...VAT_7, id: 'rc', category: 'reverse_charge' }], [line('a', '1.00')]),
      'invalid_tax_rates',
    ],
  ])('%s', (_name, fn, code) => {
    expect(codeOf(fn)).toBe(code);
  });
});

describe('draftInvoice: the price declares the category, the customer may override it', () => {
  const period = { startMs: Date.UTC(2030, 0, 1), endMs: Date.UTC(2030, 0, 2) };
  const terms = {
    planId: 'plan-1',
    currency: 'EUR',
    minimumCommitment: null,
    prices: [
      {
        id: 'vm',
        meter: 'compute.vm',
        dimensionsFilter: {},
        model: { type: 'run_time' as const, unit: 'hour' as const, unitPrice: '1.00' },
      },
      {
        id: 'api',
        meter: 'api.calls',
        dimensionsFilter: {},
        taxCategory: 'reduced' as const,
        model: { type: 'counter' as const, unitPrice: '0.01' },
      },
    ],
  };
  // 10 h x 1.00 = 10.00 (standard); 500 calls x 0.01 = 5.00 (reduced)
  const usage = [
    {
      resourceId: 'vm-1',
      meter: 'compute.vm',
      dimensions: {},
      seconds: '36000',
      quantitySeconds: '36000',
      quantity: '0',
      runs: [{ durationMs: 36_000_000, quantity: '1' }],
    },
    {
      resourceId: 'client',
      meter: 'api.calls',
      dimensions: {},
      seconds: '0',
      quantitySeconds: '0',
      quantity: '500',
      runs: [],
    },
  ];

  it('taxes 10.00 at 19% and 5.00 at 7%: 1.90 + 0.35, total 17.25', () => {
    const draft = draftInvoice({
      customerId: 'cus-1',
      period,
      terms,
      usage,
      taxRates: [VAT_19, VAT_7],
    });
    expect(draft.totals.taxes.map((t) => [t.taxRateId, t.taxableAmount, t.taxAmount])).toEqual([
      ['vat-19', '10.00', '1.90'],
      ['vat-7', '5.00', '0.35'],
    ]);
    expect(draft.totals.total).toBe('17.25');
  });

  it("reverse charge overrides every price's category: 15.00 at 0%, total 15.00", () => {
    const draft = draftInvoice({
      customerId: 'cus-1',
      period,
      terms,
      usage,
      taxRates: [VAT_19, VAT_7],
      taxOverride: 'reverse_charge',
    });
    expect(draft.totals.taxes).toEqual([
      {
        taxRateId: '#reverse_charge',
        name: 'Reverse charge',
        percentage: '0',
        inclusive: false,
        taxableAmount: '15.00',
        taxAmount: '0.00',
        category: 'reverse_charge',
        exemptionReason: RC_REASON,
      },
    ]);
    expect(draft.totals.total).toBe('15.00');
  });
});

describe('UBL and documents carry the categories', () => {
  const categoriesOf = (xml: string, element: string): string[] =>
    [
      ...xml.matchAll(
        new RegExp(
          `<${element}>\\s*<cbc:ID>([^<]+)</cbc:ID>(?:\\s*<cbc:Percent>([^<]+)</cbc:Percent>)?`,
          'g',
        ),
      ),
    ].map((m) => `${m[1]} ${m[2] ?? ''}`.trim());

  it('mixed: a ClassifiedTaxCategory per line (S 19, S 7, E 0), a subtotal per category and rate', () => {
    const { doc, lineTaxRateIds } = mixedCategories();
    const xml = toUblXml(doc, { lineTaxRateIds });
    expect(categoriesOf(xml, 'cac:ClassifiedTaxCategory')).toEqual(['S 19', 'S 7', 'E 0']);
    const amounts = computeUblAmounts(doc, lineTaxRateIds);
    // 10.00 x 0.19 = 1.90; 5.00 x 0.07 = 0.35; 2.00 exempt; total 17.00 + 2.25 = 19.25
    expect(
      amounts.taxSubtotals.map((s) => [s.category.code, s.taxableAmount, s.taxAmount]),
    ).toEqual([
      ['S', '10.00', '1.90'],
      ['S', '5.00', '0.35'],
      ['E', '2.00', '0.00'],
    ]);
    expect(amounts.monetaryTotal.payableAmount).toBe('19.25');
    expect(xml).toContain(`<cbc:TaxExemptionReason>${E_REASON}</cbc:TaxExemptionReason>`);
  });

  it('reverse charge: AE 0 on every line, one subtotal with the reason', () => {
    const { doc, lineTaxRateIds } = reverseCharge();
    const xml = toUblXml(doc, { lineTaxRateIds });
    expect(categoriesOf(xml, 'cac:ClassifiedTaxCategory')).toEqual(['AE 0', 'AE 0']);
    // 16.71 - coupon round(1.671) = 1.67 -> taxable 15.04, tax 0.00
    const amounts = computeUblAmounts(doc, lineTaxRateIds);
    expect(
      amounts.taxSubtotals.map((s) => [s.category.code, s.taxableAmount, s.taxAmount]),
    ).toEqual([['AE', '15.04', '0.00']]);
    expect(xml.match(/<cbc:TaxExemptionReason>([^<]+)</g)).toEqual([
      `<cbc:TaxExemptionReason>${RC_REASON}<`,
    ]);
    // Both parties' VAT ids are printed (BR-AE-02).
    expect(xml).toContain('DE123456789');
    expect(xml).toContain('FR12345678901');
  });

  it('the documents name the category or print the exemption note', () => {
    // de-DE amounts; a no-break space before the euro sign, read as a plain space here.
    const labels = (doc: Parameters<typeof toInvoiceViewModel>[0]): string[] =>
      toInvoiceViewModel(doc).totalRows.map((r) => r.label.replace(/\s/g, ' '));
    const mixed = labels(mixedCategories().doc);
    expect(mixed.filter((label) => /VAT/.test(label))).toEqual([
      'VAT 19% on 10,00 €',
      'VAT 7% (reduced rate) on 5,00 €',
      `VAT exempt on 2,00 € (${E_REASON})`,
    ]);
    expect(labels(reverseCharge().doc)).toContain(`Reverse charge on 15,04 € (${RC_REASON})`);
  });
});
