import { saveNewCustomer } from '../../db/repositories/customers.repository';
import { loadCreditEntries } from '../../db/repositories/credits.repository';
import { saveDraftInvoice } from '../../db/repositories/invoices.repository';
import { saveWebhookEndpoint } from '../../db/repositories/webhooks.repository';
import { creditEntries, webhookDeliveries } from '../../db/schema';
import type { Page, PageRequest } from '../../domain/pagination';
import type { Principal } from '../../domain/principal';
import { getCreditsPage } from '../../services/get-credits';
import { listCustomerInvoices } from '../../services/list-customer-invoices';
import { listWebhookDeliveriesPage } from '../../services/list-webhook-deliveries';
import { aCustomer, uniqueId } from '../fixtures/builders';
import { aDayDraft } from '../fixtures/invoices';
import { databaseEngines, useEngine } from '../support/engines';

const DAY = 86_400_000;
const operator: Principal = { kind: 'operator' };

/** Every page of a list, first to last, following nextCursor. */
async function walk<T>(
  limit: number,
  read: (page: PageRequest) => Promise<Page<T>>,
): Promise<{ pages: T[][]; cursors: (string | null)[] }> {
  const pages: T[][] = [];
  const cursors: (string | null)[] = [];
  let cursor: string | undefined;
  for (;;) {
    const { items, nextCursor } = await read(cursor === undefined ? { limit } : { limit, cursor });
    pages.push(items);
    cursors.push(nextCursor);
    if (nextCursor === null) return { pages, cursors };
    cursor = nextCursor;
  }
}

describe.each(databaseEngines)('keyset pagination on %s', (_name, open) => {
  const handle = useEngine(open);

  test("a customer's invoices page in period order, each once", async () => {
    const customer = await saveNewCustomer(handle.db, aCustomer());
    const other = await saveNewCustomer(handle.db, aCustomer());
    // Saved out of order: the pages follow the period, not the insertion.
    const starts = [4, 0, 6, 2, 5, 1, 3].map((day) => Date.UTC(2030, 0, 1) + day * DAY);
    for (const start of starts)
      await saveDraftInvoice(handle.db, aDayDraft(customer.id, start, 10));
    await saveDraftInvoice(handle.db, aDayDraft(other.id, starts[0] as number, 10));
    const inOrder = [...starts].sort((a, b) => a - b);
    const read = (page: PageRequest) =>
      listCustomerInvoices(handle.db, operator, customer.id, page);

    // 7 invoices by 3: 3 + 3 + 1, the last page says there is no next one.
    const { pages, cursors } = await walk(3, read);
    expect(pages.map((page) => page.map((invoice) => invoice.periodStartMs))).toEqual([
      inOrder.slice(0, 3),
      inOrder.slice(3, 6),
      inOrder.slice(6),
    ]);
    expect(cursors.map((cursor) => cursor === null)).toEqual([false, false, true]);
    // A page size that divides the list: 7 by 7 is one page; by 1, seven.
    expect((await walk(7, read)).pages.map((page) => page.length)).toEqual([7]);
    expect((await walk(1, read)).pages.flat().map((invoice) => invoice.periodStartMs)).toEqual(
      inOrder,
    );
    // The cursor is the key of the last item: a new invoice before it does not shift the next page.
    const first = await read({ limit: 3 });
    await saveDraftInvoice(handle.db, aDayDraft(customer.id, Date.UTC(2029, 0, 1), 10));
    const second = await read({ limit: 3, cursor: first.nextCursor ?? '' });
    expect(second.items.map((invoice) => invoice.periodStartMs)).toEqual(inOrder.slice(3, 6));
  });

  test('the credit ledger pages by (created at, reference, kind) and the balance stays whole', async () => {
    const customer = await saveNewCustomer(handle.db, aCustomer());
    const T = new Date(Date.UTC(2030, 2, 1, 12, 0, 0, 500));
    const entry = (
      kind: 'grant' | 'consumption',
      reference: string,
      amount: string,
      createdAt = T,
    ) => ({ customerId: customer.id, kind, reference, amount, currency: 'EUR', createdAt });
    // Four entries in the same millisecond (the tiebreakers decide), one a millisecond later;
    // a grant and a consumption share the reference `invoice:x` (the kind decides).
    await handle.db
      .insert(creditEntries)
      .values([
        entry('grant', 'invoice:x', '1.00'),
        entry('grant', 'a', '2.00', new Date(T.getTime() + 1)),
        entry('consumption', 'invoice:x', '3.00'),
        entry('grant', 'g2', '5.00'),
        entry('grant', 'g1', '10.00'),
      ]);
    const expected = [
      ['g1', 'grant'],
      ['g2', 'grant'],
      ['invoice:x', 'consumption'],
      ['invoice:x', 'grant'],
      ['a', 'grant'],
    ];
    const seen: string[][] = [];
    let cursor: string | undefined;
    let pages = 0;
    for (;;) {
      const page = await getCreditsPage(handle.db, operator, customer.id, {
        limit: 2,
        ...(cursor === undefined ? {} : { cursor }),
      });
      pages += 1;
      // Grants 10 + 5 + 1 + 2 = 18.00, less the consumption 3.00: 15.00 on every page.
      expect([page.currency, page.balance]).toEqual(['EUR', '15.00']);
      seen.push(...page.entries.map((e) => [e.reference, e.kind]));
      if (page.nextCursor === null) break;
      cursor = page.nextCursor;
    }
    expect([pages, seen]).toEqual([3, expected]);
    // The unpaged ledger has the same order.
    expect(
      (await loadCreditEntries(handle.db, customer.id)).map((e) => [e.reference, e.kind]),
    ).toEqual(expected);
  });

  test('a cursor of another list, or garbage, is invalid_request naming cursor', async () => {
    const customer = await saveNewCustomer(handle.db, aCustomer());
    for (const day of [0, 1]) {
      await saveDraftInvoice(
        handle.db,
        aDayDraft(customer.id, Date.UTC(2030, 0, 1) + day * DAY, 10),
      );
    }
    const { nextCursor } = await listCustomerInvoices(handle.db, operator, customer.id, {
      limit: 1,
    });
    expect(nextCursor).not.toBeNull();
    const invalid = {
      code: 'invalid_request',
      details: [expect.objectContaining({ field: 'cursor' })],
    };
    await expect(
      getCreditsPage(handle.db, operator, customer.id, { limit: 1, cursor: nextCursor ?? '' }),
    ).rejects.toMatchObject(invalid);
    await expect(
      listCustomerInvoices(handle.db, operator, customer.id, { limit: 1, cursor: 'bm9wZQ' }),
    ).rejects.toMatchObject(invalid);
  });

  test('the delivery log pages newest first by (updated at, event id)', async () => {
    const endpointId = uniqueId('hook');
    await saveWebhookEndpoint(handle.db, {
      id: endpointId,
      url: 'https://hooks.example/in',
      secret: 'whsec_dGVzdA==',
      eventTypes: [],
    });
    const T = Date.UTC(2030, 3, 1);
    const delivery = (eventId: string, updatedAtMs: number) => ({
      eventId,
      endpointId,
      eventType: 'invoice.finalized',
      status: 'delivered' as const,
      attempts: 1,
      updatedAt: new Date(updatedAtMs),
    });
    await handle.db
      .insert(webhookDeliveries)
      .values([
        delivery('e1', T),
        delivery('e2', T + 5),
        delivery('e3', T),
        delivery('e4', T + 5),
        delivery('e5', T + 9),
      ]);
    const { pages } = await walk(2, (page) =>
      listWebhookDeliveriesPage(handle.db, endpointId, page),
    );
    expect(pages.map((page) => page.map((d) => d.eventId))).toEqual([
      ['e5', 'e4'],
      ['e2', 'e3'],
      ['e1'],
    ]);
  });
});
