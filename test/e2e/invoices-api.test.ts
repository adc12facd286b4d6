import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { RunningApi } from '../../api/server';
import { saveNewPlan } from '../../db/repositories/catalog.repository';
import { saveNewCustomer } from '../../db/repositories/customers.repository';
import { saveDraftInvoice } from '../../db/repositories/invoices.repository';
import { draftInvoice } from '../../domain/invoice';
import { aCustomer } from '../fixtures/builders';
import { aPlan } from '../fixtures/catalog';
import { getJson, postJson } from '../support/http';
import { createTestDatabase, type TestDatabase } from '../support/postgres';
import { startTestApi } from '../support/stack';
import { createDevServerEnv } from '../support/temporal';

let env: TestWorkflowEnvironment;
let database: TestDatabase;
let api: RunningApi;

beforeAll(async () => {
  [env, database] = await Promise.all([createDevServerEnv(), createTestDatabase()]);
  api = await startTestApi(env, database, 'e2e-invoices');
}, 120_000);

afterAll(async () => {
  await api?.close();
  await env?.teardown();
  await database?.drop();
});

const NOV = { startMs: Date.UTC(2026, 10, 1), endMs: Date.UTC(2026, 11, 1) };

test('a draft invoice is served with its lines, exact decimal totals and RFC 3339 period', async () => {
  const customer = await saveNewCustomer(database.db, aCustomer());
  const plan = await saveNewPlan(database.db, aPlan());
  const draft = draftInvoice({
    customerId: customer.id,
    period: NOV,
    terms: { planId: plan.id, currency: 'EUR', prices: plan.prices, minimumCommitment: '20.00' },
    usage: [
      {
        resourceId: 'vm-1',
        meter: 'compute.vm',
        dimensions: { flavor: 'm1.small', region: 'fra1' },
        seconds: '7200',
        quantitySeconds: '7200',
        quantity: '0',
        runs: [{ durationMs: 7_200_000, quantity: '1' }],
      },
    ],
  });
  await saveDraftInvoice(database.db, draft);

  const response = await getJson(`${api.url}/v1/invoices/${draft.invoiceId}`);
  expect(response.status).toEqual(200);
  // 2 h x 0.0066/h = 0.0132 -> 0.01; the 20.00 minimum commitment tops it up by 19.99.
  expect(response.body).toMatchObject({
    id: draft.invoiceId,
    customerId: customer.id,
    period: { start: '2026-11-01T00:00:00.000Z', end: '2026-12-01T00:00:00.000Z' },
    status: 'draft',
    currency: 'EUR',
    subtotal: '20.00',
    total: '20.00',
    amountDue: '20.00',
  });
  expect(
    response.body.lines.map((l: { lineId: string; amount: string }) => [l.lineId, l.amount]),
  ).toEqual([
    ['vm-small:[["flavor","m1.small"],["region","fra1"]]', '0.01'],
    ['minimum-commitment', '19.99'],
  ]);
  const list = await getJson(`${api.url}/v1/customers/${customer.id}/invoices`);
  expect(list.body.invoices.map((i: { id: string }) => i.id)).toEqual([draft.invoiceId]);
});

test('a draft finalized through the API gets a number and due date once', async () => {
  const customer = await saveNewCustomer(database.db, aCustomer());
  const plan = await saveNewPlan(database.db, aPlan());
  const draft = draftInvoice({
    customerId: customer.id,
    period: NOV,
    terms: { planId: plan.id, currency: 'EUR', prices: plan.prices, minimumCommitment: null },
    usage: [],
  });
  await saveDraftInvoice(database.db, draft);
  const first = await postJson(`${api.url}/v1/invoices/${draft.invoiceId}/finalize`, {});
  // Nothing is due on a zero invoice, so it is paid the moment it is final.
  expect([first.status, first.body.status, first.body.total]).toEqual([200, 'paid', '0.00']);
  expect(first.body.number).toMatch(/^INV-\d{4}-\d{6}$/);
  // Net 30 from the finalization instant.
  expect(Date.parse(first.body.dueAt) - Date.parse(first.body.finalizedAt)).toEqual(
    30 * 86_400_000,
  );
  const again = await postJson(`${api.url}/v1/invoices/${draft.invoiceId}/finalize`, {});
  expect(again.body).toEqual(first.body);
  expect((await postJson(`${api.url}/v1/invoices/inv-nobody-1/finalize`, {})).status).toEqual(404);
});

test('unknown invoices and customers are 404', async () => {
  expect((await getJson(`${api.url}/v1/invoices/inv-nobody-1`)).body.error.code).toEqual(
    'invoice_not_found',
  );
  expect((await getJson(`${api.url}/v1/invoices/a%00b`)).status).toEqual(404);
  expect((await getJson(`${api.url}/v1/customers/nobody/invoices`)).status).toEqual(404);
});

describe('payments and void', () => {
  /** A finalized invoice of 20.00 EUR (the plan's minimum commitment), ready for payments. */
  async function openInvoice(): Promise<string> {
    const customer = await saveNewCustomer(database.db, aCustomer());
    const plan = await saveNewPlan(database.db, aPlan());
    const draft = draftInvoice({
      customerId: customer.id,
      period: NOV,
      terms: { planId: plan.id, currency: 'EUR', prices: plan.prices, minimumCommitment: '20.00' },
      usage: [],
    });
    await saveDraftInvoice(database.db, draft);
    await postJson(`${api.url}/v1/invoices/${draft.invoiceId}/finalize`, {});
    return draft.invoiceId;
  }
  const pay = (id: string, body: unknown) =>
    postJson(`${api.url}/v1/invoices/${id}/payments`, body);
  const state = (r: { status: number; body: any }): unknown[] => [
    r.status,
    r.body.status,
    r.body.amountPaid,
    r.body.amountRemaining,
  ];

  test('partial, repeated, excessive and final payments', async () => {
    const id = await openInvoice();
    expect(state(await pay(id, { reference: 'bank-1', amount: '5.5' }))).toEqual([
      201,
      'partially_paid',
      '5.50',
      '14.50',
    ]);
    // The same reference again (a retried webhook) changes nothing.
    expect(state(await pay(id, { reference: 'bank-1', amount: '5.50' }))).toEqual([
      200,
      'partially_paid',
      '5.50',
      '14.50',
    ]);
    expect((await pay(id, { reference: 'bank-1', amount: '6' })).body.error.code).toEqual(
      'payment_exists',
    );
    const tooMuch = await pay(id, { reference: 'bank-2', amount: '14.51' });
    expect([tooMuch.status, tooMuch.body.error.details]).toEqual([
      400,
      [{ field: 'amount', message: 'at most 14.50 is due' }],
    ]);
    const subCent = await pay(id, { reference: 'bank-3', amount: '0.001' });
    expect([subCent.status, subCent.body.error.details[0].field]).toEqual([400, 'amount']);
    expect(state(await pay(id, { reference: 'bank-4', amount: '14.50' }))).toEqual([
      201,
      'paid',
      '20.00',
      '0.00',
    ]);
    expect((await postJson(`${api.url}/v1/invoices/${id}/void`, {})).body.error.code).toEqual(
      'invalid_invoice_state',
    );
  });

  test('a void invoice takes no payments; an unpaid one past its due date reads as overdue', async () => {
    const voided = await openInvoice();
    expect((await postJson(`${api.url}/v1/invoices/${voided}/void`, {})).body.status).toEqual(
      'void',
    );
    expect((await pay(voided, { reference: 'late', amount: '1' })).body.error.code).toEqual(
      'invalid_invoice_state',
    );

    const unpaid = await openInvoice();
    const later = await startTestApi(env, database, 'e2e-invoices', {
      now: () => Date.now() + 31 * 86_400_000,
    });
    try {
      expect((await getJson(`${later.url}/v1/invoices/${unpaid}`)).body.status).toEqual('overdue');
    } finally {
      await later.close();
    }
  });

  test('a payment with bad fields is rejected naming them', async () => {
    const id = await openInvoice();
    const response = await pay(id, {
      reference: '',
      amount: '-1',
      receivedAt: 'yesterday',
      extra: 1,
    });
    expect([
      response.status,
      response.body.error.details.map((d: { field: string }) => d.field),
    ]).toEqual([400, ['reference', 'amount', 'receivedAt', 'extra']]);
  });
});

describe('coupons, credits and credit notes', () => {
  test.each([
    [{ id: 'c1', kind: 'gift', duration: 'once' }, 'kind'],
    [{ id: 'c1', kind: 'percentage', percentage: '101', duration: 'once' }, 'percentage'],
    [{ id: 'c1', kind: 'percentage', percentage: '10', duration: 'repeating' }, 'durationPeriods'],
    [
      { id: 'c1', kind: 'percentage', percentage: '10', duration: 'once', durationPeriods: 2 },
      'durationPeriods',
    ],
    [
      { id: 'c1', kind: 'fixed_amount', amount: '1.001', currency: 'EUR', duration: 'once' },
      'amount',
    ],
    [
      { id: 'c1', kind: 'fixed_amount', amount: '5', currency: 'XXY', duration: 'once' },
      'currency',
    ],
  ])('a coupon %j is refused naming %s, and nothing is kept', async (body, field) => {
    const response = await postJson(`${api.url}/v1/coupons`, body);
    expect([response.status, response.body.error.details[0].field]).toEqual([400, field]);
    expect((await getJson(`${api.url}/v1/coupons/c1`)).status).toEqual(404);
  });

  test('credit grants are idempotent by id and validated in the customer currency', async () => {
    const customer = await saveNewCustomer(database.db, aCustomer({ currency: 'JPY' }));
    const url = `${api.url}/v1/customers/${customer.id}/credit-grants`;
    const refused = await postJson(url, { id: 'g1', amount: '10.5' });
    expect([refused.status, refused.body.error.details[0].field]).toEqual([400, 'amount']);
    expect((await postJson(url, { id: 'g1', amount: '1000' })).status).toEqual(201);
    expect((await postJson(url, { id: 'g1', amount: '1000' })).status).toEqual(200);
    expect((await postJson(url, { id: 'g1', amount: '999' })).status).toEqual(409);
    const credits = await getJson(`${api.url}/v1/customers/${customer.id}/credits`);
    expect([credits.body.balance, credits.body.entries.length]).toEqual(['1000', 1]);
  });

  test('a partial credit note, then a full one for the rest; the invoice ends paid', async () => {
    const customer = await saveNewCustomer(database.db, aCustomer());
    const plan = await saveNewPlan(database.db, aPlan());
    const draft = draftInvoice({
      customerId: customer.id,
      period: NOV,
      terms: { planId: plan.id, currency: 'EUR', prices: plan.prices, minimumCommitment: '20.00' },
      usage: [],
    });
    await saveDraftInvoice(database.db, draft);
    const id = draft.invoiceId;
    const tooEarly = await postJson(`${api.url}/v1/invoices/${id}/credit-notes`, {
      id: 'cn-early',
      reason: 'x',
    });
    expect([tooEarly.status, tooEarly.body.error.code]).toEqual([409, 'invalid_invoice_state']);
    expect((await postJson(`${api.url}/v1/invoices/${id}/finalize`, {})).status).toEqual(200);
    const [line] = draft.lines;
    const over = await postJson(`${api.url}/v1/invoices/${id}/credit-notes`, {
      id: 'cn-1',
      reason: 'Outage',
      lines: [{ lineId: line?.lineId, amount: '20.01' }],
    });
    expect([over.status, over.body.error.details[0].field]).toEqual([400, 'lines[0].amount']);
    const partial = await postJson(`${api.url}/v1/invoices/${id}/credit-notes`, {
      id: 'cn-1',
      reason: 'Outage',
      lines: [{ lineId: line?.lineId, amount: '5.00' }],
    });
    expect([partial.status, partial.body.total, partial.body.appliedToInvoice]).toEqual([
      201,
      '5.00',
      '5.00',
    ]);
    expect((await getJson(`${api.url}/v1/invoices/${id}`)).body).toMatchObject({
      status: 'open',
      amountCredited: '5.00',
      amountRemaining: '15.00',
    });
    const rest = await postJson(`${api.url}/v1/invoices/${id}/credit-notes`, {
      id: 'cn-2',
      reason: 'Goodwill',
    });
    expect([rest.status, rest.body.total, rest.body.number]).toEqual([
      201,
      '15.00',
      expect.stringMatching(/^CN-\d{4}-\d{6}$/),
    ]);
    const invoice = (await getJson(`${api.url}/v1/invoices/${id}`)).body;
    expect([invoice.status, invoice.amountRemaining]).toEqual(['paid', '0.00']);
    const listed = await getJson(`${api.url}/v1/invoices/${id}/credit-notes`);
    expect(listed.body.creditNotes.map((n: { id: string }) => n.id)).toEqual(['cn-1', 'cn-2']);
    expect((await getJson(`${api.url}/v1/credit-notes/cn-2`)).body.invoiceId).toEqual(id);
  });
});
