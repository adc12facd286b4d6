import { erpDocumentRecordOf, erpPaymentRecordOf } from '../../domain/delivery/erp-record-of';
import { overdueEventOf } from '../../domain/delivery/overdue';
import type { InvoiceDocument } from '../../domain/documents/invoice-document';
import type { InvoiceStatus } from '../../domain/invoice/payments';

const DOC: InvoiceDocument = {
  kind: 'invoice',
  id: 'inv-1',
  number: 'INV-2026-000001',
  issuedAtMs: 2_000,
  dueAtMs: null,
  periodStartMs: 0,
  periodEndMs: 1_000,
  timezone: 'UTC',
  locale: 'en-US',
  currency: 'EUR',
  issuer: { name: 'I', addressLines: [], countryCode: 'DE', vatId: null, email: null },
  customer: {
    id: 'acme',
    name: 'A',
    addressLines: [],
    countryCode: 'DE',
    vatId: null,
    email: null,
  },
  paymentInstructions: { iban: null, bic: null, note: null },
  precedingInvoiceNumber: null,
  reason: null,
  lines: [
    {
      lineId: 'adj-l1',
      priceId: 'p',
      meter: 'vm.cpu',
      dimensions: { zone: 'b', size: 's' },
      quantity: '2',
      unit: 'hour',
      unitPrice: '2.5',
      preciseAmount: '5.004',
      amount: '5.00',
      subLines: [],
    },
  ],
  discounts: [],
  taxes: [],
  subtotal: '5.00',
  totalDiscount: '0.00',
  totalExcludingTax: '5.00',
  totalTax: '0.00',
  total: '5.00',
  creditsApplied: '1.00',
  amountDue: '4.00',
};

const BASE = {
  number: 'INV-2026-000001',
  customerId: 'acme',
  currency: 'EUR',
  issuedAtMs: 2_000,
  subtotal: '5.00',
  totalDiscount: '0.00',
  totalExcludingTax: '5.00',
  totalTax: '0.00',
  total: '5.00',
  amountDue: '4.00',
  lines: [
    {
      lineId: 'adj-l1',
      description: 'Adjustment (late usage): vm.cpu · size=s · zone=b',
      quantity: '2',
      unit: 'hour',
      amount: '5.00',
    },
  ],
  ublXml: '<Invoice/>',
};

test.each([
  [
    'an invoice without a due date falls due at issue',
    DOC,
    { ...BASE, kind: 'invoice', dueAtMs: 2_000, periodStartMs: 0, periodEndMs: 1_000 },
  ],
  [
    'an invoice with a due date',
    { ...DOC, dueAtMs: 9_000 },
    { ...BASE, kind: 'invoice', dueAtMs: 9_000, periodStartMs: 0, periodEndMs: 1_000 },
  ],
  [
    'a credit note names the invoice it credits and why',
    { ...DOC, kind: 'credit_note', precedingInvoiceNumber: 'INV-1', reason: 'Outage' },
    { ...BASE, kind: 'credit_note', precedingInvoiceNumber: 'INV-1', reason: 'Outage' },
  ],
] as const)('ERP record: %s', (_name, doc, record) => {
  expect(erpDocumentRecordOf(doc as InvoiceDocument, '<Invoice/>')).toEqual(record);
});

test('ERP payment record: the reference and amount of the event, against the invoice number', () => {
  expect(
    erpPaymentRecordOf(
      { invoiceId: 'inv-1', reference: 'sepa-1', amount: '1.44', receivedAtMs: 7_000 },
      { number: 'INV-2026-000001', customerId: 'acme', currency: 'EUR' },
    ),
  ).toEqual({
    kind: 'payment',
    reference: 'sepa-1',
    invoiceNumber: 'INV-2026-000001',
    customerId: 'acme',
    currency: 'EUR',
    amount: '1.44',
    receivedAtMs: 7_000,
  });
  expect(() =>
    erpPaymentRecordOf({}, { number: null, customerId: 'acme', currency: 'EUR' }),
  ).toThrow(expect.objectContaining({ code: 'document_not_final' }));
});

const invoice = (status: InvoiceStatus) => ({
  id: 'inv-1',
  customerId: 'acme',
  status,
  number: 'INV-2026-000001',
  dueAtMs: 9_000,
});

test.each([
  ['open', true],
  ['partially_paid', true],
  ['paid', false],
  ['void', false],
  ['draft', false],
] as const)('at the due date, an invoice %s is overdue: %s', (status, overdue) => {
  expect(overdueEventOf(invoice(status), 10_000)).toEqual(
    overdue
      ? {
          type: 'invoice.overdue',
          customerId: 'acme',
          subjectId: 'inv-1',
          payload: { invoiceId: 'inv-1', number: 'INV-2026-000001', dueAt: 9_000 },
          occurredAtMs: 10_000,
        }
      : null,
  );
});

test('an unknown invoice is not overdue', () => {
  expect(overdueEventOf(null, 10_000)).toBeNull();
});
