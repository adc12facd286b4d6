import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { sql } from 'drizzle-orm';
import type { RunningApi } from '../../api/server';
import { uniqueId } from '../fixtures/builders';
import { startDeliveryFakes, type DeliveryFakes } from '../support/delivery';
import { eventually } from '../support/eventually';
import { startWebhookReceiver, type WebhookReceiver } from '../support/fakes/webhook-receiver';
import { getJson, postJson } from '../support/http';
import { freePort } from '../support/ports';
import { createTestDatabase, type TestDatabase } from '../support/postgres';
import { startTestApi } from '../support/stack';
import { createDevServerEnv } from '../support/temporal';
import { WorkerProcess } from '../support/worker-process';

/*
 * Budget alerts on the real stack: REST in, the billing-cycle workflow in a worker process
 * that is killed and restarted, delivery to a signed webhook receiver and the fake Resend.
 * A project budget of 200.00 with thresholds 80 % and 100 % on egress at 1.00 per unit:
 * 165 units cross 80 %, 35 more (200) cross 100 %; each alerts exactly once.
 */
const TASK_QUEUE = 'e2e-budgets';
const SECRET = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;
let env: TestWorkflowEnvironment;
let database: TestDatabase;
let api: RunningApi;
let worker: WorkerProcess;
let fakes: DeliveryFakes;
let receiver: WebhookReceiver;

beforeAll(async () => {
  const port = await freePort();
  [env, database, fakes, receiver] = await Promise.all([
    createDevServerEnv({ port }),
    createTestDatabase(),
    startDeliveryFakes(),
    startWebhookReceiver({ secret: SECRET }),
  ]);
  api = await startTestApi(env, database, TASK_QUEUE);
  worker = new WorkerProcess({
    ...fakes.workerEnv,
    DATABASE_URL: database.url,
    TEMPORAL_ADDRESS: `127.0.0.1:${port}`,
    TEMPORAL_TASK_QUEUE: TASK_QUEUE,
  });
  await worker.start();
}, 120_000);

afterAll(async () => {
  await worker?.stop();
  await api?.close();
  await receiver?.close();
  await fakes?.close();
  await env?.teardown();
  await database?.drop();
});

const iso = (ms: number) => new Date(ms).toISOString();
const ok = (r: { status: number }) => expect(r.status).toBeLessThan(300);
const budgetAlerts = () => receiver.deliveries.filter((d) => d.type === 'budget.threshold_crossed');
const budgetEmails = () => fakes.resend.emails.filter((e) => /^Budget /.test(e.subject ?? ''));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test('a project budget alerts 80 % and then 100 % once each, across a worker restart', async () => {
  const customerId = uniqueId('bud');
  const planId = uniqueId('plan');
  ok(
    await postJson(`${api.url}/v1/plans`, {
      id: planId,
      name: 'Egress',
      currency: 'EUR',
      prices: [
        { id: 'egress', meter: 'network.egress', model: { type: 'counter', unitPrice: '1' } },
      ],
    }),
  );
  ok(
    await postJson(`${api.url}/v1/customers`, {
      id: customerId,
      name: 'Budget GmbH',
      email: 'finance@budget.example',
      currency: 'EUR',
      timezone: 'UTC',
      billingSchedule: 'monthly',
    }),
  );
  ok(
    await postJson(`${api.url}/v1/customers/${customerId}/subscriptions`, {
      id: uniqueId('sub'),
      planId,
      effectiveFrom: '2020-01-01T00:00:00Z',
    }),
  );
  ok(await postJson(`${api.url}/v1/customers/${customerId}/projects`, { id: 'web', name: 'Web' }));
  ok(
    await postJson(`${api.url}/v1/webhook-endpoints`, {
      id: uniqueId('hook'),
      url: receiver.url,
      secret: SECRET,
      eventTypes: ['budget.threshold_crossed'],
    }),
  );
  const budget = await postJson(`${api.url}/v1/customers/${customerId}/budgets`, {
    id: 'web-monthly',
    projectId: 'web',
    amount: '200.00',
    thresholds: [80, 100],
    basis: 'accrued',
  });
  expect(budget.status).toEqual(201);

  let n = 0;
  const egress = (quantity: string, projectId?: string) => ({
    events: [
      {
        id: `e-${(n += 1)}`,
        customerId,
        type: 'usage.recorded',
        timestamp: iso(Date.now() - 1_000),
        resourceId: projectId === undefined ? 'lb-own' : `lb-${projectId}`,
        meter: 'network.egress',
        quantity,
        ...(projectId === undefined ? {} : { projectId }),
      },
    ],
  });

  // 150 + the account's own 500: web is at 75 %, nothing yet.
  ok(await postJson(`${api.url}/v1/events`, egress('150', 'web')));
  ok(await postJson(`${api.url}/v1/events`, egress('500')));
  await sleep(3_000);
  expect(budgetAlerts()).toEqual([]);

  // 165: 80 % crossed, alerted within seconds by webhook and email.
  const crossedAt = Date.now();
  ok(await postJson(`${api.url}/v1/events`, egress('15', 'web')));
  await eventually(
    () => Promise.resolve(budgetAlerts()),
    (alerts) => alerts.length === 1,
    20_000,
  );
  const latencyMs = Date.now() - crossedAt;
  // The figure for the report: event accepted -> webhook received.
  process.stdout.write(`budget alert latency: ${latencyMs} ms\n`);
  expect(latencyMs).toBeLessThan(15_000);
  expect(budgetAlerts()[0]?.payload).toEqual({
    id: `evt_budget.threshold_crossed_budget-alert:${customerId}:web-monthly:${
      (budgetAlerts()[0]?.payload as { id: string }).id.split(':').at(-2) ?? ''
    }:80`,
    customerId,
    budgetId: 'web-monthly',
    projectId: 'web',
    threshold: 80,
    basis: 'accrued',
    amount: '200.00',
    spend: '165.00',
    currency: 'EUR',
    period: expect.objectContaining({ start: expect.any(String), end: expect.any(String) }),
  });

  // Delivery of the 80 % alert settles (its email, then its webhook step) before the crash: a
  // crash mid-delivery would redeliver the same webhook-id, which receivers deduplicate.
  await eventually(
    () => Promise.resolve(budgetEmails()),
    (emails) => emails.length === 1,
    20_000,
  );
  await sleep(2_000);
  // The worker dies; usage crossing 100 % arrives while it is down, and the workflow's
  // history (with the 80 % check in it) is replayed by the new worker.
  await worker.kill();
  ok(await postJson(`${api.url}/v1/events`, egress('35', 'web')));
  await worker.start();
  await eventually(
    () => Promise.resolve(budgetAlerts()),
    (alerts) => alerts.length === 2,
    30_000,
  );
  // More usage after both: nothing more, and nothing twice.
  ok(await postJson(`${api.url}/v1/events`, egress('50', 'web')));
  await sleep(8_000);
  const alerts = budgetAlerts();
  expect(alerts.map((a) => [(a.payload as { threshold: number }).threshold, a.duplicate])).toEqual([
    [80, false],
    [100, false],
  ]);
  await eventually(
    () => Promise.resolve(budgetEmails()),
    (emails) => emails.length === 2,
    20_000,
  );
  expect(budgetEmails().map((e) => e.subject)).toEqual([
    'Budget web-monthly: 80% reached',
    'Budget web-monthly: 100% reached',
  ]);
  // One business event per threshold: in the outbox, and by webhook-id at the receiver.
  const outbox = await database.db.execute(
    sql`select id from billing_events where customer_id = ${customerId} and type = 'budget.threshold_crossed'`,
  );
  expect((Array.isArray(outbox) ? outbox : (outbox as { rows: unknown[] }).rows).length).toEqual(2);
  expect(new Set(alerts.map((a) => a.msgId)).size).toEqual(2);
  const listed = await getJson(`${api.url}/v1/customers/${customerId}/budgets`);
  expect(
    listed.body.data[0].alerts.map((a: { threshold: number; spend: string }) => [
      a.threshold,
      a.spend,
    ]),
  ).toEqual([
    [80, '165.00'],
    [100, '200.00'],
  ]);
}, 180_000);
