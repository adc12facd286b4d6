import pino from 'pino';
import type { RunningApi } from '../../api/server';
import { CSRF_COOKIE, SESSION_COOKIE } from '../../domain/portal/cookies';
import { signToken, type TokenClaims } from '../../domain/portal/session-token';
import { portalSettings } from '../../runtime/portal-settings';
import { invoicePortalLink } from '../../services/portal-links';
import { portalMac } from '../../services/portal-tokens';
import { uniqueId } from '../fixtures/builders';
import { getJson, postJson, TEST_OPERATOR_KEY } from '../support/http';
import { startApi } from '../../runtime/start-api';
import { createTestRuntime, startTestStack, testConfig, type TestStack } from '../support/stack';

const QUEUE = 'e2e-portal-access';
// The stack's portal secret: derived from the test operator key, as in every test process.
const portal = portalSettings(testConfig(QUEUE), { embedded: false });
const logLines: string[] = [];
let stack: TestStack;
let api: RunningApi;
const mine = uniqueId('cus-portal-a');
const theirs = uniqueId('cus-portal-b');

async function createCustomer(id: string): Promise<void> {
  const response = await postJson(`${api.url}/v1/customers`, {
    id,
    name: `Name of ${id}`,
    email: `${id}@example.com`,
    currency: 'EUR',
    timezone: 'Europe/Berlin',
    billingSchedule: 'monthly',
    locale: 'de-DE',
  });
  expect(response.status).toEqual(201);
}

beforeAll(async () => {
  const logger = pino({ level: 'debug' }, { write: (line: string) => void logLines.push(line) });
  stack = await startTestStack(QUEUE, { logger });
  api = stack.api;
  await createCustomer(mine);
  await createCustomer(theirs);
}, 120_000);

afterAll(() => stack?.stop());

/** The path and query of an absolute link, on the test API (PUBLIC_BASE_URL is not its port). */
const onApi = (url: string): string => {
  const parsed = new URL(url);
  return `${api.url}${parsed.pathname}${parsed.search}`;
};

async function openLink(url: string, accept = 'application/json') {
  const response = await fetch(onApi(url), { redirect: 'manual', headers: { accept } });
  return {
    status: response.status,
    location: response.headers.get('location'),
    setCookies: response.headers.getSetCookie(),
    body: await response.text(),
  };
}

/** The `name=value` pairs a response set, as a Cookie header. */
const cookieHeader = (setCookies: string[]): string =>
  setCookies.map((cookie) => cookie.split(';')[0]).join('; ');

const cookieValue = (setCookies: string[], name: string): string =>
  (setCookies.find((c) => c.startsWith(`${name}=`)) ?? '').split(';')[0]!.slice(name.length + 1);

async function linkFor(
  customerId: string,
  body?: unknown,
): Promise<{ url: string; expiresAt: string }> {
  const response = await fetch(`${api.url}/v1/customers/${customerId}/portal-sessions`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${TEST_OPERATOR_KEY}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  expect([response.status, response.headers.get('cache-control')]).toEqual([201, 'no-store']);
  return (await response.json()) as { url: string; expiresAt: string };
}

async function sessionOf(customerId: string): Promise<string[]> {
  const opened = await openLink((await linkFor(customerId)).url);
  expect(opened.status).toEqual(303);
  return opened.setCookies;
}

async function withCookies(
  path: string,
  setCookies: string[],
  init: { method?: string; csrf?: string; body?: unknown } = {},
) {
  const response = await fetch(`${api.url}${path}`, {
    method: init.method ?? 'GET',
    headers: {
      cookie: cookieHeader(setCookies),
      ...(init.csrf === undefined ? {} : { 'x-csrf-token': init.csrf }),
      ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text === '' ? null : JSON.parse(text) };
}

const signed = (claims: Partial<TokenClaims>): string =>
  signToken(
    {
      principal: { kind: 'customer', customerId: mine },
      purpose: 'link',
      expiresAtMs: Date.now() + 60_000,
      next: null,
      keyId: null,
      ...claims,
    },
    portal.mac,
  );

test('an operator link opens the portal as that customer: cookies, 303, then /v1/portal/me', async () => {
  const before = Date.now();
  const link = await linkFor(mine);
  expect(link.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/portal\/login\?token=v1\.[\w-]+\.[\w-]+$/);
  // Default lifetime: PORTAL_SESSION_TTL_SECONDS, 1 h.
  const expiresInMs = Date.parse(link.expiresAt) - before;
  expect(expiresInMs).toBeGreaterThan(3_600_000 - 60_000);
  expect(expiresInMs).toBeLessThanOrEqual(3_600_000 + 1_000);

  const opened = await openLink(link.url);
  expect([opened.status, opened.location]).toEqual([303, '/portal/']);
  const session = opened.setCookies.find((c) => c.startsWith(`${SESSION_COOKIE}=`));
  const csrf = opened.setCookies.find((c) => c.startsWith(`${CSRF_COOKIE}=`));
  expect(session).toMatch(/; Path=\/; SameSite=Lax; HttpOnly$/);
  expect(csrf).toMatch(/; Path=\/; SameSite=Lax$/);

  const me = await withCookies('/v1/portal/me', opened.setCookies);
  expect(me.status).toEqual(200);
  expect(me.body).toEqual({
    principal: { kind: 'customer', customerId: mine },
    customer: {
      id: mine,
      name: `Name of ${mine}`,
      currency: 'EUR',
      locale: 'de-DE',
      timeZone: 'Europe/Berlin',
    },
    expiresAt: expect.any(String),
    temporalUiUrl: null,
  });
  // The session's own lifetime (1 h from sign-in), not the link's.
  expect(Date.parse(me.body.expiresAt)).toBeGreaterThanOrEqual(before + 3_600_000 - 1_000);
  // And the customer's data with the cookie alone.
  expect((await withCookies(`/v1/customers/${mine}`, opened.setCookies)).status).toEqual(200);
});

test('a link lands on its `next` path; a link asks for a path under /portal/ only', async () => {
  const link = await linkFor(mine, { next: '/portal/invoices/inv-1', ttlSeconds: 120 });
  expect((await openLink(link.url)).location).toEqual('/portal/invoices/inv-1');
  for (const body of [
    { next: 'https://evil.example/' },
    { next: '/portal//evil.example' },
    { ttlSeconds: 5 },
  ]) {
    const response = await postJson(`${api.url}/v1/customers/${mine}/portal-sessions`, body);
    expect([response.status, response.body.error.code]).toEqual([400, 'invalid_request']);
  }
});

test('only an operator makes links, and only for a customer that exists', async () => {
  const missing = await postJson(`${api.url}/v1/customers/nobody-here/portal-sessions`, {});
  expect([missing.status, missing.body.error.code]).toEqual([404, 'customer_not_found']);
  const cookies = await sessionOf(mine);
  const csrf = cookieValue(cookies, CSRF_COOKIE);
  const asCustomer = await withCookies(`/v1/customers/${mine}/portal-sessions`, cookies, {
    method: 'POST',
    csrf,
    body: {},
  });
  expect([asCustomer.status, asCustomer.body.error.code]).toEqual([403, 'forbidden']);
});

test('an expired link and an expired session answer 401 session_expired', async () => {
  const expiredLink = signed({ expiresAtMs: Date.now() - 1 });
  const opened = await openLink(`http://x/portal/login?token=${expiredLink}`);
  expect([opened.status, JSON.parse(opened.body).error.code, opened.setCookies]).toEqual([
    401,
    'session_expired',
    [],
  ]);
  // A browser gets a page that says so and leads to the sign-in.
  const page = await openLink(`http://x/portal/login?token=${expiredLink}`, 'text/html');
  expect(page.status).toEqual(401);
  expect(page.body).toContain('data-error-code="session_expired"');
  expect(page.body).toContain('href="/portal/"');

  const expiredSession = signed({ purpose: 'session', expiresAtMs: Date.now() - 1 });
  const me = await withCookies('/v1/portal/me', [`${SESSION_COOKIE}=${expiredSession}`]);
  expect([me.status, me.body.error.code]).toEqual([401, 'session_expired']);
  const usage = await withCookies(`/v1/customers/${mine}`, [`${SESSION_COOKIE}=${expiredSession}`]);
  expect([usage.status, usage.body.error.code]).toEqual([401, 'session_expired']);
});

test('a forged, tampered or link-purpose cookie is unauthenticated', async () => {
  const good = await sessionOf(mine);
  const token = cookieValue(good, SESSION_COOKIE);
  const forgedOperator = signToken(
    {
      principal: { kind: 'operator' },
      purpose: 'session',
      expiresAtMs: Date.now() + 60_000,
      next: null,
      keyId: null,
    },
    portalMac('another-secret-0123456789abcdef-0123456789'),
  );
  for (const value of [
    `${token.slice(0, -2)}AA`,
    forgedOperator,
    signed({}), // a link is not a session
    'garbage',
  ]) {
    const me = await withCookies('/v1/portal/me', [`${SESSION_COOKIE}=${value}`]);
    expect([value, me.status, me.body.error.code]).toEqual([value, 401, 'unauthenticated']);
  }
  // No cookie and no key: as before.
  const none = await getJson(`${api.url}/v1/portal/me`, null);
  expect([none.status, none.body.error.code]).toEqual([401, 'unauthenticated']);
});

test('a cookie-authenticated change needs X-CSRF-Token = billing_csrf (403 csrf_failed)', async () => {
  const signIn = await fetch(`${api.url}/portal/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ apiKey: TEST_OPERATOR_KEY }),
  });
  expect(signIn.status).toEqual(204);
  const cookies = signIn.headers.getSetCookie();
  const csrf = cookieValue(cookies, CSRF_COOKIE);
  const path = `/v1/customers/${mine}/portal-sessions`;
  const without = await withCookies(path, cookies, { method: 'POST', body: {} });
  expect([without.status, without.body.error.code]).toEqual([403, 'csrf_failed']);
  const wrong = await withCookies(path, cookies, { method: 'POST', body: {}, csrf: `${csrf}x` });
  expect([wrong.status, wrong.body.error.code]).toEqual([403, 'csrf_failed']);
  // Another session's token does not fit this one.
  const other = cookieValue(await sessionOf(mine), CSRF_COOKIE);
  const foreign = await withCookies(path, cookies, { method: 'POST', body: {}, csrf: other });
  expect([foreign.status, foreign.body.error.code]).toEqual([403, 'csrf_failed']);
  const passes = await withCookies(path, cookies, { method: 'POST', body: {}, csrf });
  expect(passes.status).toEqual(201);
  // Reads need no CSRF token; an operator session sees every customer.
  expect((await withCookies(`/v1/customers/${theirs}`, cookies)).status).toEqual(200);
  const me = await withCookies('/v1/portal/me', cookies);
  expect(me.body).toEqual({
    principal: { kind: 'operator' },
    customer: null,
    expiresAt: expect.any(String),
    temporalUiUrl: null,
  });
});

test('a customer key signs in; a wrong key is 401; revoking the key ends its session', async () => {
  const issued = await postJson(`${api.url}/v1/api-keys`, { kind: 'customer', customerId: mine });
  expect(issued.status).toEqual(201);
  const wrongKey = await postJson(
    `${api.url}/portal/session`,
    { apiKey: 'bk_not-a-key-0123456789' },
    null,
  );
  expect([wrongKey.status, wrongKey.body.error.code]).toEqual([401, 'unauthenticated']);
  const noKey = await postJson(`${api.url}/portal/session`, {}, null);
  expect([noKey.status, noKey.body.error.details]).toEqual([
    400,
    [{ field: 'apiKey', message: expect.any(String) }],
  ]);

  const signIn = await fetch(`${api.url}/portal/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ apiKey: issued.body.key }),
  });
  expect(signIn.status).toEqual(204);
  const cookies = signIn.headers.getSetCookie();
  const me = await withCookies('/v1/portal/me', cookies);
  expect([me.status, me.body.principal]).toEqual([200, { kind: 'customer', customerId: mine }]);

  const revoked = await fetch(`${api.url}/v1/api-keys/${issued.body.id}`, {
    method: 'DELETE',
    headers: { authorization: `Bearer ${TEST_OPERATOR_KEY}` },
  });
  expect(revoked.status).toEqual(200);
  const after = await withCookies('/v1/portal/me', cookies);
  expect([after.status, after.body.error.code]).toEqual([401, 'unauthenticated']);
});

test('logout clears both cookies', async () => {
  const response = await fetch(`${api.url}/portal/logout`, { method: 'POST' });
  expect(response.status).toEqual(204);
  expect(response.headers.getSetCookie()).toEqual([
    `${SESSION_COOKIE}=; Path=/; SameSite=Lax; Max-Age=0; HttpOnly`,
    `${CSRF_COOKIE}=; Path=/; SameSite=Lax; Max-Age=0`,
  ]);
});

test("the invoice email's link opens that invoice in the portal as its customer, for 30 days", async () => {
  const issuedAtMs = Date.now() - 29 * 24 * 3_600_000;
  const url = invoicePortalLink(portal, { id: 'inv-x-1', customerId: mine, issuedAtMs });
  expect(url).toMatch(/\/portal\/login\?token=/);
  const opened = await openLink(url);
  expect([opened.status, opened.location]).toEqual([303, '/portal/invoices/inv-x-1']);
  const me = await withCookies('/v1/portal/me', opened.setCookies);
  expect(me.body.principal).toEqual({ kind: 'customer', customerId: mine });
  // Older than PORTAL_INVOICE_LINK_TTL_SECONDS: expired.
  const stale = invoicePortalLink(portal, {
    id: 'inv-x-1',
    customerId: mine,
    issuedAtMs: Date.now() - 31 * 24 * 3_600_000,
  });
  expect((await openLink(stale)).status).toEqual(401);
});

test('neither a token nor a cookie ever reaches the logs', async () => {
  const link = await linkFor(theirs);
  const token = new URL(link.url).searchParams.get('token')!;
  const opened = await openLink(link.url);
  await withCookies('/v1/portal/me', opened.setCookies);
  await withCookies(`/v1/customers/${theirs}/portal-sessions`, opened.setCookies, {
    method: 'POST',
    body: {},
  });
  await openLink(`http://x/portal/login?token=${signed({ expiresAtMs: 1 })}`);
  const log = logLines.join('');
  expect(log).toContain('GET /portal/login 303');
  expect(log).toContain('GET /v1/portal/me 200');
  for (const secret of [
    token,
    cookieValue(opened.setCookies, SESSION_COOKIE),
    cookieValue(opened.setCookies, CSRF_COOKIE),
  ]) {
    expect(log.includes(secret)).toBe(false);
    expect(log.includes(secret.slice(0, 24))).toBe(false);
  }
});

test('behind https (PUBLIC_BASE_URL) links are absolute on it and the cookies are Secure', async () => {
  const runtime = await createTestRuntime(
    stack.env,
    stack.database,
    testConfig(QUEUE, { PUBLIC_BASE_URL: 'https://billing.example' }),
  );
  const https = await startApi(runtime);
  try {
    const created = await postJson(`${https.url}/v1/customers/${mine}/portal-sessions`, {});
    expect(created.body.url).toMatch(/^https:\/\/billing\.example\/portal\/login\?token=v1\./);
    const { pathname, search } = new URL(created.body.url as string);
    const opened = await fetch(`${https.url}${pathname}${search}`, { redirect: 'manual' });
    expect(opened.status).toEqual(303);
    expect(opened.headers.getSetCookie().map((c) => c.replace(/=[^;]*/, '=…'))).toEqual([
      `${SESSION_COOKIE}=…; Path=/; SameSite=Lax; HttpOnly; Secure`,
      `${CSRF_COOKIE}=…; Path=/; SameSite=Lax; Secure`,
    ]);
  } finally {
    await https.close();
    await runtime.close();
  }
});
