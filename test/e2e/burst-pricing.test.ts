import type { RunningApi } from '../../api/server';
import { uniqueId } from '../fixtures/builders';
import { eventually } from '../support/eventually';
import { getJson, ok, postJson } from '../support/http';
import { startTestStack, type TestStack } from '../support/stack';

// Burstable pricing (issue 12) through REST and the billing-cycle workflow: plans with the
// new models, events, the period close, and the invoice lines that say which rule applied.

const TASK_QUEUE = 'e2e-burst';
let api: RunningApi;
let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack(TASK_QUEUE);
  ({ api } = stack);
}, 120_000);

afterAll(() => stack?.stop());

const iso = (ms: number) => new Date(ms).toISOString();

test('plans take baseline, peak and percentile prices; a bad one is 400 naming the field', async () => {
  const plan = (model: Record<string, unknown>) => ({
    id: uniqueId('plan'),
    name: 'Burst',
    currency: 'EUR',
    prices: [{ id: 'p', meter: 'm', groupBy: [], model }],
  });
  const good = [
    { type: 'quantity_time', unit: 'hour', unitPrice: '0.04', baseline: '0.5' },
    { type: 'quantity_time', unit: 'hour', unitPrice: '0.04', baselineDimension: 'baseline' },
    { type: 'peak', unitPrice: '1.50', scope: 'account' },
    { type: 'percentile', unitPrice: '2.00', rateDivisor: '125000' },
    { type: 'percentile', unitPrice: '2.00', percentile: 99.5, intervalSeconds: 900 },
  ];
  for (const model of good) ok(await postJson(`${api.url}/v1/plans`, plan(model)));
  const bad: [Record<string, unknown>, string][] = [
    [{ type: 'percentile', unitPrice: '2', intervalSeconds: 60 }, 'prices.0.model.intervalSeconds'],
    [
      { type: 'percentile', unitPrice: '2', intervalSeconds: 450 },
      'prices.0.model.intervalSeconds',
    ],
    [{ type: 'percentile', unitPrice: '2', percentile: 0 }, 'prices.0.model.percentile'],
    [{ type: 'peak', unitPrice: '1', scope: 'region' }, 'prices.0.model.scope'],
    [
      { type: 'quantity_time', unit: 'hour', unitPrice: '1', baseline: '-1' },
      'prices.0.model.baseline',
    ],
  ];
  for (const [model, field] of bad) {
    const response = await postJson(`${api.url}/v1/plans`, plan(model));
    expect([response.status, response.body.error?.code]).toEqual([400, 'invalid_request']);
    expect(response.body.error.details.map((d: { field: string }) => d.field)).toEqual([field]);
  }
}, 60_000);

/**
 * A daily period anchored a few seconds ahead ends during the test (grace 2 s). A burstable
 * VM above its baseline and two containers priced by their peak, all through REST.
 */
test('REST events to a finalized invoice: baseline overage and per-resource peak', async () => {
  const customerId = uniqueId('burst');
  const planId = uniqueId('plan');
  const periodEnd = Math.ceil((Date.now() + 12_000) / 1000) * 1000;
  ok(
    await postJson(`${api.url}/v1/plans`, {
      id: planId,
      name: 'Burstable',
      currency: 'EUR',
      prices: [
        {
          id: 'cpu-burst',
          meter: 'compute.vcpu',
          groupBy: [],
          unitLabel: 'vCPU-second',
          model: { type: 'quantity_time', unit: 'second', unitPrice: '0.01', baseline: '0.5' },
        },
        {
          id: 'ctr-peak',
          meter: 'compute.container',
          groupBy: [],
          unitLabel: 'vCPU',
          model: { type: 'peak', unitPrice: '1.50', scope: 'resource' },
        },
      ],
    }),
  );
  ok(
    await postJson(`${api.url}/v1/customers`, {
      id: customerId,
      name: 'Burst GmbH',
      email: 'ap@burst.example',
      currency: 'EUR',
      timezone: 'Europe/Berlin',
      billingSchedule: 'daily',
      billingAnchor: iso(periodEnd),
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
  const event = (
    id: string,
    type: string,
    at: number,
    resourceId: string,
    meter: string,
    quantity?: string,
  ) => ({
    id,
    customerId,
    type,
    timestamp: iso(at),
    resourceId,
    meter,
    ...(quantity ? { quantity } : {}),
  });
  const posted = await postJson(`${api.url}/v1/events`, {
    events: [
      // Baseline 0.5: 20 s at 0.5, 10 s at 2, 10 s at 1 -> 0 + 15 + 5 = 20 vCPU-s x 0.01 = 0.20.
      event('v-start', 'resource.started', t0, 'vm-1', 'compute.vcpu', '0.5'),
      event('v-up', 'resource.updated', t0 + 20_000, 'vm-1', 'compute.vcpu', '2'),
      event('v-down', 'resource.updated', t0 + 30_000, 'vm-1', 'compute.vcpu', '1'),
      event('v-stop', 'resource.stopped', t0 + 40_000, 'vm-1', 'compute.vcpu'),
      // Per resource: 2 + 4 = 6 vCPU x 1.50 = 9.00 (they overlap; the scope adds own peaks).
      event('a-start', 'resource.started', t0, 'ctr-a', 'compute.container', '2'),
      event('a-stop', 'resource.stopped', t0 + 10_000, 'ctr-a', 'compute.container'),
      event('b-start', 'resource.started', t0 + 5_000, 'ctr-b', 'compute.container', '4'),
      event('b-stop', 'resource.stopped', t0 + 15_000, 'ctr-b', 'compute.container'),
    ],
  });
  expect(posted.status).toEqual(202);

  const invoices = await eventually(
    () => getJson(`${api.url}/v1/customers/${customerId}/invoices`),
    (r) => r.body.invoices?.[0]?.status === 'open',
    40_000,
  );
  const [invoice] = invoices.body.invoices;
  expect(
    invoice.lines.map((l: { priceId: string; quantity: string; unit: string; amount: string }) => [
      l.priceId,
      l.quantity,
      l.unit,
      l.amount,
    ]),
  ).toEqual([
    ['cpu-burst', '20', 'vCPU-second (above baseline 0.5)', '0.20'],
    ['ctr-peak', '6', 'vCPU (peak per resource)', '9.00'],
  ]);
  expect(invoice.subtotal).toEqual('9.20');
}, 90_000);
