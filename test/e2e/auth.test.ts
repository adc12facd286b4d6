import { hashApiKey } from '../../adapters/api-key-crypto';
import { openApiDocument } from '../../api/openapi';
import type { RunningApi } from '../../api/server';
import { loadApiKeyByHash } from '../../db/repositories/api-keys.repository';
import { saveNewPlan } from '../../db/repositories/catalog.repository';
import { saveDraftInvoice } from '../../db/repositories/invoices.repository';
import { draftInvoice } from '../../domain/invoice';
import { uniqueId } from '../fixtures/builders';
import { aPlan } from '../fixtures/catalog';
import { authHeaders, getJson, postJson } from '../support/http';
import type { TestDatabase } from '../support/postgres';
import { startTestStack, type TestStack } from '../support/stack';

let database: TestDatabase;
let api: RunningApi;
const mine = uniqueId('cus-mine');
const theirs = uniqueId('cus-theirs');
let myKey: string;
let myInvoice: string;
let theirInvoice: string;

async function createCustomer(id: string): Promise<void> {
  const response = await postJson(`${api.url}/v1/customers`, {
    id,
    name: id,
    email: `${id}@example.com`,
    currency: 'EUR',
    timezone: 'UTC',
    billingSchedule: 'monthly',
  });
  expect(response.status).toEqual(201);
}

async function draftFor(customerId: string): Promise<string> {
  const plan = await saveNewPlan(database.db, aPlan());
  const draft = draftInvoice({
    customerId,
    period: { startMs: Date.UTC(2026, 9, 1), endMs: Date.UTC(2026, 10, 1) },
    terms: { planId: plan.id, currency: 'EUR', prices: plan.prices, minimumCommitment: null },
    usage: [],
  });
  await saveDraftInvoice(database.db, draft);
  return draft.invoiceId;
}

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack('e2e-auth');
  ({ database, api } = stack);
  await createCustomer(mine);
  await createCustomer(theirs);
  const issued = await postJson(`${api.url}/v1/api-keys`, { kind: 'customer', customerId: mine });
  expect([issued.status, issued.body.kind, issued.body.customerId]).toEqual([
    201,
    'customer',
    mine,
  ]);
  myKey = issued.body.key as string;
  myInvoice = await draftFor(mine);
  theirInvoice = await draftFor(theirs);
}, 120_000);

afterAll(() => stack?.stop());

type Call = [
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  path: () => string,
  body?: unknown,
];
// Every endpoint but /healthz and /openapi.json.
const endpoints: Call[] = [
  ['POST', () => '/v1/customers', {}],
  ['GET', () => `/v1/customers/${mine}`],
  ['GET', () => `/v1/customers/${mine}/usage`],
  ['GET', () => `/v1/customers/${mine}/invoices`],
  ['GET', () => `/v1/customers/${mine}/subscriptions`],
  ['POST', () => `/v1/customers/${mine}/subscriptions`, {}],
  ['POST', () => '/v1/events', {}],
  ['POST', () => '/v1/plans', {}],
  ['GET', () => '/v1/plans'],
  ['GET', () => '/v1/plans/any'],
  ['GET', () => `/v1/invoices/${myInvoice}`],
  ['POST', () => `/v1/invoices/${myInvoice}/finalize`, {}],
  ['POST', () => `/v1/invoices/${myInvoice}/payments`, {}],
  ['POST', () => `/v1/invoices/${myInvoice}/void`, {}],
  ['POST', () => '/v1/api-keys', {}],
  ['GET', () => `/v1/customers/${mine}/tax-rates`],
  ['PUT', () => `/v1/customers/${mine}/tax-rates`, {}],
  ['GET', () => `/v1/customers/${mine}/invoice-preview`],
  ['POST', () => '/v1/coupons', {}],
  ['GET', () => '/v1/coupons'],
  ['GET', () => '/v1/coupons/any'],
  ['POST', () => `/v1/customers/${mine}/coupons`, {}],
  ['GET', () => `/v1/customers/${mine}/coupons`],
  ['POST', () => `/v1/customers/${mine}/credit-grants`, {}],
  ['GET', () => `/v1/customers/${mine}/credits`],
  ['POST', () => `/v1/invoices/${myInvoice}/credit-notes`, {}],
  ['GET', () => `/v1/invoices/${myInvoice}/credit-notes`],
  ['GET', () => '/v1/credit-notes/any'],
  ['GET', () => `/v1/invoices/${myInvoice}/pdf`],
  ['GET', () => `/v1/invoices/${myInvoice}/html`],
  ['GET', () => `/v1/invoices/${myInvoice}/ubl`],
  ['GET', () => '/v1/credit-notes/any/pdf'],
  ['POST', () => '/v1/webhook-endpoints', {}],
  ['GET', () => '/v1/webhook-endpoints'],
  ['GET', () => '/v1/webhook-endpoints/any/deliveries'],
  ['GET', () => '/v1/exports/invoices.csv'],
  ['GET', () => '/v1/exports/invoice-lines.csv'],
  ['GET', () => '/v1/api-keys'],
  ['DELETE', () => '/v1/api-keys/any'],
  ['GET', () => '/v1/webhook-endpoints/any'],
  ['PATCH', () => '/v1/webhook-endpoints/any', {}],
  ['DELETE', () => '/v1/webhook-endpoints/any'],
  ['GET', () => '/v1/credit-notes/any/html'],
  ['GET', () => '/v1/credit-notes/any/ubl'],
  ['GET', () => '/metrics'],
];

test('the table names every operation the OpenAPI document says needs a key', () => {
  const listed = endpoints.map(([method, path]) => `${method} ${path()}`);
  const secured = Object.entries(openApiDocument.paths).flatMap(([template, operations]) =>
    Object.entries(operations)
      .filter(([, operation]) => (operation.security as unknown[]).length > 0)
      .map(([method]) => ({
        name: `${method.toUpperCase()} ${template}`,
        pattern: new RegExp(`^${method.toUpperCase()} ${template.replace(/\{[^}]+\}/g, '[^/]+')}$`),
      })),
  );
  const missing = secured.filter(({ pattern }) => !listed.some((call) => pattern.test(call)));
  expect(missing.map(({ name }) => name)).toEqual([]);
});

async function call(
  [method, path, body]: Call,
  token: string | null,
  headers: Record<string, string> = {},
) {
  const response = await fetch(`${api.url}${path()}`, {
    method,
    headers: { 'content-type': 'application/json', ...authHeaders(token), ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return {
    status: response.status,
    code: ((await response.json()) as any).error?.code as string | undefined,
  };
}

test.each(endpoints)('%s %p refuses a call without a valid key (401)', async (...endpoint) => {
  expect(await call(endpoint, null)).toEqual({ status: 401, code: 'unauthenticated' });
  expect(await call(endpoint, 'not-a-key-0123456789abcdef')).toEqual({
    status: 401,
    code: 'unauthenticated',
  });
  expect(await call(endpoint, null, { authorization: 'Basic abc' })).toEqual({
    status: 401,
    code: 'unauthenticated',
  });
});

test('a customer key reads its own customer, usage, invoices and subscriptions', async () => {
  for (const path of [
    `/v1/customers/${mine}/tax-rates`,
    `/v1/customers/${mine}`,
    `/v1/customers/${mine}/usage`,
    `/v1/customers/${mine}/invoices`,
    `/v1/customers/${mine}/subscriptions`,
    `/v1/invoices/${myInvoice}`,
    `/v1/customers/${mine}/coupons`,
    `/v1/customers/${mine}/credits`,
    `/v1/invoices/${myInvoice}/credit-notes`,
  ]) {
    expect([path, (await getJson(`${api.url}${path}`, myKey)).status]).toEqual([path, 200]);
  }
});

test("a customer key gets 404 for another customer's data, so ids do not leak", async () => {
  // prettier-ignore
  const cases: [string, string][] = [
    [`/v1/customers/${theirs}`, 'customer_not_found'],
    [`/v1/customers/${theirs}/usage`, 'customer_not_found'],
    [`/v1/customers/${theirs}/invoices`, 'customer_not_found'],
    [`/v1/customers/${theirs}/subscriptions`, 'customer_not_found'],
    [`/v1/invoices/${theirInvoice}`, 'invoice_not_found'],
    [`/v1/customers/${theirs}/tax-rates`, 'customer_not_found'],
    [`/v1/customers/${theirs}/invoice-preview`, 'customer_not_found'],
    [`/v1/customers/${theirs}/coupons`, 'customer_not_found'],
    [`/v1/customers/${theirs}/credits`, 'customer_not_found'],
    [`/v1/invoices/${theirInvoice}/credit-notes`, 'invoice_not_found'],
    [`/v1/invoices/${theirInvoice}/pdf`, 'invoice_not_found'],
    [`/v1/invoices/${theirInvoice}/ubl`, 'invoice_not_found'],
    // Exactly what a customer that does not exist at all gets.
    ['/v1/customers/nobody-at-all', 'customer_not_found'],
  ];
  for (const [path, code] of cases) {
    const response = await getJson(`${api.url}${path}`, myKey);
    expect([path, response.status, response.body.error.code]).toEqual([path, 404, code]);
  }
});

test('a customer key cannot use platform or admin endpoints (403)', async () => {
  const operatorOnly = endpoints.filter(
    ([method, path]) =>
      method !== 'GET' ||
      ['/v1/plans', '/v1/coupons', '/v1/webhook-endpoints', '/v1/exports'].some((prefix) =>
        path().startsWith(prefix),
      ),
  );
  for (const endpoint of operatorOnly) {
    expect([endpoint[1](), await call(endpoint, myKey)]).toEqual([
      endpoint[1](),
      { status: 403, code: 'forbidden' },
    ]);
  }
});

test('health and the OpenAPI document stay public; issued keys are stored only as hashes', async () => {
  expect((await getJson(`${api.url}/healthz`, null)).status).toEqual(200);
  expect((await getJson(`${api.url}/openapi.json`, null)).status).toEqual(200);
  const operator = await postJson(`${api.url}/v1/api-keys`, { kind: 'operator' });
  expect(operator.status).toEqual(201);
  expect((await getJson(`${api.url}/v1/plans`, operator.body.key)).status).toEqual(200);
  // The database knows the key only by its hash.
  expect(await loadApiKeyByHash(database.db, operator.body.key)).toBeNull();
  expect(await loadApiKeyByHash(database.db, hashApiKey(operator.body.key))).toEqual({
    kind: 'operator',
    customerId: null,
  });
});
