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
    ...Array.from({ length: SIGNALS - 1 }, (_, i) =>
      toNewEvent(
        customer.id,
        anEvent({
          type: 'usage.recorded',
          timestampMs: t0 + i,
          resourceId: 'lb-1',
          meter: 'network.egress',
          quantity: '0.01',
        }),
      ),
    ),
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
  // Visibility is eventually consistent: the continued runs show up in the listing shortly.
  const countRuns = async (): Promise<number> => {
    let runs = 0;
    for await (const _ of env.client.workflow.list({ query: `WorkflowId = "${workflowId}"` }))
      runs += 1;
    return runs;
  };
  expect(await eventually(countRuns, (runs) => runs > 1, 10_000)).toBeGreaterThan(1);
}, 90_000);
