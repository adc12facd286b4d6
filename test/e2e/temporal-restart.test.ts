import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { RunningApi } from '../../api/server';
import { createRuntime, type Runtime } from '../../runtime/runtime';
import { startApi } from '../../runtime/start-api';
import { startWorker, type RunningWorker } from '../../runtime/start-worker';
import { uniqueId } from '../fixtures/builders';
import { startDeliveryFakes, type DeliveryFakes } from '../support/delivery';
import { eventually } from '../support/eventually';
import { getJson, postJson } from '../support/http';
import { freePort } from '../support/ports';
import { createTestDatabase, type TestDatabase } from '../support/postgres';
import { bundleWorkflows, testConfig, testLogger } from '../support/stack';
import { createDevServerEnv } from '../support/temporal';

/**
 * The Temporal dev server stopped and started again on its SQLite file, twice: mid-period
 * (events keep arriving while it is down) and mid-invoice-run (the invoice email is in flight).
 * The worker and the API reconnect by themselves; the period closes once, the invoice is
 * finalized, emailed and pushed to the ERP exactly once, with every event in it.
 */
const TASK_QUEUE = 'e2e-temporal-restart';
let dir: string;
let port: number;
let env: TestWorkflowEnvironment;
let database: TestDatabase;
let fakes: DeliveryFakes;
let runtime: Runtime;
let worker: RunningWorker;
let api: RunningApi;

const startTemporal = () =>
  createDevServerEnv({ port, dbFilename: path.join(dir, 'temporal.sqlite') });

async function restartTemporal(whileDown: () => Promise<void> = () => Promise.resolve()) {
  await env.teardown();
  await whileDown();
  env = await startTemporal();
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'temporal-restart-'));
  port = await freePort();
  let bundle;
  [env, database, fakes, bundle] = await Promise.all([
    startTemporal(),
    createTestDatabase(),
    startDeliveryFakes(),
    bundleWorkflows(),
  ]);
  // The runtime connects by address, as the production processes do, not through the test
  // environment's client: those connections must survive the server going away.
  const config = testConfig(TASK_QUEUE, {
    ...fakes.workerEnv,
    TEMPORAL_ADDRESS: `127.0.0.1:${port}`,
  });
  runtime = await createRuntime(config, {
    name: 'test',
    worker: true,
    overrides: { logger: testLogger, database },
  });
  worker = await startWorker(runtime, { workflowBundle: bundle, delivery: true });
  api = await startApi(runtime);
}, 120_000);

afterAll(async () => {
  await api?.close();
  await worker?.stop();
  await runtime?.close();
  await fakes?.close();
  await env?.teardown();
  await database?.drop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function egress(customerId: string, batch: number, t0: number) {
  return {
    events: Array.from({ length: 10 }, (_, k) => ({
      id: `egress-${batch}-${k}`,
      customerId,
      type: 'usage.recorded',
      timestamp: new Date(t0 + batch * 1_000 + k).toISOString(),
      resourceId: 'lb-1',
      meter: 'network.egress',
      quantity: '1',
    })),
  };
}

test('restarts mid-period and mid-invoice-run: one invoice with every event, emailed and synced once', async () => {
  const customerId = uniqueId('cus');
  const planId = uniqueId('plan');
  const periodEnd = Math.ceil((Date.now() + 20_000) / 1000) * 1000;
  const ok = (r: { status: number }) => expect(r.status).toBeLessThan(300);
  ok(
    await postJson(`${api.url}/v1/plans`, {
      id: planId,
      name: 'Egress',
      currency: 'EUR',
      prices: [
        {
          id: 'egress',
          meter: 'network.egress',
          groupBy: [],
          model: { type: 'counter', unitPrice: '0.01' },
        },
      ],
    }),
  );
  ok(
    await postJson(`${api.url}/v1/customers`, {
      id: customerId,
      name: 'Restart GmbH',
      email: 'ap@restart.example',
      currency: 'EUR',
      timezone: 'UTC',
      billingSchedule: 'daily',
      billingAnchor: new Date(periodEnd).toISOString(),
      gracePeriodSeconds: 2,
    }),
  );
  ok(
    await postJson(`${api.url}/v1/customers/${customerId}/subscriptions`, {
      id: uniqueId('sub'),
      planId,
      effectiveFrom: '2020-01-01T00:00:00Z',
    }),
  );
  const t0 = Date.now() - 60_000;
  ok(await postJson(`${api.url}/v1/events`, egress(customerId, 0, t0)));

  // Mid-period: the ledger takes events while Temporal is down; they are forwarded later.
  await restartTemporal(async () => {
    ok(await postJson(`${api.url}/v1/events`, egress(customerId, 1, t0)));
  });
  ok(await postJson(`${api.url}/v1/events`, egress(customerId, 2, t0)));
  const usage = await eventually(
    () => getJson(`${api.url}/v1/customers/${customerId}/usage`),
    (r) => r.status === 200 && r.body.lastSequence === 30,
    30_000,
  );
  expect(usage.body.meters[0].quantity).toEqual('30');

  // Mid-invoice-run: the invoice email is slow to be answered; Temporal goes away meanwhile.
  fakes.resend.delayNext(1, 3_000);
  await eventually(
    () => Promise.resolve(fakes.resend.requests),
    (n) => n >= 1,
    40_000,
  );
  await restartTemporal();

  const delivered = await eventually(
    async () => {
      const list = await getJson(`${api.url}/v1/customers/${customerId}/invoices`);
      const invoice = list.body.invoices?.[0];
      const number = invoice?.number as string | undefined;
      return {
        invoices: list.body.invoices?.length as number,
        status: invoice?.status as string,
        total: invoice?.total as string,
        emails: fakes.resend.emails.filter((e) => number && e.subject.includes(number)).length,
        erpWrites: number ? (fakes.erp.writes.get(number) ?? 0) : 0,
      };
    },
    (seen) => seen.emails >= 1 && seen.erpWrites >= 1,
    60_000,
  );
  // 30 events x 0.01 = 0.30, one invoice, one email, one ERP write, even after a settle.
  await new Promise((resolve) => setTimeout(resolve, 3_000));
  const number = (await getJson(`${api.url}/v1/customers/${customerId}/invoices`)).body.invoices[0]
    .number as string;
  expect({
    ...delivered,
    emails: fakes.resend.emails.filter((e) => e.subject.includes(number)).length,
    erpWrites: fakes.erp.writes.get(number),
  }).toEqual({ invoices: 1, status: 'open', total: '0.30', emails: 1, erpWrites: 1 });
}, 180_000);
