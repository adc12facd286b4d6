import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { saveNewCustomer } from '../../db/repositories/customers.repository';
import { appendEvents } from '../../db/repositories/ledger.repository';
import { toWireEvent } from '../../domain/events';
import { billingCycleWorkflowId, eventsSignal, usageQuery } from '../../workflows/definitions';
import { aCustomer, anEvent, toNewEvent } from '../fixtures/builders';
import { eventually } from '../support/eventually';
import { createTestDatabase, type TestDatabase } from '../support/postgres';
import { bundleWorkflows, startTestWorker } from '../support/stack';
import { createDevServerEnv } from '../support/temporal';

const TASK_QUEUE = 'e2e-can';
const SIGNALS = 120;
let env: TestWorkflowEnvironment;
let database: TestDatabase;
let stopWorker: () => Promise<void>;

beforeAll(async () => {
  // The server suggests continue-as-new after 40 history events, so a few dozen signals
  // make the workflow carry its state over several times while signals keep arriving.
  const [server, db, bundle] = await Promise.all([
    createDevServerEnv({ dynamicConfig: { 'limit.historyCount.suggestContinueAsNew': 40 } }),
    createTestDatabase(),
    bundleWorkflows(),
  ]);
  env = server;
  database = db;
  const { worker, running } = await startTestWorker(env, database, TASK_QUEUE, bundle);
  stopWorker = async () => {
    worker.shutdown();
    await running;
  };
}, 120_000);

/** `count` egress counters of lb-1, one a millisecond from `t0`. */
function egressCounters(customerId: string, t0: number, count: number, quantity: string) {
  return Array.from({ length: count }, (_, i) =>
    toNewEvent(
      customerId,
      anEvent({
        type: 'usage.recorded',
        timestampMs: t0 + i,
        resourceId: 'lb-1',
        meter: 'network.egress',
        quantity,
      }),
    ),
  );
}

/** Runs of the workflow; visibility is eventually consistent, so continued runs show up shortly. */
async function continuedRuns(workflowId: string): Promise<number> {
  const countRuns = async (): Promise<number> => {
    let runs = 0;
    for await (const _ of env.client.workflow.list({ query: `WorkflowId = "${workflowId}"` }))
      runs += 1;
    return runs;
  };
  return eventually(countRuns, (runs) => runs > 1, 10_000);
}

afterAll(async () => {
  await stopWorker?.();
  await env?.teardown();
  await database?.drop();
});

test('continue-as-new when Temporal suggests it carries open runs and loses no concurrent signal', async () => {
  const customer = await saveNewCustomer(
    database.db,
    aCustomer({ timezone: 'Europe/Paris', billingSchedule: 'monthly' }),
  );
  const workflowId = billingCycleWorkflowId(customer.id);
  await env.client.workflow.start('billingCycleWorkflow', {
    taskQueue: TASK_QUEUE,
    workflowId,
    args: [{ customer }],
  });
  const t0 = Date.now() - 60_000;
  const results = await appendEvents(database.db, [
    toNewEvent(
      customer.id,
      anEvent({
        type: 'resource.started',
        timestampMs: t0,
        resourceId: 'vm-carried',
        quantity: '2',
      }),
    ),
    ...egressCounters(customer.id, t0, SIGNALS - 1, '0.01'),
  ]);
  const handle = env.client.workflow.getHandle(workflowId);
  // One signal per event, all at once: some land while a run is continuing as new.
  await Promise.all(results.map((r) => handle.signal(eventsSignal, [toWireEvent(r.event)])));

  const asOf = t0 + 30_000;
  const usage = await eventually(
    () => handle.query(usageQuery, asOf),
    (u) => u.lastSequence === SIGNALS,
    30_000,
  );
  expect(usage.lastSequence).toEqual(SIGNALS);
  expect(usage.meters).toEqual([
    { meter: 'compute.vm', seconds: '30', quantitySeconds: '60', quantity: '0' },
    // 119 x 0.01, summed exactly.
    { meter: 'network.egress', seconds: '0', quantitySeconds: '0', quantity: '1.19' },
  ]);
  expect(usage.openRuns).toEqual([
    { resourceId: 'vm-carried', meter: 'compute.vm', dimensions: {}, quantity: '2', sinceMs: t0 },
  ]);
  expect(await continuedRuns(workflowId)).toBeGreaterThan(1);
}, 90_000);

test('a metering state past the server message limit crosses continue-as-new gzipped', async () => {
  // 8,000 VMs with two runs each: the state continue-as-new carries is about 6 MiB of JSON,
  // more than the dev server's 4 MiB gRPC limit; without the codec the workflow gets stuck at
  // its first continue-as-new (BENCHMARKS.md, bench:history). Gzipped it is about 0.3 MiB.
  const resources = 8_000;
  const customer = await saveNewCustomer(database.db, aCustomer({ billingSchedule: 'monthly' }));
  const workflowId = billingCycleWorkflowId(customer.id);
  await env.client.workflow.start('billingCycleWorkflow', {
    taskQueue: TASK_QUEUE,
    workflowId,
    args: [{ customer }],
  });
  const now = new Date();
  const t0 = Math.max(Date.now() - 600_000, Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  const lifecycle = Array.from({ length: resources }, (_, r) =>
    [
      ['resource.started', 0],
      ['resource.stopped', 5_000],
      ['resource.started', 6_000],
      ['resource.stopped', 9_000],
    ].map(([type, offsetMs]) =>
      toNewEvent(
        customer.id,
        anEvent({
          type: type as 'resource.started' | 'resource.stopped',
          timestampMs: t0 + r * 10 + (offsetMs as number),
          resourceId: `vm-${r}`,
        }),
      ),
    ),
  ).flat();
  const handle = env.client.workflow.getHandle(workflowId);
  for (let i = 0; i < lifecycle.length; i += 4_000) {
    const batch = await appendEvents(database.db, lifecycle.slice(i, i + 4_000));
    await handle.signal(
      eventsSignal,
      batch.map((r) => toWireEvent(r.event)),
    );
  }
  // Then one signal per counter: past 40 history events the server suggests continue-as-new,
  // which the workflow takes with the whole state.
  const counters = await appendEvents(database.db, egressCounters(customer.id, t0, 60, '1'));
  for (const r of counters) await handle.signal(eventsSignal, [toWireEvent(r.event)]);

  const total = lifecycle.length + counters.length;
  const usage = await eventually(
    () => handle.query(usageQuery),
    (u) => u.lastSequence === total,
    60_000,
  );
  expect(usage.meters).toEqual([
    // 8,000 x (5 + 3) s.
    { meter: 'compute.vm', seconds: '64000', quantitySeconds: '64000', quantity: '0' },
    { meter: 'network.egress', seconds: '0', quantitySeconds: '0', quantity: '60' },
  ]);
  expect(usage.resources).toHaveLength(resources + 1);
  expect(await continuedRuns(workflowId)).toBeGreaterThan(1);
}, 120_000);
