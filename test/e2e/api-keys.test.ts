import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { RunningApi } from '../../api/server';
import { countLedgerEvents } from '../../db/repositories/ledger.repository';
import { saveNewCustomer } from '../../db/repositories/customers.repository';
import { aCustomer, uniqueId } from '../fixtures/builders';
import { authHeaders, getJson, postJson } from '../support/http';
import { createTestDatabase, type TestDatabase } from '../support/postgres';
import { startTestApi } from '../support/stack';
import { createDevServerEnv } from '../support/temporal';

const TASK_QUEUE = 'e2e-api-keys';
let env: TestWorkflowEnvironment;
let database: TestDatabase;
/** Ingest limited to 10 events/s with bursts of 20 per key; a clock the tests move. */
let api: RunningApi;
let clockOffsetMs = 0;

beforeAll(async () => {
  [env, database] = await Promise.all([createDevServerEnv(), createTestDatabase()]);
  api = await startTestApi(env, database, TASK_QUEUE, {
    now: () => Date.now() + clockOffsetMs,
    env: { INGEST_RATE_LIMIT_EVENTS_PER_SECOND: '10', INGEST_RATE_LIMIT_BURST: '20' },
  });
}, 120_000);

afterAll(async () => {
  await api?.close();
  await env?.teardown();
  await database?.drop();
});

const iso = (ms: number) => new Date(ms).toISOString();

async function deleteJson(url: string, token?: string | null) {
  const response = await fetch(url, { method: 'DELETE', headers: authHeaders(token) });
  return { status: response.status, body: (await response.json()) as any };
}

async function issue(body: Record<string, unknown>) {
  const response = await postJson(`${api.url}/v1/api-keys`, body);
  expect(response.status).toEqual(201);
  return response.body as { id: string; key: string; expiresAt: string | null };
}

test('creation answers the key once with no-store; the list shows no secret, paginated', async () => {
  const customer = await saveNewCustomer(database.db, aCustomer({ id: uniqueId('cus') }));
  const response = await fetch(`${api.url}/v1/api-keys`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...authHeaders() },
    body: JSON.stringify({ kind: 'customer', customerId: customer.id }),
  });
  expect(response.status).toEqual(201);
  expect(response.headers.get('cache-control')).toEqual('no-store');
  const created = (await response.json()) as any;
  expect(created).toMatchObject({ kind: 'customer', customerId: customer.id, expiresAt: null });
  const second = await issue({ kind: 'operator' });

  // Used once: its last use is written down (in the background).
  expect((await getJson(`${api.url}/v1/customers/${customer.id}`, created.key)).status).toEqual(
    200,
  );

  const seen: any[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const query: string = cursor === null ? '' : `&cursor=${cursor}`;
    const page = await getJson(`${api.url}/v1/api-keys?limit=1${query}`);
    expect(page.status).toEqual(200);
    expect(page.body.apiKeys.length).toBeLessThanOrEqual(1);
    seen.push(...page.body.apiKeys);
    cursor = page.body.nextCursor;
    pages += 1;
  } while (cursor !== null && pages < 100);
  const ids = seen.map((key: { id: string }) => key.id);
  expect(new Set(ids).size).toEqual(ids.length);
  expect(ids).toEqual(expect.arrayContaining([created.id, second.id]));
  const text = JSON.stringify(seen);
  expect(text).not.toContain(created.key);
  expect(text).not.toContain(second.key);
  const listed = seen.find((key) => key.id === created.id);
  expect(Object.keys(listed).sort()).toEqual(
    ['createdAt', 'customerId', 'expiresAt', 'id', 'kind', 'lastUsedAt', 'revokedAt'].sort(),
  );
  expect(listed).toMatchObject({ kind: 'customer', customerId: customer.id, revokedAt: null });
  expect(seen.find((key) => key.id === second.id)).toMatchObject({
    kind: 'operator',
    customerId: null,
    lastUsedAt: null,
  });
  // The background write of the first use.
  let lastUsedAt: string | null = null;
  for (let attempt = 0; attempt < 50 && lastUsedAt === null; attempt += 1) {
    const all = await getJson(`${api.url}/v1/api-keys?limit=200`);
    lastUsedAt = all.body.apiKeys.find((key: any) => key.id === created.id).lastUsedAt;
    if (lastUsedAt === null) await new Promise((resolve) => setTimeout(resolve, 100));
  }
  expect(lastUsedAt).not.toBeNull();
});

test('a revoked key answers 401 at once; revoking is idempotent; an unknown id is 404', async () => {
  const issued = await issue({ kind: 'operator' });
  expect((await getJson(`${api.url}/v1/plans`, issued.key)).status).toEqual(200);
  const revoked = await deleteJson(`${api.url}/v1/api-keys/${issued.id}`);
  expect(revoked.status).toEqual(200);
  expect(revoked.body).toMatchObject({ id: issued.id, kind: 'operator' });
  expect(revoked.body.revokedAt).not.toBeNull();
  const after = await getJson(`${api.url}/v1/plans`, issued.key);
  expect(after.status).toEqual(401);
  expect(after.body.error.code).toEqual('unauthenticated');
  const again = await deleteJson(`${api.url}/v1/api-keys/${issued.id}`);
  expect(again).toEqual(revoked);
  const unknown = await deleteJson(`${api.url}/v1/api-keys/no-such-key`);
  expect(unknown.status).toEqual(404);
  expect(unknown.body.error.code).toEqual('api_key_not_found');
  // Only operators manage keys.
  const customer = await saveNewCustomer(database.db, aCustomer({ id: uniqueId('cus') }));
  const customerKey = await issue({ kind: 'customer', customerId: customer.id });
  expect((await getJson(`${api.url}/v1/api-keys`, customerKey.key)).status).toEqual(403);
  expect((await deleteJson(`${api.url}/v1/api-keys/${issued.id}`, customerKey.key)).status).toEqual(
    403,
  );
});

test('a key works until its expiry and answers 401 from then on; a past expiry is refused', async () => {
  const nowMs = Date.now() + clockOffsetMs;
  const expiresAt = iso(nowMs + 60_000);
  const issued = await issue({ kind: 'operator', expiresAt });
  expect(issued.expiresAt).toEqual(expiresAt);
  expect((await getJson(`${api.url}/v1/plans`, issued.key)).status).toEqual(200);
  clockOffsetMs += 61_000;
  const expired = await getJson(`${api.url}/v1/plans`, issued.key);
  expect(expired.status).toEqual(401);
  expect(expired.body.error.code).toEqual('unauthenticated');

  const past = await postJson(`${api.url}/v1/api-keys`, {
    kind: 'operator',
    expiresAt: iso(Date.now() + clockOffsetMs - 1_000),
  });
  expect(past.status).toEqual(400);
  expect(past.body.error.details).toEqual([
    { field: 'expiresAt', message: 'must be in the future' },
  ]);
});

test('ingest beyond a key’s rate is 429 with Retry-After, and nothing of that batch is kept', async () => {
  const customer = await saveNewCustomer(database.db, aCustomer({ id: uniqueId('cus') }));
  const key = (await issue({ kind: 'operator' })).key;
  const nowMs = Date.now() + clockOffsetMs;
  const batch = (prefix: string, size: number) => ({
    events: Array.from({ length: size }, (_, index) => ({
      id: `${prefix}-${index}`,
      customerId: customer.id,
      type: 'resource.started',
      timestamp: iso(nowMs - 10_000),
      resourceId: `${prefix}-vol-${index}`,
      meter: 'storage.volume',
      quantity: '1',
    })),
  });
  // The burst of 20: 15 pass, then 10 more find only 5 tokens (0.5 s at 10/s = 5 at most).
  expect((await postJson(`${api.url}/v1/events`, batch('a', 15), key)).status).toEqual(202);
  const response = await fetch(`${api.url}/v1/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...authHeaders(key) },
    body: JSON.stringify(batch('b', 15)),
  });
  expect(response.status).toEqual(429);
  expect(Number(response.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  const body = (await response.json()) as any;
  expect(body.error.code).toEqual('rate_limited');
  expect(await countLedgerEvents(database.db, customer.id)).toEqual(15);
  // Another key has its own bucket.
  expect((await postJson(`${api.url}/v1/events`, batch('c', 15))).status).toEqual(202);
  expect(await countLedgerEvents(database.db, customer.id)).toEqual(30);
});

test('failed authentication is throttled per address: 429 with Retry-After, whatever the key', async () => {
  const throttled = await startTestApi(env, database, TASK_QUEUE, {
    env: { AUTH_FAILURE_LIMIT: '3', AUTH_FAILURE_WINDOW_SECONDS: '60' },
  });
  try {
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const wrong = await getJson(`${throttled.url}/v1/plans`, `wrong-key-${attempt}-0123456789ab`);
      expect(wrong.status).toEqual(401);
    }
    for (const token of ['wrong-key-3-0123456789ab', undefined]) {
      const response = await fetch(`${throttled.url}/v1/plans`, { headers: authHeaders(token) });
      expect(response.status).toEqual(429);
      const retryAfter = Number(response.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(60);
      expect(((await response.json()) as any).error.code).toEqual('rate_limited');
    }
    // No key at all is no guess: still a plain 401.
    expect((await getJson(`${throttled.url}/v1/plans`, null)).status).toEqual(401);
    // Public paths are not throttled.
    expect((await getJson(`${throttled.url}/healthz`, null)).status).not.toEqual(429);
  } finally {
    await throttled.close();
  }
});
