import { hashApiKey } from '../../adapters/api-key-crypto';
import { openApiDocument } from '../../api/openapi';
import type { RunningApi } from '../../api/server';
import { loadApiKeyByHash } from '../../db/repositories/api-keys.repository';
import { saveNewPlan } from '../../db/repositories/catalog.repository';
import { saveDraftInvoice } from '../../db/repositories/invoices.repository';
import { draftInvoice } from '../../domain/invoice';
import { uniqueId } from '../fixtures/builders';
import { aPlan } from '../fixtures/catalog';
import { CSRF_COOKIE, SESSION_COOKIE } from '../../domain/portal/cookies';
import { signToken } from '../../domain/portal/session-token';
import { portalSettings } from '../../runtime/portal-settings';
import { portalMac } from '../../services/portal-tokens';
import { authHeaders, getJson, postJson } from '../support/http';
import type { TestDatabase } from '../support/postgres';
import { startTestStack, testConfig, type TestStack } from '../support/stack';

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
  ['GET', () => `/v1/invoices/${myInvoice}/payments`],
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
  ['POST', () => `/v1/customers/${mine}/portal-sessions`, {}],
  ['GET', () => '/v1/portal/me'],
  ['GET', () => `/v1/customers/${mine}/usage/stream`],
  ['GET', () => '/v1/operator/customers'],
  ['GET', () => `/v1/customers/${mine}/overview`],
  ['GET', () => `/v1/customers/${mine}/usage/timeseries`],
  ['GET', () => `/v1/customers/${mine}/usage/timeseries.csv`],
  ['GET', () => `/v1/customers/${mine}/meters`],
  ['GET', () => `/v1/customers/${mine}/resources`],
  ['GET', () => `/v1/customers/${mine}/resources/vm-1/runs`],
  ['POST', () => `/v1/customers/${mine}/projects`, {}],
  ['GET', () => `/v1/customers/${mine}/projects`],
  ['GET', () => `/v1/customers/${mine}/projects/web`],
  ['POST', () => `/v1/customers/${mine}/budgets`, {}],
  ['GET', () => `/v1/customers/${mine}/budgets`],
  ['GET', () => `/v1/customers/${mine}/budgets/any`],
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
    `/v1/invoices/${myInvoice}/payments`,
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
    [`/v1/invoices/${theirInvoice}/payments`, 'invoice_not_found'],
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

/** Every change, and the reads of the platform's own catalogue and admin data. */
function isOperatorOnly([method, path]: Call): boolean {
  return (
    method !== 'GET' ||
    ['/v1/plans', '/v1/coupons', '/v1/webhook-endpoints', '/v1/exports', '/v1/operator'].some(
      (prefix) => path().startsWith(prefix),
    )
  );
}

test('a customer key cannot use platform or admin endpoints (403)', async () => {
  const operatorOnly = endpoints.filter(isOperatorOnly);
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

// The portal's session cookie stands in for a key, with the same rules (api/auth.ts).
const portal = portalSettings(testConfig('e2e-auth'), { embedded: false });

/** A portal session of `customerId`, opened through an operator's link: the Cookie header and CSRF token. */
async function sessionOf(customerId: string): Promise<{ cookie: string; csrf: string }> {
  const link = await postJson(`${api.url}/v1/customers/${customerId}/portal-sessions`, {});
  expect(link.status).toEqual(201);
  const { pathname, search } = new URL(link.body.url as string);
  const opened = await fetch(`${api.url}${pathname}${search}`, { redirect: 'manual' });
  expect(opened.status).toEqual(303);
  const pairs = opened.headers.getSetCookie().map((cookie) => cookie.split(';')[0] as string);
  const csrf = pairs.find((pair) => pair.startsWith(`${CSRF_COOKIE}=`))!.split('=')[1]!;
  return { cookie: pairs.join('; '), csrf };
}

/** The same call with `mine` and `myInvoice` swapped for the other customer's. */
const ofTheirs = ([method, path, body]: Call): Call => [
  method,
  () => path().replaceAll(myInvoice, theirInvoice).replaceAll(mine, theirs),
  body,
];
const namesMine = ([, path]: Call): boolean => path().includes(mine) || path().includes(myInvoice);

test.each(endpoints)(
  '%s %p refuses an expired or forged session cookie (401)',
  async (...endpoint) => {
    const claims = {
      principal: { kind: 'customer' as const, customerId: mine },
      purpose: 'session' as const,
      next: null,
      keyId: null,
    };
    const expired = signToken({ ...claims, expiresAtMs: Date.now() - 1 }, portal.mac);
    expect(await call(endpoint, null, { cookie: `${SESSION_COOKIE}=${expired}` })).toEqual({
      status: 401,
      code: 'session_expired',
    });
    const forged = signToken(
      { ...claims, principal: { kind: 'operator' }, expiresAtMs: Date.now() + 60_000 },
      portalMac('not-the-portal-secret-0123456789abcdef'),
    );
    expect(await call(endpoint, null, { cookie: `${SESSION_COOKIE}=${forged}` })).toEqual({
      status: 401,
      code: 'unauthenticated',
    });
  },
);

test("a customer session gets 404 for every customer-scoped read of another customer's ids", async () => {
  const { cookie } = await sessionOf(mine);
  const reads = endpoints.filter((e) => !isOperatorOnly(e) && namesMine(e));
  expect(reads.length).toBeGreaterThan(10);
  for (const endpoint of reads.map(ofTheirs)) {
    const answer = await call(endpoint, null, { cookie });
    expect([endpoint[1](), answer.status]).toEqual([endpoint[1](), 404]);
    expect(answer.code).toMatch(/_not_found$/);
  }
  // Its own data answers as it does to the customer's key (the stream aside: it stays open).
  for (const endpoint of reads.filter(([, path]) => !path().endsWith('/stream'))) {
    const withCookie = await fetch(`${api.url}${endpoint[1]()}`, { headers: { cookie } });
    const withKey = await fetch(`${api.url}${endpoint[1]()}`, { headers: authHeaders(myKey) });
    expect([endpoint[1](), withCookie.status]).toEqual([endpoint[1](), withKey.status]);
    expect([endpoint[1](), withCookie.status]).not.toEqual([endpoint[1](), 401]);
  }
});

test('a customer session cannot use operator endpoints (403), and changes need the CSRF header', async () => {
  const { cookie, csrf } = await sessionOf(mine);
  for (const endpoint of endpoints.filter(isOperatorOnly)) {
    const [method, path] = endpoint;
    if (method !== 'GET') {
      expect([path(), await call(endpoint, null, { cookie })]).toEqual([
        path(),
        { status: 403, code: 'csrf_failed' },
      ]);
    }
    expect([path(), await call(endpoint, null, { cookie, 'x-csrf-token': csrf })]).toEqual([
      path(),
      { status: 403, code: 'forbidden' },
    ]);
  }
});

// A project key (kind "project") is a customer key confined to one project: it reads its
// project's parts and nothing else of the customer (deny by default: domain/principal.ts).
describe('project keys', () => {
  let webKey: string;
  /** What a project key may read: its project, and its section of the invoices. */
  const allowed = (path: string) =>
    [
      `/v1/customers/${mine}/projects`,
      `/v1/customers/${mine}/projects/web`,
      `/v1/customers/${mine}/invoices`,
      `/v1/invoices/${myInvoice}`,
      `/v1/customers/${mine}/budgets`,
      `/v1/customers/${mine}/budgets/any`,
      // Usage analytics, narrowed to its project (usage-projects.test.ts has the figures).
      `/v1/customers/${mine}/usage/timeseries`,
      `/v1/customers/${mine}/usage/timeseries.csv`,
      `/v1/customers/${mine}/meters`,
      `/v1/customers/${mine}/resources`,
      // Live usage, narrowed to its project (live-usage-projects.test.ts has the figures);
      // the stream only says that a batch of the account arrived.
      `/v1/customers/${mine}/usage`,
      `/v1/customers/${mine}/usage/stream`,
    ].includes(path);

  beforeAll(async () => {
    for (const id of ['web', 'data']) {
      const created = await postJson(`${api.url}/v1/customers/${mine}/projects`, { id, name: id });
      expect(created.status).toEqual(201);
    }
    const issued = await postJson(`${api.url}/v1/api-keys`, {
      kind: 'project',
      customerId: mine,
      projectId: 'web',
    });
    expect([
      issued.status,
      issued.body.kind,
      issued.body.customerId,
      issued.body.projectId,
    ]).toEqual([201, 'project', mine, 'web']);
    webKey = issued.body.key as string;
  });

  test('a project key gets 404 for every customer-scoped read but its own parts', async () => {
    const reads = endpoints.filter((e) => !isOperatorOnly(e) && namesMine(e) && !allowed(e[1]()));
    expect(reads.length).toBeGreaterThan(10);
    for (const endpoint of reads) {
      const answer = await call(endpoint, webKey);
      expect([endpoint[1](), answer.status]).toEqual([endpoint[1](), 404]);
      expect(answer.code).toMatch(/_not_found$/);
    }
    for (const endpoint of endpoints
      .filter((e) => !isOperatorOnly(e) && namesMine(e))
      .map(ofTheirs)) {
      expect([endpoint[1](), (await call(endpoint, webKey)).status]).toEqual([endpoint[1](), 404]);
    }
  });

  test('a project key reads its project and its section of an invoice only', async () => {
    const projects = await getJson(`${api.url}/v1/customers/${mine}/projects`, webKey);
    expect(projects.body.data.map((p: { id: string }) => p.id)).toEqual(['web']);
    const other = await getJson(`${api.url}/v1/customers/${mine}/projects/data`, webKey);
    expect([other.status, other.body.error.code]).toEqual([404, 'project_not_found']);
    const invoice = await getJson(`${api.url}/v1/invoices/${myInvoice}`, webKey);
    expect(invoice.status).toEqual(200);
    expect([invoice.body.lines, invoice.body.lineTotals, invoice.body.projects]).toEqual([
      [],
      [],
      [],
    ]);
    const list = await getJson(`${api.url}/v1/customers/${mine}/invoices`, webKey);
    expect(list.status).toEqual(200);
  });

  test("a project key sees its project's budgets only", async () => {
    for (const [id, projectId] of [
      ['acct', undefined],
      ['web-b', 'web'],
      ['data-b', 'data'],
    ] as const) {
      const created = await postJson(`${api.url}/v1/customers/${mine}/budgets`, {
        id,
        ...(projectId === undefined ? {} : { projectId }),
        amount: '100.00',
        thresholds: [80, 100],
        basis: 'accrued',
      });
      expect(created.status).toEqual(201);
    }
    const ids = async (key: string): Promise<string[]> =>
      (
        await getJson<{ data: { id: string }[] }>(`${api.url}/v1/customers/${mine}/budgets`, key)
      ).body.data.map((b: { id: string }) => b.id);
    expect(await ids(webKey)).toEqual(['web-b']);
    expect(await ids(myKey)).toEqual(['acct', 'data-b', 'web-b']);
    const other = await getJson(`${api.url}/v1/customers/${mine}/budgets/data-b`, webKey);
    expect([other.status, other.body.error.code]).toEqual([404, 'budget_not_found']);
  });

  test('a project key reads usage analytics of its own project only', async () => {
    const usage = [
      `/v1/customers/${mine}/usage/timeseries`,
      `/v1/customers/${mine}/meters`,
      `/v1/customers/${mine}/resources`,
    ];
    for (const path of usage) {
      expect([path, (await getJson(`${api.url}${path}`, webKey)).status]).toEqual([path, 200]);
      const other = await getJson(`${api.url}${path}?projectId=data`, webKey);
      expect([path, other.status, other.body.error.code]).toEqual([path, 404, 'project_not_found']);
      const account = await getJson(`${api.url}${path}?projectId=data`, myKey);
      expect([path, account.status]).toEqual([path, 200]);
    }
    const csv = await fetch(`${api.url}/v1/customers/${mine}/usage/timeseries.csv`, {
      headers: authHeaders(webKey),
    });
    expect(csv.status).toEqual(200);
  });

  test('a project key signs in to the portal as its project of the customer', async () => {
    const me = await getJson(`${api.url}/v1/portal/me`, webKey);
    expect([me.status, me.body.principal, me.body.customer?.id]).toEqual([
      200,
      { kind: 'customer', customerId: mine, projectId: 'web' },
      mine,
    ]);
  });

  test('a project key cannot use operator endpoints (403)', async () => {
    for (const endpoint of endpoints.filter(isOperatorOnly)) {
      expect([endpoint[1](), await call(endpoint, webKey)]).toEqual([
        endpoint[1](),
        { status: 403, code: 'forbidden' },
      ]);
    }
  });
});
