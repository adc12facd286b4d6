import type { TestWorkflowEnvironment } from '@temporalio/testing';
import postgres from 'postgres';
import type { RunningWorker } from '../../runtime/start-worker';
import type { Runtime } from '../../runtime/runtime';
import { startWorker } from '../../runtime/start-worker';
import { uniqueId } from '../fixtures/builders';
import { eventually } from '../support/eventually';
import { getJson, postJson, TEST_OPERATOR_KEY } from '../support/http';
import { freePort } from '../support/ports';
import { createTestDatabase, type TestDatabase } from '../support/postgres';
import { bundleWorkflows, createTestRuntime, testConfig } from '../support/stack';
import { createDevServerEnv } from '../support/temporal';
import { WorkerProcess } from '../support/worker-process';

/**
 * The API process SIGKILLed while clients are posting: a batch whose 202 reached the client is
 * in the ledger and reaches the usage; a batch whose answer was lost is retried by the client
 * after the restart, and comes back `accepted` (it was not committed) or `duplicate` (it was,
 * and the ack was lost), never twice.
 */
const TASK_QUEUE = 'e2e-api-crash';
const CLIENTS = 4;
const BATCHES_PER_CLIENT = 40;
const EVENTS_PER_BATCH = 25;
let env: TestWorkflowEnvironment;
let database: TestDatabase;
let runtime: Runtime;
let worker: RunningWorker;
let api: WorkerProcess;
let apiUrl: string;

beforeAll(async () => {
  const temporalPort = await freePort();
  const apiPort = await freePort();
  const [temporal, db, bundle] = await Promise.all([
    createDevServerEnv({ port: temporalPort }),
    createTestDatabase(),
    bundleWorkflows(),
  ]);
  env = temporal;
  database = db;
  runtime = await createTestRuntime(env, database, testConfig(TASK_QUEUE));
  worker = await startWorker(runtime, { workflowBundle: bundle, delivery: false });
  apiUrl = `http://127.0.0.1:${apiPort}`;
  api = new WorkerProcess(
    {
      DATABASE_URL: database.url,
      TEMPORAL_ADDRESS: `127.0.0.1:${temporalPort}`,
      TEMPORAL_TASK_QUEUE: TASK_QUEUE,
      PORT: String(apiPort),
      BILLING_API_KEY: TEST_OPERATOR_KEY,
    },
    ['--import', 'tsx', 'api/main.ts'],
    'api listening',
  );
  await api.start();
}, 120_000);

afterAll(async () => {
  await api?.stop();
  await worker?.stop();
  await runtime?.close();
  await env?.teardown();
  await database?.drop();
});

function batch(customerId: string, client: number, i: number, t0: number) {
  return {
    events: Array.from({ length: EVENTS_PER_BATCH }, (_, k) => ({
      id: `egress-${client}-${i}-${k}`,
      customerId,
      type: 'usage.recorded',
      timestamp: new Date(t0 + i * 100 + k).toISOString(),
      resourceId: `lb-${client}`,
      meter: 'network.egress',
      quantity: '1',
    })),
  };
}

type Outcome = 'acked' | 'lost';

/** One client posting its batches in order; a failed request is a lost answer, not retried yet. */
async function postAll(customerId: string, client: number, t0: number): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  for (let i = 0; i < BATCHES_PER_CLIENT; i += 1) {
    try {
      const response = await postJson(`${apiUrl}/v1/events`, batch(customerId, client, i, t0));
      outcomes.push(response.status === 202 ? 'acked' : 'lost');
    } catch {
      outcomes.push('lost');
    }
  }
  return outcomes;
}

test('SIGKILL of the API mid-ingest: every acknowledged event is counted once, retries are duplicates or first writes', async () => {
  const customerId = uniqueId('cus');
  const created = await postJson(`${apiUrl}/v1/customers`, {
    id: customerId,
    name: 'Crash Ltd',
    email: 'ops@crash.example',
    currency: 'EUR',
    timezone: 'UTC',
    billingSchedule: 'monthly',
  });
  expect(created.status).toEqual(201);
  const t0 = Date.now() - 120_000;

  const clients = Array.from({ length: CLIENTS }, (_, c) => postAll(customerId, c, t0));
  // Kill once some batches are in, while the clients are still posting.
  const sql = postgres(database.url, { max: 1 });
  await eventually(
    async () =>
      (await sql<{ n: number }[]>`select count(*)::int as n from usage_events`)[0]?.n ?? 0,
    (n) => n >= 10 * EVENTS_PER_BATCH,
    20_000,
  );
  await sql.end();
  await api.kill();
  const outcomes = await Promise.all(clients);
  const acked = outcomes.flat().filter((o) => o === 'acked').length;
  const lost = outcomes.flat().length - acked;
  expect(acked).toBeGreaterThan(0);
  expect(lost).toBeGreaterThan(0);

  await api.start();
  // Every client now sends everything again, as an at-least-once client does after a crash.
  let duplicates = 0;
  for (let c = 0; c < CLIENTS; c += 1) {
    for (let i = 0; i < BATCHES_PER_CLIENT; i += 1) {
      const response = await postJson(`${apiUrl}/v1/events`, batch(customerId, c, i, t0));
      expect(response.status).toEqual(202);
      const statuses = new Set(response.body.results.map((r: { status: string }) => r.status));
      if (outcomes[c]?.[i] === 'acked') expect(statuses).toEqual(new Set(['duplicate']));
      // A lost answer: the batch was committed whole or not at all.
      else expect(statuses.size).toEqual(1);
      if (statuses.has('duplicate')) duplicates += 1;
    }
  }
  expect(duplicates).toBeGreaterThanOrEqual(acked);

  const total = CLIENTS * BATCHES_PER_CLIENT * EVENTS_PER_BATCH;
  const usage = await eventually(
    () => getJson(`${apiUrl}/v1/customers/${customerId}/usage`),
    (r) => r.status === 200 && r.body.lastSequence === total,
    30_000,
  );
  expect(usage.body.meters).toEqual([
    { meter: 'network.egress', seconds: '0', quantitySeconds: '0', quantity: String(total) },
  ]);
}, 180_000);
