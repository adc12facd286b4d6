import { computeCreditNote, type CreditableInvoice, type TaxBreakdown } from '../../domain/invoice';

const vat20: TaxBreakdown = {
  taxRateId: 'vat',
  name: 'VAT 20%',
  percentage: '20',
  inclusive: false,
  taxableAmount: '150.00',
  taxAmount: '30.00',
  category: 'standard',
};

/** Lines 100.00 and 50.00 net, VAT 20% exclusive: tax 30.00, total 180.00. */
function anInvoice(overrides: Partial<CreditableInvoice> = {}): CreditableInvoice {
  return {
    currency: 'EUR',
    status: 'open',
    lineTotals: [
      {
        lineId: 'L1',
        amount: '100.00',
        discountAmount: '0.00',
        netAmount: '100.00',
        taxRateIds: ['vat'],
      },
      {
        lineId: 'L2',
        amount: '50.00',
        discountAmount: '0.00',
        netAmount: '50.00',
        taxRateIds: ['vat'],
      },
    ],
    taxes: [vat20],
    totalTax: '30.00',
    total: '180.00',
    amountDue: '180.00',
    amountPaid: '0.00',
    amountCredited: '0.00',
    previous: [],
    ...overrides,
  };
}

test('a full credit note credits every line and exactly the invoice tax', () => {
  expect(computeCreditNote(anInvoice(), undefined)).toEqual({
    lines: [
      { lineId: 'L1', amount: '100.00' },
      { lineId: 'L2', amount: '50.00' },
    ],
    taxes: [vat20],
    subtotal: '150.00',
    totalTax: '30.00',
    total: '180.00',
    appliedToInvoice: '180.00',
    creditedToBalance: '0.00',
  });
});

test.each([
  // [what, invoice overrides, credited L1, total, applied, to balance]
  ['open: all off the amount due', {}, '33.33', '40.00', '40.00', '0.00'],
  [
    'paid: all to the credit balance',
    { status: 'paid', amountPaid: '180.00' },
    '33.33',
    '40.00',
    '0.00',
    '40.00',
  ],
  [
    'partly paid: outstanding first',
    { status: 'partially_paid', amountPaid: '100.00' },
    '100.00',
    '120.00',
    '80.00',
    '40.00',
  ],
  [
    'paid by credits: to the balance',
    { status: 'paid', amountDue: '0.00' },
    '10.00',
    '12.00',
    '0.00',
    '12.00',
  ],
] as const)('a partial credit note, %s', (_what, overrides, amount, total, applied, balance) => {
  const note = computeCreditNote(anInvoice(overrides), [{ lineId: 'L1', amount }]);
  expect([note.total, note.appliedToInvoice, note.creditedToBalance]).toEqual([
    total,
    applied,
    balance,
  ]);
});

test('tax of a partial note is rounded once on its sum: 33.33 * 20% = 6.666 -> 6.67', () => {
  const note = computeCreditNote(anInvoice(), [{ lineId: 'L1', amount: '33.33' }]);
  expect(note.taxes).toEqual([{ ...vat20, taxableAmount: '33.33', taxAmount: '6.67' }]);
});

test('the note crediting the last remainder takes the rest of the tax, never a cent more', () => {
  // One line of 0.15 at 10%: the invoice tax is round(0.015) = 0.02. Three notes of 0.05
  // would each round 0.005 up to 0.01 (0.03 in all); the third takes 0.02 - 0.02 = 0.00.
  const vat10: TaxBreakdown = {
    ...vat20,
    name: 'VAT 10%',
    percentage: '10',
    taxableAmount: '0.15',
    taxAmount: '0.02',
  };
  const base = anInvoice({
    lineTotals: [
      {
        lineId: 'L',
        amount: '0.15',
        discountAmount: '0.00',
        netAmount: '0.15',
        taxRateIds: ['vat'],
      },
    ],
    taxes: [vat10],
    totalTax: '0.02',
    total: '0.17',
    amountDue: '0.17',
  });
  const first = computeCreditNote(base, [{ lineId: 'L', amount: '0.05' }]);
  const second = computeCreditNote({ ...base, previous: [first] }, [
    { lineId: 'L', amount: '0.05' },
  ]);
  const third = computeCreditNote({ ...base, previous: [first, second] }, undefined);
  expect([first.totalTax, second.totalTax, third.totalTax]).toEqual(['0.01', '0.01', '0.00']);
  expect([first.total, second.total, third.total]).toEqual(['0.06', '0.06', '0.05']);
  expect(third.lines).toEqual([{ lineId: 'L', amount: '0.05' }]);
});

test('an inclusive rate: the credited gross amount contains its tax', () => {
  const inclusive: TaxBreakdown = {
    ...vat20,
    inclusive: true,
    taxableAmount: '100.00',
    taxAmount: '20.00',
  };
  const invoice = anInvoice({
    lineTotals: [
      {
        lineId: 'G',
        amount: '120.00',
        discountAmount: '0.00',
        netAmount: '120.00',
        taxRateIds: ['vat'],
      },
    ],
    taxes: [inclusive],
    totalTax: '20.00',
    total: '120.00',
    amountDue: '120.00',
  });
  const note = computeCreditNote(invoice, [{ lineId: 'G', amount: '60.00' }]);
  expect([note.subtotal, note.taxes[0]?.taxableAmount, note.totalTax, note.total]).toEqual([
    '60.00',
    '50.00',
    '10.00',
    '60.00',
  ]);
});

test.each([
  ['a draft', anInvoice({ status: 'draft' }), undefined, 'invalid_invoice_state', undefined],
  ['a void invoice', anInvoice({ status: 'void' }), undefined, 'invalid_invoice_state', undefined],
  [
    'an unknown line',
    anInvoice(),
    [{ lineId: 'nope', amount: '1.00' }],
    'invalid_request',
    'lines[0].lineId',
  ],
  [
    'more than the line',
    anInvoice(),
    [{ lineId: 'L2', amount: '50.01' }],
    'invalid_request',
    'lines[0].amount',
  ],
  [
    'a zero amount',
    anInvoice(),
    [{ lineId: 'L2', amount: '0.00' }],
    'invalid_request',
    'lines[0].amount',
  ],
  [
    'a line twice',
    anInvoice(),
    [
      { lineId: 'L2', amount: '1.00' },
      { lineId: 'L2', amount: '1.00' },
    ],
    'invalid_request',
    'lines',
  ],
  [
    'nothing left',
    anInvoice({
      previous: [
        {
          lines: [
            { lineId: 'L1', amount: '100.00' },
            { lineId: 'L2', amount: '50.00' },
          ],
          taxes: [vat20],
        },
      ],
    }),
    undefined,
    'invalid_request',
    'lines',
  ],
])('refuses %s', (_what, invoice, lines, code, field) => {
  let error: unknown;
  try {
    computeCreditNote(invoice, lines);
  } catch (caught) {
    error = caught;
  }
  expect(error).toMatchObject({ code });
  if (field !== undefined)
    expect((error as { details: { field: string }[] }).details[0]?.field).toEqual(field);
});
