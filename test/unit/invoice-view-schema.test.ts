import { creditNoteSchema, creditNoteView } from '../../api/schemas/credit-note';
import { invoiceSchema, invoiceView, invoiceWithDeliverySchema } from '../../api/schemas/invoice';
import { draftInvoice, type StoredInvoice } from '../../domain/invoice';

const DAY = 86_400_000;
const START = Date.UTC(2031, 0, 1);

/** A draft with a coupon, two tax rates, a rated line and usage no price matched. */
function richInvoice(): StoredInvoice {
  const draft = draftInvoice({
    customerId: 'c1',
    period: { startMs: START, endMs: START + DAY },
    terms: {
      planId: 'plan',
      currency: 'EUR',
      minimumCommitment: null,
      prices: [
        {
          id: 'vm',
          meter: 'compute.vm',
          dimensionsFilter: {},
          model: { type: 'run_time', unit: 'second', unitPrice: '0.01' },
        },
      ],
    },
    usage: [
      {
        resourceId: 'vm-1',
        meter: 'compute.vm',
        dimensions: { region: 'fra1' },
        seconds: '1000',
        quantitySeconds: '1000',
        quantity: '0',
        runs: [{ durationMs: 1_000_000, quantity: '1' }],
      },
      {
        resourceId: 'disk-1',
        meter: 'storage.disk',
        dimensions: {},
        seconds: '10',
        quantitySeconds: '10',
        quantity: '0',
        runs: [{ durationMs: 10_000, quantity: '1' }],
      },
    ],
    taxRates: [
      { id: 'vat', name: 'VAT 20%', percentage: '20', inclusive: false },
      { id: 'eco', name: 'Eco 5.5%', percentage: '5.5', inclusive: false },
    ],
    coupons: [{ id: 'ten', kind: 'percentage', percentage: '10', duration: 'forever' }],
    creditBalance: '1.00',
  });
  return {
    id: draft.invoiceId,
    customerId: draft.customerId,
    periodStartMs: draft.period.startMs,
    periodEndMs: draft.period.endMs,
    planId: draft.planId,
    currency: draft.currency,
    status: 'open',
    number: 'INV-2031-000001',
    finalizedAtMs: START + DAY,
    dueAtMs: START + 31 * DAY,
    subtotal: draft.totals.subtotal,
    discounts: draft.totals.discounts,
    totalDiscount: draft.totals.totalDiscount,
    totalExcludingTax: draft.totals.totalExcludingTax,
    totalTax: draft.totals.totalTax,
    total: draft.totals.total,
    creditsApplied: draft.totals.creditsApplied,
    amountDue: draft.totals.amountDue,
    amountPaid: '0.00',
    amountCredited: '0.00',
    taxes: draft.totals.taxes,
    lineTotals: draft.totals.lines,
    lines: draft.lines,
    unmatchedUsage: draft.unmatched,
  };
}

test('the view of an invoice with coupons, taxes and unmatched usage matches Invoice', () => {
  const invoice = richInvoice();
  expect([invoice.discounts.length, invoice.taxes.length, invoice.unmatchedUsage.length]).toEqual([
    1, 2, 1,
  ]);
  const view = JSON.parse(JSON.stringify(invoiceView(invoice, START + 40 * DAY)));
  expect(invoiceSchema.safeParse(view).error).toBeUndefined();
  expect(view.status).toEqual('overdue');
  const withDelivery = {
    ...view,
    delivery: {
      email: { status: 'delivery_failed', recipient: 'a@b.c', messageId: null, reason: 'bounced' },
    },
  };
  expect(invoiceWithDeliverySchema.safeParse(withDelivery).error).toBeUndefined();
  expect(invoiceSchema.safeParse({ ...view, extra: 1 }).success).toEqual(false);
});

test('the view of a credit note matches CreditNote', () => {
  const view = creditNoteView({
    id: 'cn-1',
    invoiceId: 'inv-1',
    customerId: 'c1',
    number: 'CN-2031-000001',
    reason: 'Outage',
    currency: 'EUR',
    lines: [{ lineId: 'l1', amount: '5.00' }],
    taxes: [
      {
        taxRateId: 'vat',
        name: 'VAT 20%',
        percentage: '20',
        inclusive: false,
        taxableAmount: '5.00',
        taxAmount: '1.00',
      },
    ],
    subtotal: '5.00',
    totalTax: '1.00',
    total: '6.00',
    appliedToInvoice: '6.00',
    creditedToBalance: '0.00',
    issuedAtMs: START,
  });
  expect(creditNoteSchema.safeParse(view).error).toBeUndefined();
});
