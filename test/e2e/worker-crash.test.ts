import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { RunningApi } from '../../api/server';
import { uniqueId } from '../fixtures/builders';
import { eventually } from '../support/eventually';
import { getJson, postJson } from '../support/http';
import { freePort } from '../support/ports';
import { createTestDatabase, type TestDatabase } from '../support/postgres';
import { startTestApi } from '../support/stack';
import { createDevServerEnv } from '../support/temporal';
import { WorkerProcess } from '../support/worker-process';

const TASK_QUEUE = 'e2e-crash';
const BATCHES = 30;
let env: TestWorkflowEnvironment;
let database: TestDatabase;
let api: RunningApi;
let worker: WorkerProcess;

beforeAll(async () => {
  const port = await freePort();
  [env, database] = await Promise.all([createDevServerEnv({ port }), createTestDatabase()]);
  api = await startTestApi(env, database, TASK_QUEUE);
  worker = new WorkerProcess({
    DATABASE_URL: database.url,
    TEMPORAL_ADDRESS: `127.0.0.1:${port}`,
    TEMPORAL_TASK_QUEUE: TASK_QUEUE,
  });
  await worker.start();
}, 120_000);

afterAll(async () => {
  await worker?.stop();
  await api?.close();
  await env?.teardown();
  await database?.drop();
});

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Batch i: run `job-i` of exactly 1.5 s, and 50 egress records of 0.1 GB each, so the
 * expected totals are 30 runs x 1.5 s = 45 s and 30 x 50 x 0.1 = 150 GB.
 */
function batch(customerId: string, i: number, t0: number) {
  const start = t0 + i * 1_000;
  return {
    events: [
      {
        id: `start-${i}`,
        customerId,
        type: 'resource.started',
        timestamp: iso(start),
        resourceId: `job-${i}`,
        meter: 'compute.container',
      },
      {
        id: `stop-${i}`,
        customerId,
        type: 'resource.stopped',
        timestamp: iso(start + 1_500),
        resourceId: `job-${i}`,
        meter: 'compute.container',
      },
      ...Array.from({ length: 50 }, (_, k) => ({
        id: `egress-${i}-${k}`,
        customerId,
        type: 'usage.recorded',
        timestamp: iso(start + k),
        resourceId: 'lb-1',
        meter: 'network.egress',
        quantity: '0.1',
      })),
    ],
  };
}

test('killing the worker mid-stream and restarting it loses nothing and counts nothing twice', async () => {
  const customerId = uniqueId('cus');
  const created = await postJson(`${api.url}/v1/customers`, {
    id: customerId,
    name: 'Crash Test Ltd',
    email: 'ops@crash.example',
    currency: 'GBP',
    timezone: 'Europe/London',
    billingSchedule: 'daily',
  });
  expect(created.status).toEqual(201);
  const t0 = Date.now() - 60_000;

  for (let i = 0; i < BATCHES; i += 1) {
    if (i === 10) await worker.kill();
    if (i === 20) await worker.start();
    const response = await postJson(`${api.url}/v1/events`, batch(customerId, i, t0));
    expect(response.status).toEqual(202);
    // Client retries after a lost response: every event comes back as a duplicate.
    if (i % 7 === 0) {
      const retry = await postJson(`${api.url}/v1/events`, batch(customerId, i, t0));
      expect(new Set(retry.body.results.map((r: { status: string }) => r.status))).toEqual(
        new Set(['duplicate']),
      );
    }
  }

  const total = BATCHES * 52;
  const usage = await eventually(
    () => getJson(`${api.url}/v1/customers/${customerId}/usage`),
    (r) => r.status === 200 && r.body.lastSequence === total,
    30_000,
  );
  expect(usage.body.lastSequence).toEqual(total);
  expect(usage.body.meters).toEqual([
    { meter: 'compute.container', seconds: '45', quantitySeconds: '45', quantity: '0' },
    { meter: 'network.egress', seconds: '0', quantitySeconds: '0', quantity: '150' },
  ]);
  expect(usage.body.resources.filter((r: { runs: number }) => r.runs === 1)).toHaveLength(BATCHES);
  expect(usage.body.anomalies).toEqual({
    duplicateStarts: 0,
    stopsWithoutRun: 0,
    updatesWithoutRun: 0,
    lateLifecycleEvents: 0,
  });
}, 120_000);
