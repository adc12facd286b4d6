import { recordPayment } from '../../services/record-payment';
import { loadCustomerCoupons, redeemCoupon } from '../../db/repositories/coupons.repository';
import { activeCoupons } from '../../domain/catalog/coupon';
import { createCoupon } from '../../services/create-coupon';
import { issueCreditNote as createCreditNote } from '../../services/issue-credit-note';
import { loadCreditBalance, saveCreditEntry } from '../../db/repositories/credits.repository';
import { saveNewCustomer } from '../../db/repositories/customers.repository';
import { saveDraftInvoice } from '../../db/repositories/invoices.repository';
import { finalizeInvoice } from '../../services/finalize-invoice';
import { loadCustomerBillingEvents } from '../../db/repositories/billing-events.repository';
import { DEFAULT_BILLING_PROFILE } from '../../domain/customer';
import type { BillingError } from '../../domain/errors';
import { invoiceNumbering, type Coupon } from '../../domain/invoice';
import { aCustomer, uniqueId } from '../fixtures/builders';
import { aDayDraft } from '../fixtures/invoices';
import { databaseEngines, useEngine } from '../support/engines';

const DAY = 86_400_000;
const FINALIZED_AT = Date.UTC(2031, 0, 1, 12);
const finalization = { ...invoiceNumbering(FINALIZED_AT), finalizedAtMs: FINALIZED_AT };

describe.each(databaseEngines)('invoice adjustments on %s', (_name, open) => {
  const handle = useEngine(open);

  async function newCustomer(paymentTermsDays = 30): Promise<string> {
    const customer = aCustomer();
    await saveNewCustomer(handle.db, customer, { ...DEFAULT_BILLING_PROFILE, paymentTermsDays });
    return customer.id;
  }

  async function eventsOf(customerId: string): Promise<string[]> {
    return (await loadCustomerBillingEvents(handle.db, customerId)).map((event) => event.id);
  }

  test('finalization spends credits once, in finalization order; a fully credited invoice is paid', async () => {
    const customerId = await newCustomer();
    await saveCreditEntry(handle.db, customerId, {
      kind: 'grant',
      reference: 'promo',
      amount: '10.00',
      currency: 'EUR',
    });
    const first = aDayDraft(customerId, Date.UTC(2030, 11, 1), 800);
    const second = aDayDraft(customerId, Date.UTC(2030, 11, 2), 800);
    await saveDraftInvoice(handle.db, first);
    await saveDraftInvoice(handle.db, second);
    // Both drafts show the whole balance provisionally; finalization decides.
    expect([first.totals.creditsApplied, second.totals.creditsApplied]).toEqual(['0.00', '0.00']);
    const a = await finalizeInvoice(handle.db, first.invoiceId, finalization);
    const b = await finalizeInvoice(handle.db, second.invoiceId, finalization);
    await finalizeInvoice(handle.db, second.invoiceId, finalization);
    expect([a?.status, a?.creditsApplied, a?.amountDue]).toEqual(['paid', '8.00', '0.00']);
    expect([b?.status, b?.creditsApplied, b?.amountDue]).toEqual(['open', '2.00', '6.00']);
    expect(await loadCreditBalance(handle.db, customerId, 'EUR')).toEqual('0.00');
    expect(await eventsOf(customerId)).toEqual([
      `evt_invoice.finalized_${first.invoiceId}`,
      `evt_invoice.finalized_${second.invoiceId}`,
      `evt_invoice.paid_${first.invoiceId}`,
    ]);
  });

  test('a coupon period is counted at finalization only, never by redrafting', async () => {
    const customerId = await newCustomer(14);
    const coupon: Coupon = {
      id: uniqueId('once10'),
      kind: 'percentage',
      percentage: '10',
      duration: 'once',
    };
    const db = { db: handle.db };
    expect(await createCoupon(db, coupon)).toEqual({ coupon, created: true });
    expect(await createCoupon(db, coupon)).toEqual({ coupon, created: false });
    await expect(createCoupon(db, { ...coupon, percentage: '20' })).rejects.toMatchObject({
      code: 'coupon_exists',
    });
    await redeemCoupon(handle.db, customerId, coupon.id);
    const active = activeCoupons(await loadCustomerCoupons(handle.db, customerId));
    const draft = aDayDraft(customerId, Date.UTC(2030, 11, 1), 800, active);
    await saveDraftInvoice(handle.db, draft);
    await saveDraftInvoice(handle.db, draft);
    expect(
      (await loadCustomerCoupons(handle.db, customerId))[0]?.redemption.periodsApplied,
    ).toEqual(0);
    const final = await finalizeInvoice(handle.db, draft.invoiceId, finalization);
    // 8.00 - 10% = 7.20; net 14 days from finalization.
    expect([final?.totalDiscount, final?.total, final?.dueAtMs]).toEqual([
      '0.80',
      '7.20',
      FINALIZED_AT + 14 * DAY,
    ]);
    expect(
      (await loadCustomerCoupons(handle.db, customerId))[0]?.redemption.periodsApplied,
    ).toEqual(1);
    expect(activeCoupons(await loadCustomerCoupons(handle.db, customerId))).toEqual([]);
  });

  test('a credit note takes what is outstanding off the invoice and grants the rest as credit', async () => {
    const customerId = await newCustomer();
    const draft = aDayDraft(customerId, Date.UTC(2030, 11, 1), 800);
    await saveDraftInvoice(handle.db, draft);
    await finalizeInvoice(handle.db, draft.invoiceId, finalization);
    await recordPayment(handle.db, draft.invoiceId, {
      reference: 'wire-1',
      amount: '3.00',
      receivedAtMs: FINALIZED_AT + DAY,
    });
    const request = { id: uniqueId('cn'), reason: 'Service outage' };
    const issued = await createCreditNote(
      handle.db,
      draft.invoiceId,
      request,
      FINALIZED_AT + 2 * DAY,
    );
    expect(issued?.created).toEqual(true);
    expect(issued?.note).toMatchObject({
      total: '8.00',
      appliedToInvoice: '5.00',
      creditedToBalance: '3.00',
      number: expect.stringMatching(/^CN-2031-\d{6}$/),
    });
    const again = await createCreditNote(
      handle.db,
      draft.invoiceId,
      request,
      FINALIZED_AT + 3 * DAY,
    );
    expect(again).toEqual({ note: issued?.note, created: false });
    await expect(
      createCreditNote(handle.db, draft.invoiceId, { ...request, reason: 'Other' }, FINALIZED_AT),
    ).rejects.toMatchObject({ code: 'credit_note_exists' });
    expect(await loadCreditBalance(handle.db, customerId, 'EUR')).toEqual('3.00');
    expect(await eventsOf(customerId)).toEqual([
      `evt_credit_note.created_${request.id}`,
      `evt_invoice.finalized_${draft.invoiceId}`,
      // The credit note settles what was left: the invoice is paid.
      `evt_invoice.paid_${draft.invoiceId}`,
      `evt_payment.received_${draft.invoiceId}:wire-1`,
    ]);
  });

  test('a credit note id is global: on another invoice it is credit_note_exists and takes no number', async () => {
    const customerId = await newCustomer();
    const [first, second] = [1, 2].map((day) => aDayDraft(customerId, Date.UTC(2030, 9, day), 100));
    for (const draft of [first!, second!]) {
      await saveDraftInvoice(handle.db, draft);
      await finalizeInvoice(handle.db, draft.invoiceId, finalization);
    }
    const request = { id: uniqueId('cn'), reason: 'goodwill' };
    const issuedAt = Date.UTC(2036, 0, 1);
    const invoices = [first!.invoiceId, second!.invoiceId];
    const settled = await Promise.allSettled(
      invoices.map((invoiceId) => createCreditNote(handle.db, invoiceId, request, issuedAt)),
    );
    // Whichever ran first wins; the other is a conflict naming the id, not an error.
    const outcomes = settled.map((r) =>
      r.status === 'fulfilled' ? 'created' : (r.reason as BillingError).code,
    );
    expect([...outcomes].sort()).toEqual(['created', 'credit_note_exists']);
    // The loser's number went back with its transaction: numbering stays gapless.
    const loser = invoices[outcomes.indexOf('credit_note_exists')]!;
    const next = await createCreditNote(
      handle.db,
      loser,
      { id: uniqueId('cn'), reason: 'goodwill' },
      issuedAt,
    );
    expect(next?.note.number).toEqual('CN-2036-000002');
  });

  test('identical concurrent credit notes: one is created, the others replay it', async () => {
    const customerId = await newCustomer();
    const draft = aDayDraft(customerId, Date.UTC(2030, 8, 1), 800);
    await saveDraftInvoice(handle.db, draft);
    await finalizeInvoice(handle.db, draft.invoiceId, finalization);
    const lineId = draft.lines[0]!.lineId;
    const request = { id: uniqueId('cn'), reason: 'Outage', lines: [{ lineId, amount: '2' }] };
    const results = await Promise.all(
      [0, 1, 2].map(() =>
        createCreditNote(handle.db, draft.invoiceId, request, Date.UTC(2037, 0, 1)),
      ),
    );
    expect(results.map((r) => r?.created).sort()).toEqual([false, false, true]);
    expect(new Set(results.map((r) => r?.note.number))).toEqual(new Set(['CN-2037-000001']));
    expect(results[0]?.note.lines).toEqual([{ lineId, amount: '2.00' }]);
  });

  test('credit note numbers are gapless under concurrency', async () => {
    const customerId = await newCustomer();
    const ids: string[] = [];
    for (let day = 0; day < 6; day += 1) {
      const draft = aDayDraft(customerId, Date.UTC(2030, 10, 1 + day), 100);
      await saveDraftInvoice(handle.db, draft);
      await finalizeInvoice(handle.db, draft.invoiceId, finalization);
      ids.push(draft.invoiceId);
    }
    const notes = await Promise.all(
      ids.map((id) =>
        createCreditNote(
          handle.db,
          id,
          { id: uniqueId('cn'), reason: 'goodwill' },
          Date.UTC(2035, 0, 1),
        ),
      ),
    );
    const numbers = notes.map((note) => note?.note.number).sort();
    expect(numbers).toEqual([1, 2, 3, 4, 5, 6].map((n) => `CN-2035-00000${n}`));
  });
});
