import type { RunningApi } from '../../api/server';
import { uniqueId } from '../fixtures/builders';
import { eventually } from '../support/eventually';
import { getJson, ok, postJson } from '../support/http';
import { startTestStack, type TestStack } from '../support/stack';

// A burst plan subscribed after the billing cycle started (the normal order: the customer,
// then its subscription): the cycle read "no burst meters" at its start and keeps no burst
// detail, yet live usage shows the burst figures and the period closes with the peak and
// percentile lines (docs/billing-rules.md, "A burst price that arrives after the cycle
// started"). Through REST and the real billing-cycle workflow; figures worked out beside.

const TASK_QUEUE = 'e2e-burst-late-plan';
let api: RunningApi;
let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack(TASK_QUEUE);
  ({ api } = stack);
}, 120_000);

afterAll(() => stack?.stop());

const S = 1_000;
const DAY = 86_400 * S;
const INTERVAL = 300 * S;
const iso = (ms: number) => new Date(ms).toISOString();
/** Bytes in one 300 s interval at `mbps` (1 Mbps = 125,000 bytes/s). */
const bytes = (mbps: number) => String(mbps * 125_000 * 300);

/** The billing cycle has run its loadBurstMeters activity (before any subscription). */
async function burstMetersLoaded(customerId: string): Promise<boolean> {
  const history = await stack.env.client.workflow
    .getHandle(`billing-cycle:${customerId}`)
    .fetchHistory();
  // A local activity (the cycle's short steps are) leaves one marker naming its type.
  return (history.events ?? []).some((e) => {
    const marker = e.markerRecordedEventAttributes;
    const data = marker?.details?.data?.payloads?.[0]?.data;
    return (
      marker?.markerName === 'core_local_activity' &&
      data !== undefined &&
      data !== null &&
      Buffer.from(data).toString('utf8').includes('"loadBurstMeters"')
    );
  });
}

test('subscribed after the cycle started: live burst figures, then an invoice with the percentile and peak lines', async () => {
  // A daily period ending 40 s from now (grace 2 s): its 288 intervals have all begun.
  const periodEnd = Math.ceil((Date.now() + 40 * S) / S) * S;
  const start = periodEnd - DAY;
  const customerId = uniqueId('late-burst');
  const planId = uniqueId('plan');
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
          model: {
            type: 'percentile',
            unitPrice: '2.00',
            rateDivisor: '125000',
            percentile: 99.5,
          },
        },
        {
          id: 'vcpu-peak',
          meter: 'compute.vcpu',
          groupBy: [],
          unitLabel: 'vCPU',
          model: { type: 'peak', unitPrice: '1.50', scope: 'account' },
        },
      ],
    }),
  );
  ok(
    await postJson(`${api.url}/v1/customers`, {
      id: customerId,
      name: 'Late Burst GmbH',
      email: 'ap@late-burst.example',
      currency: 'EUR',
      timezone: 'UTC',
      billingSchedule: 'daily',
      billingAnchor: iso(periodEnd),
      gracePeriodSeconds: 2,
    }),
  );
  // The cycle is running and has read its (empty) burst meters: no plan yet.
  const before = await eventually(
    () => getJson(`${api.url}/v1/customers/${customerId}/usage`),
    (r) => r.status === 200,
    15_000,
  );
  expect([before.status, before.body.cost]).toEqual([200, null]);
  expect(await eventually(() => burstMetersLoaded(customerId), Boolean, 15_000)).toBe(true);

  ok(
    await postJson(`${api.url}/v1/customers/${customerId}/subscriptions`, {
      id: uniqueId('sub'),
      planId,
      effectiveFrom: '2020-01-01T00:00:00Z',
    }),
  );
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
  const counter = (id: string, interval: number, mbps: number) =>
    event(
      id,
      'usage.recorded',
      start + interval * INTERVAL + S,
      'port-1',
      'network.transit',
      bytes(mbps),
    );
  const t0 = Date.now() - 60 * S;
  ok(
    await postJson(`${api.url}/v1/events`, {
      events: [
        // p 99.5 of 288 intervals: ceil(286.56) = 287 kept, the top 1 dropped. 900 Mbps in
        // interval 0 is dropped; interval 1 (60 + 40 Mbps) is billed: 100 x 2.00 = 200.00.
        counter('t-0', 0, 900),
        counter('t-1a', 1, 60),
        counter('t-1b', 1, 40),
        counter('t-2', 2, 30),
        // Account peak: vm-a 4 vCPU [t0, t0 + 30 s), vm-b 2 from t0 + 20 s on -> 6 at
        // t0 + 20 s; 6 x 1.50 = 9.00.
        event('a-start', 'resource.started', t0, 'vm-a', 'compute.vcpu', '4'),
        event('b-start', 'resource.started', t0 + 20 * S, 'vm-b', 'compute.vcpu', '2'),
        event('a-stop', 'resource.stopped', t0 + 30 * S, 'vm-a', 'compute.vcpu'),
      ],
    }),
  );

  // During the period: 200, with the figures from the ledger.
  const live = await eventually(
    () => getJson(`${api.url}/v1/customers/${customerId}/usage`),
    (r) => r.status !== 200 || r.body.lastSequence === 7,
    15_000,
  );
  expect([live.status, live.body.lastSequence, live.body.period?.end]).toEqual([
    200,
    7,
    iso(periodEnd),
  ]);
  const byMeter = Object.fromEntries(
    live.body.meters.map((m: { meter: string; burst?: unknown }) => [m.meter, m.burst ?? null]),
  );
  expect(byMeter).toEqual({
    // vm-b keeps 2 to the period end: the peak stays 6.
    'compute.vcpu': [
      {
        rule: 'peak',
        priceId: 'vcpu-peak',
        dimensions: {},
        scope: 'account',
        peak: '6',
        peakAt: iso(t0 + 20 * S),
        forecastPeak: '6',
      },
    ],
    'network.transit': [
      {
        rule: 'percentile',
        priceId: 'transit',
        dimensions: {},
        scope: 'resource',
        percentile: 99.5,
        intervalSeconds: 300,
        rate: '100',
        intervals: 288,
        dropped: 1,
        forecastRate: '100',
      },
    ],
  });
  expect(live.body.cost.accrued).toEqual('209.00');
  const preview = await getJson(`${api.url}/v1/customers/${customerId}/invoice-preview`);
  expect([preview.status, preview.body.subtotal]).toEqual([200, '209.00']);

  // The period closes and is finalized: the invoice exists with both burst lines.
  const invoices = await eventually(
    () => getJson(`${api.url}/v1/customers/${customerId}/invoices`),
    (r) => r.body.invoices?.[0]?.status === 'open',
    90_000,
  );
  expect(invoices.body.invoices?.[0]?.status).toEqual('open');
  const [invoice] = invoices.body.invoices;
  expect(
    invoice.lines.map((l: { priceId: string; quantity: string; unit: string; amount: string }) => [
      l.priceId,
      l.quantity,
      l.unit,
      l.amount,
    ]),
  ).toEqual([
    ['transit', '100', 'Mbps (99.5th percentile of 288 x 300 s intervals, 1 dropped)', '200.00'],
    ['vcpu-peak', '6', `vCPU (peak at ${iso(t0 + 20 * S)})`, '9.00'],
  ]);
  expect([invoice.period.start, invoice.subtotal]).toEqual([iso(start), '209.00']);
}, 180_000);
