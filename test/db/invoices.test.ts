import { saveNewCustomer } from '../../db/repositories/customers.repository';
import { loadCustomerBillingEvents } from '../../db/repositories/billing-events.repository';
import {
  loadInvoice,
  loadInvoiceHeader,
  saveDraftInvoice,
} from '../../db/repositories/invoices.repository';
import { finalizeInvoice, finalizeInvoiceHeader } from '../../services/finalize-invoice';
import { grantCredit } from '../../services/grant-credit';
import { recordPayment } from '../../services/record-payment';
import { voidInvoice } from '../../services/void-invoice';
import { invoiceNumbering } from '../../domain/invoice';
import { aCustomer } from '../fixtures/builders';
import { aDayDraft } from '../fixtures/invoices';
import { databaseEngines, useEngine } from '../support/engines';

const DAY = 86_400_000;
const FINALIZED_AT = Date.UTC(2031, 0, 1, 12);

const finalization = {
  ...invoiceNumbering(FINALIZED_AT),
  finalizedAtMs: FINALIZED_AT,
};

describe.each(databaseEngines)('invoices on %s', (_name, open) => {
  const handle = useEngine(open);

  test('a draft is replaced while it is a draft and frozen once finalized', async () => {
    const customer = await saveNewCustomer(handle.db, aCustomer());
    const start = Date.UTC(2030, 5, 1);
    expect(await saveDraftInvoice(handle.db, aDayDraft(customer.id, start, 100))).toEqual(true);
    // Late usage in the grace period: 150 s instead of 100 s.
    expect(await saveDraftInvoice(handle.db, aDayDraft(customer.id, start, 150))).toEqual(true);
    const draft = aDayDraft(customer.id, start, 150);
    expect((await loadInvoice(handle.db, draft.invoiceId))?.total).toEqual('1.50');

    const final = await finalizeInvoice(handle.db, draft.invoiceId, finalization);
    expect([final?.status, final?.total, final?.finalizedAtMs, final?.dueAtMs]).toEqual([
      'open',
      '1.50',
      FINALIZED_AT,
      FINALIZED_AT + 30 * DAY,
    ]);
    expect(final?.number).toMatch(/^INV-2031-\d{6}$/);
    // Neither a later draft nor a second finalization changes it.
    expect(await saveDraftInvoice(handle.db, aDayDraft(customer.id, start, 999))).toEqual(false);
    expect(
      await finalizeInvoice(handle.db, draft.invoiceId, { ...finalization, finalizedAtMs: 0 }),
    ).toEqual(final);
    expect(await finalizeInvoice(handle.db, 'inv-nobody-0', finalization)).toBeNull();
  });

  test('the header of a finalization is the stored invoice without its lines', async () => {
    const customer = await saveNewCustomer(handle.db, aCustomer());
    const draft = aDayDraft(customer.id, Date.UTC(2030, 6, 1), 120);
    await saveDraftInvoice(handle.db, draft);
    const header = await finalizeInvoiceHeader(handle.db, draft.invoiceId, finalization);
    const { lines, ...stored } = (await loadInvoice(handle.db, draft.invoiceId)) ?? {};
    expect(lines).toHaveLength(draft.lines.length);
    expect(header).toEqual(stored);
    expect(await loadInvoiceHeader(handle.db, draft.invoiceId)).toEqual(stored);
    // Final already: the stored header again, unchanged.
    expect(
      await finalizeInvoiceHeader(handle.db, draft.invoiceId, {
        ...finalization,
        finalizedAtMs: 0,
      }),
    ).toEqual(stored);
    expect(await finalizeInvoiceHeader(handle.db, 'inv-nobody-0', finalization)).toBeNull();
    expect(await loadInvoiceHeader(handle.db, 'inv-nobody-0')).toBeNull();
  });

  test('concurrent finalizations take gapless, unique numbers', async () => {
    const customer = await saveNewCustomer(handle.db, aCustomer());
    const drafts = Array.from({ length: 12 }, (_, i) =>
      aDayDraft(customer.id, Date.UTC(2029, 0, 1) + i * DAY, 10),
    );
    for (const draft of drafts) await saveDraftInvoice(handle.db, draft);
    const key = { ...finalization, ...invoiceNumbering(Date.UTC(2032, 3, 1)) };
    const finals = await Promise.all(
      drafts.map((d) => finalizeInvoice(handle.db, d.invoiceId, key)),
    );
    expect(finals.map((f) => f?.number).sort()).toEqual(
      Array.from({ length: 12 }, (_, i) => `INV-2032-${String(i + 1).padStart(6, '0')}`),
    );
  });

  test('payments are idempotent by reference and settle the invoice; a void one stays void', async () => {
    const customer = await saveNewCustomer(handle.db, aCustomer());
    const paid = aDayDraft(customer.id, Date.UTC(2030, 6, 1), 2000);
    const voided = aDayDraft(customer.id, Date.UTC(2030, 6, 2), 2000);
    for (const draft of [paid, voided]) {
      await saveDraftInvoice(handle.db, draft);
      await finalizeInvoice(handle.db, draft.invoiceId, finalization);
    }
    const pay = (reference: string, amount: string) =>
      recordPayment(handle.db, paid.invoiceId, { reference, amount, receivedAtMs: FINALIZED_AT });
    const first = await pay('bank-1', '5.5');
    expect([first?.created, first?.invoice.status, first?.invoice.amountPaid]).toEqual([
      true,
      'partially_paid',
      '5.50',
    ]);
    expect((await pay('bank-1', '5.50'))?.created).toEqual(false);
    await expect(pay('bank-1', '6')).rejects.toMatchObject({ code: 'payment_exists' });
    const rest = await pay('bank-2', '14.50');
    expect([rest?.invoice.status, rest?.invoice.amountPaid]).toEqual(['paid', '20.00']);
    await expect(voidInvoice(handle.db, paid.invoiceId, FINALIZED_AT)).rejects.toMatchObject({
      code: 'invalid_invoice_state',
    });

    expect((await voidInvoice(handle.db, voided.invoiceId, FINALIZED_AT))?.status).toEqual('void');
    expect((await voidInvoice(handle.db, voided.invoiceId, FINALIZED_AT + DAY))?.status).toEqual(
      'void',
    );
    expect(
      await recordPayment(handle.db, 'inv-nobody-0', {
        reference: 'x',
        amount: '1',
        receivedAtMs: 0,
      }),
    ).toBeNull();
    expect(await voidInvoice(handle.db, 'inv-nobody-0', 0)).toBeNull();
    const events = (await loadCustomerBillingEvents(handle.db, customer.id)).map((e) => e.id);
    expect(events).toEqual(
      [
        `evt_invoice.finalized_${paid.invoiceId}`,
        `evt_invoice.finalized_${voided.invoiceId}`,
        `evt_invoice.paid_${paid.invoiceId}`,
        `evt_invoice.voided_${voided.invoiceId}`,
        `evt_payment.received_${paid.invoiceId}:bank-1`,
        `evt_payment.received_${paid.invoiceId}:bank-2`,
      ].sort(),
    );
  });

  test('credit grants are idempotent by id; concurrent finalizations never spend them twice', async () => {
    const customer = await saveNewCustomer(handle.db, aCustomer());
    const operator = { kind: 'operator' } as const;
    const grant = (amount: string) =>
      grantCredit(handle.db, operator, customer.id, { id: 'promo', amount });
    expect((await grant('10.00')).created).toEqual(true);
    const again = await grant('10');
    expect([again.created, again.credits.balance, again.credits.entries.length]).toEqual([
      false,
      '10.00',
      1,
    ]);
    await expect(grant('9.00')).rejects.toMatchObject({ code: 'credit_exists' });
    await expect(grant('0.001')).rejects.toMatchObject({ code: 'invalid_request' });
    const drafts = Array.from({ length: 4 }, (_, i) =>
      aDayDraft(customer.id, Date.UTC(2028, 0, 1) + i * DAY, 400),
    );
    for (const draft of drafts) await saveDraftInvoice(handle.db, draft);
    const finals = await Promise.all(
      drafts.map((d) => finalizeInvoice(handle.db, d.invoiceId, finalization)),
    );
    // 4 x 4.00 against 10.00 of credit: 4 + 4 + 2 + 0, whichever finalizes first.
    expect(finals.map((f) => f?.creditsApplied).sort()).toEqual(['0.00', '2.00', '4.00', '4.00']);
    const credits = await grant('10.00');
    expect(credits.credits.balance).toEqual('0.00');
  });
});
