import type { RunningApi } from '../../api/server';
import { uniqueId } from '../fixtures/builders';
import { eventually } from '../support/eventually';
import { getJson, ok, postJson } from '../support/http';
import { startTestStack, type TestStack } from '../support/stack';

// Peak across resources and the 95th percentile through REST and the billing-cycle workflow:
// the workflow loads the plan's burst meters, keeps per-interval counters, reports the
// burst detail to live usage and the preview, persists it with the period's summary, and
// the close rates it.

const TASK_QUEUE = 'e2e-burst-wiring';
let api: RunningApi;
let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack(TASK_QUEUE);
  ({ api } = stack);
}, 120_000);

afterAll(() => stack?.stop());

const iso = (ms: number) => new Date(ms).toISOString();
const INTERVAL = 300_000;
const bytes = (mbps: number) => String(mbps * 125_000 * 300);

test('REST events to a finalized invoice: account peak and 95th percentile', async () => {
  const customerId = uniqueId('burst');
  const planId = uniqueId('plan');
  const periodEnd = Math.ceil((Date.now() + 15_000) / 1000) * 1000;
  const periodStart = periodEnd - 86_400_000;
  ok(
    await postJson(`${api.url}/v1/plans`, {
      id: planId,
      name: 'Burst',
      currency: 'EUR',
      prices: [
        {
          id: 'transit',
          meter: 'network.transit',
          groupBy: [],
          unitLabel: 'Mbps',
          model: { type: 'percentile', unitPrice: '2.00', rateDivisor: '125000' },
        },
        {
          id: 'vcpu-peak',
          meter: 'compute.vcpu',
          groupBy: [],
          unitLabel: 'vCPU',
          model: { type: 'peak', unitPrice: '1.50' },
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
      timezone: 'UTC',
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
  const counter = (id: string, interval: number, quantity: string) => ({
    id,
    customerId,
    type: 'usage.recorded',
    timestamp: iso(periodStart + interval * INTERVAL + 1_000),
    resourceId: 'port-1',
    meter: 'network.transit',
    quantity,
  });
  const vcpu = (id: string, type: string, at: number, resourceId: string, quantity?: string) => ({
    id,
    customerId,
    type,
    timestamp: iso(at),
    resourceId,
    meter: 'compute.vcpu',
    ...(quantity ? { quantity } : {}),
  });
  // A day has 288 intervals: 95 % keeps ceil(273.6) = 274 and drops the top 14. 14 intervals
  // at 900 Mbps are dropped; the next, 60 + 40 = 100 Mbps (its second counter comes late),
  // is billed: 100 x 2.00 = 200.00.
  const busy = Array.from({ length: 14 }, (_, i) => counter(`t-${i}`, 10 + i, bytes(900)));
  const t0 = Date.now() - 60_000;
  ok(
    await postJson(`${api.url}/v1/events`, {
      events: [
        ...busy,
        counter('t-a', 100, bytes(60)),
        // vm-b (4) and vm-c (2) overlap for 10 s: 6 vCPU x 1.50 = 9.00.
        vcpu('b-start', 'resource.started', t0, 'vm-b', '4'),
        vcpu('c-start', 'resource.started', t0 + 20_000, 'vm-c', '2'),
        vcpu('b-stop', 'resource.stopped', t0 + 30_000, 'vm-b'),
        vcpu('c-stop', 'resource.stopped', t0 + 40_000, 'vm-c'),
      ],
    }),
  );
  ok(await postJson(`${api.url}/v1/events`, { events: [counter('t-late', 100, bytes(40))] }));

  // Live usage (the strict response schema) and the preview already rate both rules.
  const preview = await eventually(
    () => getJson(`${api.url}/v1/customers/${customerId}/invoice-preview`),
    (r) => r.status === 200 && r.body.lines?.length === 2 && r.body.lines[0].quantity === '100',
    10_000,
  );
  expect(preview.body.subtotal).toEqual('209.00');
  const live = await getJson(`${api.url}/v1/customers/${customerId}/usage`);
  expect([live.status, live.body.cost?.accrued]).toEqual([200, '209.00']);
  // The portal's usage over time rates from the same burst detail (replayed from the ledger):
  // its meters add up to the same 200.00 and 9.00.
  const meters = await getJson(`${api.url}/v1/customers/${customerId}/meters`);
  expect([meters.status, meters.body.error]).toEqual([200, undefined]);
  expect(
    meters.body.data.map((m: { meter: string; cost: string }) => [m.meter, m.cost]).sort(),
  ).toEqual([
    ['compute.vcpu', '9'],
    ['network.transit', '200'],
  ]);
  const series = await getJson(`${api.url}/v1/customers/${customerId}/usage/timeseries`);
  expect(series.status).toEqual(200);

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
    ['transit', '100', 'Mbps (95th percentile of 288 x 300 s intervals, 14 dropped)', '200.00'],
    ['vcpu-peak', '6', `vCPU (peak at ${iso(t0 + 20_000)})`, '9.00'],
  ]);
}, 90_000);
