import { saveNewPlan } from '../../db/repositories/catalog.repository';
import { saveNewCustomer } from '../../db/repositories/customers.repository';
import { saveDraftInvoice } from '../../db/repositories/invoices.repository';
import { draftInvoice } from '../../domain/invoice';
import { aCustomer } from '../fixtures/builders';
import { aPlan } from '../fixtures/catalog';
import { getJson, postJson } from '../support/http';
import { useApiStack } from '../support/api-stack';

/** GET /v1/invoices/{id}/payments: each payment of an invoice, paged, for whom may see it. */
const stack = useApiStack('e2e-invoice-payments');
const NOV = { startMs: Date.UTC(2026, 10, 1), endMs: Date.UTC(2026, 11, 1) };

/** A finalized invoice of 20.00 EUR (the plan's minimum commitment) and its customer. */
async function openInvoice(): Promise<{ invoiceId: string; customerId: string }> {
  const customer = await saveNewCustomer(stack.database.db, aCustomer());
  const plan = await saveNewPlan(stack.database.db, aPlan());
  const draft = draftInvoice({
    customerId: customer.id,
    period: NOV,
    terms: { planId: plan.id, currency: 'EUR', prices: plan.prices, minimumCommitment: '20.00' },
    usage: [],
  });
  await saveDraftInvoice(stack.database.db, draft);
  const finalized = await postJson(`${stack.api.url}/v1/invoices/${draft.invoiceId}/finalize`, {});
  expect([finalized.status, finalized.body.status]).toEqual([200, 'open']);
  return { invoiceId: draft.invoiceId, customerId: customer.id };
}

const pay = async (invoiceId: string, body: Record<string, string>) => {
  const paid = await postJson(`${stack.api.url}/v1/invoices/${invoiceId}/payments`, body);
  expect(paid.status).toEqual(201);
};

const list = (invoiceId: string, query = '', token?: string | null) =>
  getJson(`${stack.api.url}/v1/invoices/${invoiceId}/payments${query}`, token);

async function customerKey(customerId: string): Promise<string> {
  const issued = await postJson(`${stack.api.url}/v1/api-keys`, { kind: 'customer', customerId });
  expect(issued.status).toEqual(201);
  return issued.body.key as string;
}

test('the payments come in the order received, with amount, currency and reference, page by page', async () => {
  const { invoiceId } = await openInvoice();
  // Recorded out of order: the list follows receivedAt, and a tie in the instant goes by reference.
  await pay(invoiceId, { reference: 'wire-c', amount: '2.5', receivedAt: '2026-12-03T09:00:00Z' });
  await pay(invoiceId, { reference: 'wire-b', amount: '1.25', receivedAt: '2026-12-02T09:00:00Z' });
  await pay(invoiceId, { reference: 'wire-a', amount: '4', receivedAt: '2026-12-03T09:00:00Z' });

  const all = await list(invoiceId);
  expect(all.status).toEqual(200);
  expect(all.body).toEqual({
    payments: [
      {
        invoiceId,
        reference: 'wire-b',
        amount: '1.25',
        currency: 'EUR',
        receivedAt: '2026-12-02T09:00:00.000Z',
      },
      {
        invoiceId,
        reference: 'wire-a',
        amount: '4.00',
        currency: 'EUR',
        receivedAt: '2026-12-03T09:00:00.000Z',
      },
      {
        invoiceId,
        reference: 'wire-c',
        amount: '2.50',
        currency: 'EUR',
        receivedAt: '2026-12-03T09:00:00.000Z',
      },
    ],
    nextCursor: null,
  });
  // The invoice's amountPaid is the sum of the list: 1.25 + 4.00 + 2.50 = 7.75.
  expect((await getJson(`${stack.api.url}/v1/invoices/${invoiceId}`)).body.amountPaid).toEqual(
    '7.75',
  );

  const first = await list(invoiceId, '?limit=2');
  expect(first.body.payments.map((p: { reference: string }) => p.reference)).toEqual([
    'wire-b',
    'wire-a',
  ]);
  expect(first.body.nextCursor).toEqual(expect.any(String));
  const second = await list(invoiceId, `?limit=2&cursor=${first.body.nextCursor as string}`);
  expect([
    second.body.payments.map((p: { reference: string }) => p.reference),
    second.body.nextCursor,
  ]).toEqual([['wire-c'], null]);
});

test('an invoice without payments lists none; a bad cursor is 400 naming cursor; no invoice is 404', async () => {
  const { invoiceId } = await openInvoice();
  expect((await list(invoiceId)).body).toEqual({ payments: [], nextCursor: null });
  // A credit-note cursor (a number string key) is not a cursor of this list.
  const foreign = Buffer.from('["CN-1"]').toString('base64url');
  const bad = await list(invoiceId, `?cursor=${foreign}`);
  expect([bad.status, bad.body.error.code, bad.body.error.details[0].field]).toEqual([
    400,
    'invalid_request',
    'cursor',
  ]);
  const missing = await list('inv-nobody-1');
  expect([missing.status, missing.body.error.code]).toEqual([404, 'invoice_not_found']);
});

test("the invoice's customer sees its payments; another customer and a project key get 404", async () => {
  const mine = await openInvoice();
  const theirs = await openInvoice();
  await pay(mine.invoiceId, {
    reference: 'psp-1',
    amount: '20',
    receivedAt: '2026-12-05T10:00:00Z',
  });
  await pay(theirs.invoiceId, {
    reference: 'psp-2',
    amount: '3',
    receivedAt: '2026-12-05T10:00:00Z',
  });
  const myKey = await customerKey(mine.customerId);

  const own = await list(mine.invoiceId, '', myKey);
  expect([own.status, own.body.payments.map((p: { amount: string }) => p.amount)]).toEqual([
    200,
    ['20.00'],
  ]);
  const other = await list(theirs.invoiceId, '', myKey);
  expect([other.status, other.body.error.code]).toEqual([404, 'invoice_not_found']);
  expect(JSON.stringify(other.body)).not.toContain('psp-2');

  const project = await postJson(`${stack.api.url}/v1/customers/${mine.customerId}/projects`, {
    id: 'web',
    name: 'web',
  });
  expect(project.status).toEqual(201);
  const issued = await postJson(`${stack.api.url}/v1/api-keys`, {
    kind: 'project',
    customerId: mine.customerId,
    projectId: 'web',
  });
  expect(issued.status).toEqual(201);
  const byProject = await list(mine.invoiceId, '', issued.body.key as string);
  expect([byProject.status, byProject.body.error.code]).toEqual([404, 'invoice_not_found']);
  expect((await list(mine.invoiceId, '', null)).status).toEqual(401);
});
