import type { DatabaseHandle } from '../../db/client';
import { saveNewCustomer } from '../../db/repositories/customers.repository';
import {
  finalizeInvoice,
  loadInvoice,
  saveDraftInvoice,
} from '../../db/repositories/invoices.repository';
import { invoiceNumbering } from '../../domain/invoice';
import { aCustomer } from '../fixtures/builders';
import { aDayDraft } from '../fixtures/invoices';
import { databaseEngines } from '../support/engines';

const DAY = 86_400_000;
const FINALIZED_AT = Date.UTC(2031, 0, 1, 12);

const finalization = {
  ...invoiceNumbering(FINALIZED_AT),
  finalizedAtMs: FINALIZED_AT,
};

describe.each(databaseEngines)('invoices on %s', (_name, open) => {
  let handle: DatabaseHandle;
  let dispose: () => Promise<void>;
  beforeAll(async () => {
    ({ handle, dispose } = await open());
  }, 60_000);
  afterAll(() => dispose());

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
});
