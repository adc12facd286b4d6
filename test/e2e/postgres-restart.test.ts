import type { TestWorkflowEnvironment } from '@temporalio/testing';
import postgres from 'postgres';
import type { RunningApi } from '../../api/server';
import { connectPostgres, type DatabaseHandle } from '../../db/client';
import type { Runtime } from '../../runtime/runtime';
import { startApi } from '../../runtime/start-api';
import { startWorker, type RunningWorker } from '../../runtime/start-worker';
import { uniqueId } from '../fixtures/builders';
import { eventually } from '../support/eventually';
import { authHeaders, getJson, postJson } from '../support/http';
import { PrivatePostgres } from '../support/private-postgres';
import { bundleWorkflows, createTestRuntime, testConfig } from '../support/stack';
import { createDevServerEnv } from '../support/temporal';

/**
 * PostgreSQL restarted under load, on a server of the test's own: while it is down the API
 * answers a clean 503 database_unavailable with Retry-After (never a 500, never a hang), and
 * once it is back the same requests succeed, with every acknowledged event counted once.
 */
const TASK_QUEUE = 'e2e-postgres-restart';
const EVENTS_PER_BATCH = 10;
let server: PrivatePostgres;
let env: TestWorkflowEnvironment;
let database: DatabaseHandle;
let runtime: Runtime;
let worker: RunningWorker;
let api: RunningApi;

beforeAll(async () => {
  server = await PrivatePostgres.create();
  const admin = postgres(server.url, { max: 1, onnotice: () => undefined });
  await admin.unsafe('create database billing');
  await admin.end();
  const url = server.url.replace(/\/postgres$/, '/billing');
  const [temporal, bundle, handle] = await Promise.all([
    createDevServerEnv(),
    bundleWorkflows(),
    connectPostgres(url, { max: 4 }),
  ]);
  env = temporal;
  database = handle;
  await database.migrate();
  runtime = await createTestRuntime(env, database, testConfig(TASK_QUEUE));
  worker = await startWorker(runtime, { workflowBundle: bundle, delivery: false });
  api = await startApi(runtime);
}, 120_000);

afterAll(async () => {
  await api?.close();
  await worker?.stop();
  await runtime?.close();
  await env?.teardown();
  await server?.destroy();
});

function batch(customerId: string, i: number, t0: number) {
  return {
    events: Array.from({ length: EVENTS_PER_BATCH }, (_, k) => ({
      id: `egress-${i}-${k}`,
      customerId,
      type: 'usage.recorded',
      timestamp: new Date(t0 + i * 1_000 + k).toISOString(),
      resourceId: 'lb-1',
      meter: 'network.egress',
      quantity: '1',
    })),
  };
}

test('while PostgreSQL is down the API answers 503 with Retry-After; afterwards nothing is lost or doubled', async () => {
  const customerId = uniqueId('cus');
  const created = await postJson(`${api.url}/v1/customers`, {
    id: customerId,
    name: 'Restart Ltd',
    email: 'ops@restart.example',
    currency: 'EUR',
    timezone: 'UTC',
    billingSchedule: 'monthly',
  });
  expect(created.status).toEqual(201);
  const t0 = Date.now() - 120_000;
  for (let i = 0; i < 10; i += 1) {
    expect((await postJson(`${api.url}/v1/events`, batch(customerId, i, t0))).status).toEqual(202);
  }

  await server.stop();
  const refused = await fetch(`${api.url}/v1/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...authHeaders() },
    body: JSON.stringify(batch(customerId, 10, t0)),
  });
  expect(refused.status).toEqual(503);
  expect(refused.headers.get('retry-after')).toEqual('5');
  expect(((await refused.json()) as { error: { code: string } }).error.code).toEqual(
    'database_unavailable',
  );
  const read = await getJson(`${api.url}/v1/customers/${customerId}`);
  expect([read.status, read.body.error.code]).toEqual([503, 'database_unavailable']);
  expect((await getJson(`${api.url}/healthz`, null)).status).toEqual(503);

  await server.start();
  // The client retries the refused batch as Retry-After says, then goes on.
  const retried = await eventually(
    () => postJson(`${api.url}/v1/events`, batch(customerId, 10, t0)),
    (r) => r.status === 202,
    20_000,
  );
  expect(retried.body.results.every((r: { status: string }) => r.status === 'accepted')).toBe(true);
  for (let i = 11; i < 20; i += 1) {
    expect((await postJson(`${api.url}/v1/events`, batch(customerId, i, t0))).status).toEqual(202);
  }
  // A batch acknowledged before the restart, sent again: every event is a duplicate.
  const again = await postJson(`${api.url}/v1/events`, batch(customerId, 3, t0));
  expect(new Set(again.body.results.map((r: { status: string }) => r.status))).toEqual(
    new Set(['duplicate']),
  );

  const total = 20 * EVENTS_PER_BATCH;
  const usage = await eventually(
    () => getJson(`${api.url}/v1/customers/${customerId}/usage`),
    (r) => r.status === 200 && r.body.lastSequence === total,
    30_000,
  );
  expect(usage.body.meters).toEqual([
    { meter: 'network.egress', seconds: '0', quantitySeconds: '0', quantity: String(total) },
  ]);
}, 120_000);
