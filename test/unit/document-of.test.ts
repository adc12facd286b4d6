import type { BillingProfile, Customer } from '../../domain/customer';
import {
  creditNoteDocumentOf,
  documentCustomerOf,
  invoiceDocumentOf,
  type DocumentCreditNote,
  type DocumentInvoice,
  type Issuer,
} from '../../domain/documents/document-of';
import type { RatedLine } from '../../domain/rating';

const ISSUER: Issuer = {
  party: {
    name: 'Cloudy Compute GmbH',
    addressLines: ['Friedrichstr. 1', '10117 Berlin'],
    countryCode: 'DE',
    vatId: 'DE123456789',
    email: 'billing@cloudy.example',
  },
  paymentInstructions: { iban: 'DE02120300000000202051', bic: 'BYLADEM1001', note: null },
};

const CUSTOMER: Customer = {
  id: 'acme',
  name: 'Acme Analytics GmbH',
  email: 'ap@acme.example',
  currency: 'EUR',
  timezone: 'Europe/Berlin',
  billingSchedule: 'monthly',
  billingAnchorMs: 0,
  gracePeriodSeconds: 3600,
};

const PROFILE: BillingProfile = {
  paymentTermsDays: 14,
  zeroUsageInvoices: false,
  locale: 'de-DE',
  addressLines: ['Hauptstr. 5', '80331 München'],
  countryCode: null,
  vatId: null,
};

const line = (lineId: string, amount: string): RatedLine => ({
  lineId,
  priceId: `price-${lineId}`,
  meter: 'vm.cpu',
  dimensions: { size: 's' },
  quantity: '2',
  unit: 'hour',
  unitPrice: '2.5',
  preciseAmount: amount,
  amount,
  subLines: [],
});

const TAX = {
  taxRateId: 'vat-de',
  name: 'VAT',
  percentage: '19',
  inclusive: false,
  taxableAmount: '10.00',
  taxAmount: '1.90',
};

const INVOICE: DocumentInvoice = {
  id: 'inv-acme-1',
  customerId: 'acme',
  number: 'INV-2026-000001',
  finalizedAtMs: 2_000,
  dueAtMs: 3_000,
  periodStartMs: 0,
  periodEndMs: 1_000,
  currency: 'EUR',
  lines: [line('l1', '5.00'), line('l2', '5.00')],
  lineTotals: [
    { lineId: 'l1', taxRateIds: ['vat-de'] },
    { lineId: 'l2', taxRateIds: [] },
  ],
  discounts: [],
  taxes: [TAX],
  subtotal: '10.00',
  totalDiscount: '0.00',
  totalExcludingTax: '10.00',
  totalTax: '1.90',
  total: '11.90',
  creditsApplied: '1.00',
  amountDue: '10.90',
};

const BUYER = documentCustomerOf(CUSTOMER, PROFILE);

test('the buyer: name and email of the customer, address of its profile (no country: "")', () => {
  expect(BUYER).toEqual({
    customer: {
      id: 'acme',
      name: 'Acme Analytics GmbH',
      addressLines: ['Hauptstr. 5', '80331 München'],
      countryCode: '',
      vatId: null,
      email: 'ap@acme.example',
    },
    timezone: 'Europe/Berlin',
    locale: 'de-DE',
  });
});

test('a final invoice: issued at finalization, amounts as stored, tax rates per line', () => {
  expect(invoiceDocumentOf(INVOICE, BUYER, ISSUER)).toEqual({
    kind: 'invoice',
    id: 'inv-acme-1',
    number: 'INV-2026-000001',
    issuedAtMs: 2_000,
    dueAtMs: 3_000,
    periodStartMs: 0,
    periodEndMs: 1_000,
    currency: 'EUR',
    issuer: ISSUER.party,
    paymentInstructions: ISSUER.paymentInstructions,
    precedingInvoiceNumber: null,
    reason: null,
    ...BUYER,
    lines: INVOICE.lines,
    lineTaxRateIds: { l1: ['vat-de'], l2: [] },
    discounts: [],
    taxes: [TAX],
    subtotal: '10.00',
    totalDiscount: '0.00',
    totalExcludingTax: '10.00',
    totalTax: '1.90',
    total: '11.90',
    creditsApplied: '1.00',
    amountDue: '10.90',
  });
});

test('a restatement that carried to credit: the carried amount per line, zero ones left out', () => {
  const restated: DocumentInvoice = {
    ...INVOICE,
    lines: [line('l1', '5.00'), line('adj-0-l1', '-5.00')],
    lineTotals: [
      { lineId: 'l1', taxRateIds: ['vat-de'] },
      { lineId: 'adj-0-l1', taxRateIds: ['vat-de'], carriedToCredit: '0.60' },
    ],
  };
  expect(invoiceDocumentOf(restated, BUYER, ISSUER).carriedToCredit).toEqual({
    'adj-0-l1': '0.60',
  });
  const nothingCarried: DocumentInvoice = {
    ...restated,
    lineTotals: [{ lineId: 'adj-0-l1', taxRateIds: [], carriedToCredit: '0.00' }],
  };
  expect(invoiceDocumentOf(nothingCarried, BUYER, ISSUER)).not.toHaveProperty('carriedToCredit');
});

test.each([
  ['no number', { number: null }],
  ['no finalization instant', { finalizedAtMs: null }],
])('a draft (%s) has no document: document_not_final', (_name, draft) => {
  expect(() => invoiceDocumentOf({ ...INVOICE, ...draft }, BUYER, ISSUER)).toThrow(
    expect.objectContaining({ code: 'document_not_final' }),
  );
});

const NOTE: DocumentCreditNote = {
  id: 'cn-1',
  customerId: 'acme',
  number: 'CN-2026-000001',
  reason: 'Outage credit',
  currency: 'EUR',
  issuedAtMs: 5_000,
  lines: [
    { lineId: 'l1', amount: '1.50' },
    { lineId: 'gone', amount: '0.50' },
  ],
  taxes: [
    { ...TAX, taxableAmount: '1.50', taxAmount: '0.29' },
    { ...TAX, taxRateId: 'incl', inclusive: true, taxableAmount: '0.42', taxAmount: '0.08' },
  ],
  subtotal: '2.00',
  totalTax: '0.37',
  total: '2.29',
};

test('a credit note: lines keep their service, the credited amount as one unit', () => {
  const doc = creditNoteDocumentOf(NOTE, INVOICE, BUYER, ISSUER);
  expect(doc.lines).toEqual([
    {
      lineId: 'l1',
      priceId: 'price-l1',
      meter: 'vm.cpu',
      dimensions: { size: 's' },
      quantity: '1',
      unit: 'credit',
      unitPrice: '1.50',
      preciseAmount: '1.50',
      amount: '1.50',
      subLines: [],
    },
    {
      lineId: 'gone',
      priceId: 'gone',
      meter: 'gone',
      dimensions: {},
      quantity: '1',
      unit: 'credit',
      unitPrice: '0.50',
      preciseAmount: '0.50',
      amount: '0.50',
      subLines: [],
    },
  ]);
  // Net of inclusive tax: 2.00 - 0.08 = 1.92; nothing discounted or credited; due: the total.
  expect({ ...doc, lines: [] }).toEqual({
    kind: 'credit_note',
    id: 'cn-1',
    number: 'CN-2026-000001',
    issuedAtMs: 5_000,
    dueAtMs: null,
    periodStartMs: 0,
    periodEndMs: 1_000,
    currency: 'EUR',
    issuer: ISSUER.party,
    paymentInstructions: ISSUER.paymentInstructions,
    precedingInvoiceNumber: 'INV-2026-000001',
    reason: 'Outage credit',
    ...BUYER,
    lines: [],
    lineTaxRateIds: { l1: ['vat-de'], l2: [] },
    discounts: [],
    taxes: NOTE.taxes,
    subtotal: '2.00',
    totalDiscount: '0.00',
    totalExcludingTax: '1.92',
    totalTax: '0.37',
    total: '2.29',
    creditsApplied: '0.00',
    amountDue: '2.29',
  });
});

test('a credit note of an invoice without a number: document_not_final', () => {
  expect(() => creditNoteDocumentOf(NOTE, { ...INVOICE, number: null }, BUYER, ISSUER)).toThrow(
    expect.objectContaining({
      code: 'document_not_final',
      message: 'cn-1 is not a final document',
    }),
  );
});
