import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { uniqueId } from '../fixtures/builders';
import { eventually } from '../support/eventually';
import { getJson, postJson, TEST_OPERATOR_KEY } from '../support/http';
import { freePort } from '../support/ports';
import { createTestDatabase, type TestDatabase } from '../support/postgres';
import { createDevServerEnv } from '../support/temporal';
import { WorkerProcess } from '../support/worker-process';

/**
 * The production image's build (scripts/build.sh, the Dockerfile's build stage) run for real:
 * the compiled API, worker and migration entry points start with plain `node`, without tsx or
 * the TypeScript sources, and the worker runs the workflow bundle built ahead of time.
 */
const run = promisify(execFile);
const root = path.resolve(__dirname, '../..');
const TASK_QUEUE = 'e2e-compiled';
let out: string;
let env: TestWorkflowEnvironment;
let database: TestDatabase;
let api: WorkerProcess;
let worker: WorkerProcess;
let apiUrl: string;
let workerHealthUrl: string;

beforeAll(async () => {
  // Inside the checkout, as dist/app is in the image: node_modules resolves from the root.
  await mkdir(path.join(root, '.tmp'), { recursive: true });
  out = await mkdtemp(path.join(root, '.tmp', 'build-'));
  const temporalPort = await freePort();
  const apiPort = await freePort();
  const workerPort = await freePort();
  workerHealthUrl = `http://127.0.0.1:${workerPort}/healthz`;
  [env, database] = await Promise.all([
    createDevServerEnv({ port: temporalPort }),
    createTestDatabase(),
    run('bash', ['scripts/build.sh', out], { cwd: root, maxBuffer: 16 * 1024 * 1024 }),
  ]);
  const shared = {
    DATABASE_URL: database.url,
    TEMPORAL_ADDRESS: `127.0.0.1:${temporalPort}`,
    TEMPORAL_TASK_QUEUE: TASK_QUEUE,
  };
  await run(process.execPath, [path.join(out, 'workers/migrate.js')], {
    cwd: os.tmpdir(),
    env: { ...process.env, ...shared },
  });
  apiUrl = `http://127.0.0.1:${apiPort}`;
  api = new WorkerProcess(
    { ...shared, PORT: String(apiPort), BILLING_API_KEY: TEST_OPERATOR_KEY },
    [path.join(out, 'api/main.js')],
    'api listening',
  );
  worker = new WorkerProcess(
    {
      ...shared,
      WORKFLOW_BUNDLE_PATH: path.join(out, 'workflow-bundle.js'),
      WORKER_METRICS_PORT: String(workerPort),
    },
    [path.join(out, 'workers/main.js')],
  );
  await Promise.all([api.start(), worker.start()]);
}, 180_000);

afterAll(async () => {
  await Promise.all([api?.stop(), worker?.stop()]);
  await env?.teardown();
  await database?.drop();
  if (out) await rm(out, { recursive: true, force: true });
});

test('the build holds compiled JavaScript, the migrations and a workflow bundle', async () => {
  for (const file of [
    'api/main.js',
    'workers/main.js',
    'workers/migrate.js',
    'workflow-bundle.js',
  ]) {
    expect((await stat(path.join(out, file))).isFile()).toBe(true);
  }
  expect((await stat(path.join(out, 'db/migrations/meta/_journal.json'))).isFile()).toBe(true);
});

test('the compiled API and worker meter a run end to end', async () => {
  // The containers' health checks (docker-compose.yml).
  expect((await getJson(`${apiUrl}/healthz`, null)).status).toEqual(200);
  expect(await getJson(workerHealthUrl, null)).toEqual({ status: 200, body: { status: 'ok' } });
  // The compiled API serves the customer portal (bundled at its first request).
  const portal = await fetch(`${apiUrl}/portal/`);
  expect([portal.status, portal.headers.get('content-type')]).toEqual([
    200,
    'text/html; charset=utf-8',
  ]);
  expect(await portal.text()).toContain('<div id="root">');
  const customerId = uniqueId('cus');
  const created = await postJson(`${apiUrl}/v1/customers`, {
    id: customerId,
    name: 'Compiled Ltd',
    email: 'ops@compiled.example',
    currency: 'EUR',
    timezone: 'UTC',
    billingSchedule: 'monthly',
  });
  expect(created.status).toEqual(201);
  const start = Date.now() - 60_000;
  const events = [
    { id: 'start', type: 'resource.started', timestamp: new Date(start).toISOString() },
    { id: 'stop', type: 'resource.stopped', timestamp: new Date(start + 42_000).toISOString() },
  ].map((event) => ({ ...event, customerId, resourceId: 'vm-1', meter: 'compute.vm' }));
  expect((await postJson(`${apiUrl}/v1/events`, { events })).status).toEqual(202);

  // The usage comes from the billing-cycle workflow, run by the compiled worker from its bundle.
  const usage = await eventually(
    () => getJson(`${apiUrl}/v1/customers/${customerId}/usage`),
    (r) => r.status === 200 && r.body.lastSequence === 2,
    30_000,
  );
  expect(usage.body.meters).toEqual([
    { meter: 'compute.vm', seconds: '42', quantitySeconds: '42', quantity: '0' },
  ]);
});
