import path from 'node:path';
import puppeteer, { type Page } from 'puppeteer-core';
import type { RunningApi } from '../../api/server';
import { portalLink } from '../../portal/demo-data';
import { uniqueId } from '../fixtures/builders';
import { eventually } from '../support/eventually';
import { getJson, ok, postJson, TEST_OPERATOR_KEY } from '../support/http';
import { CHROMIUM_PATH } from '../pdf/pdf-tools';
import { startTestStack, type TestStack } from '../support/stack';

// Burst figures live (issue 12) and late percentile counters across periods, through REST
// and the billing-cycle workflow. Every figure is worked out in the comment beside it.

const TASK_QUEUE = 'e2e-burst-live';
let api: RunningApi;
let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack(TASK_QUEUE);
  ({ api } = stack);
}, 120_000);

afterAll(() => stack?.stop());

const S = 1_000;
const MIN = 60 * S;
const DAY = 86_400 * S;
const INTERVAL = 300 * S;
const iso = (ms: number) => new Date(ms).toISOString();
/** Bytes in one 300 s interval at `mbps` (1 Mbps = 125,000 bytes/s). */
const bytes = (mbps: number) => String(mbps * 125_000 * 300);

async function customerWith(prices: unknown[], periodEnd: number, graceSeconds: number) {
  const customerId = uniqueId('burst');
  const planId = uniqueId('plan');
  ok(await postJson(`${api.url}/v1/plans`, { id: planId, name: 'Burst', currency: 'EUR', prices }));
  ok(
    await postJson(`${api.url}/v1/customers`, {
      id: customerId,
      name: 'Burst GmbH',
      email: 'ap@burst.example',
      currency: 'EUR',
      timezone: 'UTC',
      billingSchedule: 'daily',
      billingAnchor: iso(periodEnd),
      gracePeriodSeconds: graceSeconds,
    }),
  );
  ok(
    await postJson(`${api.url}/v1/customers/${customerId}/subscriptions`, {
      id: uniqueId('sub'),
      planId,
      effectiveFrom: '2020-01-01T00:00:00Z',
    }),
  );
  // The billing cycle started with the customer and read the plan's burst meters then,
  // racing the subscription (see the last test). Started again by the first event, it reads
  // them with the subscription in place.
  await stack.env.client.workflow.getHandle(`billing-cycle:${customerId}`).terminate();
  return customerId;
}

const transitPrice = (percentile?: number) => ({
  id: 'transit',
  meter: 'network.transit',
  groupBy: [],
  unitLabel: 'Mbps',
  model: {
    type: 'percentile',
    unitPrice: '2.00',
    rateDivisor: '125000',
    ...(percentile === undefined ? {} : { percentile }),
  },
});

test('live usage gives each resource and meter its baseline overage, running peak and running percentile', async () => {
  // The period started 11 minutes ago: 3 intervals of 300 s have begun (for 4 minutes more).
  const start = Math.floor(Date.now() / S) * S - 11 * MIN;
  const periodEnd = start + DAY;
  const t0 = start + MIN;
  const customerId = await customerWith(
    [
      {
        id: 'cpu',
        meter: 'compute.cpu',
        groupBy: [],
        unitLabel: 'vCPU-second',
        model: {
          type: 'quantity_time',
          unit: 'second',
          unitPrice: '0.01',
          baseline: '0.5',
          baselineDimension: 'baseline',
        },
      },
      {
        id: 'vcpu-peak',
        meter: 'compute.vcpu',
        groupBy: [],
        unitLabel: 'vCPU',
        model: { type: 'peak', unitPrice: '1.50' },
      },
      transitPrice(50),
    ],
    periodEnd,
    60,
  );
  const event = (
    id: string,
    type: string,
    at: number,
    resourceId: string,
    meter: string,
    quantity?: string,
    dimensions?: Record<string, string>,
  ) => ({
    id,
    customerId,
    type,
    timestamp: iso(at),
    resourceId,
    meter,
    ...(quantity ? { quantity } : {}),
    ...(dimensions ? { dimensions } : {}),
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
  ok(
    await postJson(`${api.url}/v1/events`, {
      events: [
        // Baseline 0.5: 20 s at 0.5, 20 s at 2 -> 1.5 x 20 = 30 vCPU-s. vm-2's own baseline
        // is 1 (dimension) and it runs on at 2: 1 vCPU-s per second since t0.
        event('v1-start', 'resource.started', t0, 'vm-1', 'compute.cpu', '0.5'),
        event('v1-up', 'resource.updated', t0 + 20 * S, 'vm-1', 'compute.cpu', '2'),
        event('v1-stop', 'resource.stopped', t0 + 40 * S, 'vm-1', 'compute.cpu'),
        event('v2-start', 'resource.started', t0, 'vm-2', 'compute.cpu', '2', { baseline: '1' }),
        // vm-b 4 from t0 to t0 + 30 s, vm-c 2 from t0 + 20 s on: the account peak is 6 from
        // t0 + 20 s; vm-b's own 4 from t0, vm-c's own 2 from t0 + 20 s.
        event('b-start', 'resource.started', t0, 'vm-b', 'compute.vcpu', '4'),
        event('c-start', 'resource.started', t0 + 20 * S, 'vm-c', 'compute.vcpu', '2'),
        event('b-stop', 'resource.stopped', t0 + 30 * S, 'vm-b', 'compute.vcpu'),
        // p 50 of 3 intervals: ceil(1.5) = 2 kept, the top 1 dropped: 900 Mbps in interval 0
        // is dropped, interval 1 (60 + 40 Mbps, the 40 sent later) is billed: 100 Mbps.
        counter('t-0', 0, 900),
        counter('t-1', 1, 60),
      ],
    }),
  );
  ok(await postJson(`${api.url}/v1/events`, { events: [counter('t-1-late', 1, 40)] }));

  const live = await eventually(
    () => getJson(`${api.url}/v1/customers/${customerId}/usage`),
    (r) => r.status === 200 && r.body.lastSequence === 10,
    15_000,
  );
  expect([live.status, live.body.lastSequence]).toEqual([200, 10]);
  const asOfMs = Date.parse(live.body.asOf);
  expect(asOfMs - start).toBeLessThan(15 * MIN); // still 3 intervals begun
  const vm2Overage = String((asOfMs - t0) / S); // (2 - 1) x the seconds since t0
  const byResource = Object.fromEntries(
    live.body.resources.map((r: { resourceId: string; burst?: unknown }) => [
      r.resourceId,
      r.burst ?? null,
    ]),
  );
  expect(byResource).toEqual({
    'port-1': {
      rule: 'percentile',
      priceId: 'transit',
      scope: 'resource',
      percentile: 50,
      intervalSeconds: 300,
      rate: '100',
      intervals: 3,
      dropped: 1,
    },
    'vm-1': { rule: 'baseline', priceId: 'cpu', baseline: '0.5', overageQuantitySeconds: '30' },
    'vm-2': { rule: 'baseline', priceId: 'cpu', baseline: '1', overageQuantitySeconds: vm2Overage },
    'vm-b': { rule: 'peak', priceId: 'vcpu-peak', scope: 'resource', peak: '4', peakAt: iso(t0) },
    'vm-c': {
      rule: 'peak',
      priceId: 'vcpu-peak',
      scope: 'resource',
      peak: '2',
      peakAt: iso(t0 + 20 * S),
    },
  });
  const byMeter = Object.fromEntries(
    live.body.meters.map((m: { meter: string; burst?: unknown }) => [m.meter, m.burst ?? null]),
  );
  expect(byMeter).toEqual({
    // The forecast lets vm-2 run to the period end: 30 + (periodEnd - t0) = 30 + 86,340.
    'compute.cpu': [
      {
        rule: 'baseline',
        priceId: 'cpu',
        dimensions: {},
        baseline: '0.5',
        overageQuantitySeconds: String(30 + (asOfMs - t0) / S),
        forecastOverageQuantitySeconds: '86370',
      },
    ],
    // vm-c keeps 2 to the period end: the peak stays 6.
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
        percentile: 50,
        intervalSeconds: 300,
        rate: '100',
        intervals: 3,
        dropped: 1,
        forecastRate: '100',
      },
    ],
  });
  // The cost agrees: 86,370 x 0.01 = 863.70; 6 x 1.50 = 9.00; 100 x 2.00 = 200.00.
  const cost = Object.fromEntries(
    live.body.cost.meters.map((m: { meter: string; accrued: string; forecast: string }) => [
      m.meter,
      m.meter === 'compute.cpu' ? m.forecast : [m.accrued, m.forecast],
    ]),
  );
  expect(cost).toEqual({
    'compute.cpu': '863.70',
    'compute.vcpu': ['9.00', '9.00'],
    'network.transit': ['200.00', '200.00'],
  });

  // The portal draws them: the overview, the usage page's meters, a resource's page.
  const browser = await puppeteer.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    pipe: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
  try {
    const page = await browser.newPage();
    page.setDefaultTimeout(20_000);
    await page.setViewport({ width: 1280, height: 900 });
    const link = new URL(
      await portalLink({ url: api.url, operatorKey: TEST_OPERATOR_KEY }, customerId),
    );
    await page.goto(`${api.url}${link.pathname}${link.search}${link.hash}`);
    const peakAt = await textAfter(page, '[data-testid="burst-compute.vcpu"]');
    expect(peakAt).toEqual(['6', expect.stringMatching(/^reached .*2026.*$/)]);
    expect(await textAfter(page, '[data-testid="burst-network.transit"]')).toEqual([
      '100',
      '1 of 3 intervals dropped',
    ]);
    await shoot(page, 'burst-overview.png');
    await page.goto(`${api.url}/portal/usage`);
    await page.waitForSelector('td [data-testid="burst-network.transit"]');
    expect(await textOf(page, 'td [data-testid="burst-network.transit"]')).toEqual(
      '50th percentile 100, 1 of 3 intervals dropped',
    );
    expect(await textOf(page, 'td [data-testid="burst-compute.vcpu"]')).toEqual(
      `peak 6, ${peakAt[1]}`,
    );
    await shoot(page, 'burst-usage.png');
    await page.goto(`${api.url}/portal/resources/vm-c?meter=compute.vcpu`);
    expect(await textAfter(page, '[data-testid="burst-compute.vcpu"]')).toEqual([
      '2',
      expect.stringMatching(/^reached .*2026.* \(per resource\)$/),
    ]);
    await shoot(page, 'burst-resource.png');
  } finally {
    await browser.close();
  }
}, 120_000);

/** In-page expressions are strings: this file is compiled without the DOM library. */
const textOf = async (page: Page, selector: string): Promise<string> =>
  String(await page.evaluate(`document.querySelector(${JSON.stringify(selector)})?.textContent`));

/** A figure's value and the note after it, once drawn. */
async function textAfter(page: Page, selector: string): Promise<[string, string]> {
  await page.waitForSelector(selector);
  const value = await textOf(page, selector);
  const note = String(
    await page.evaluate(
      `document.querySelector(${JSON.stringify(selector)})?.nextElementSibling?.textContent`,
    ),
  );
  return [value, note];
}

/** BURST_SCREENSHOTS_DIR: where to keep pictures of the pages, to look at them. */
async function shoot(page: Page, file: string): Promise<void> {
  const dir = process.env.BURST_SCREENSHOTS_DIR;
  if (dir) await page.screenshot({ path: path.join(dir, file), fullPage: true });
}

/**
 * A daily period ends 20 s into the test, with a 15 s grace period. Percentile counters of
 * that period arrive before its end, during its grace period, and after it is finalized:
 * each lands in its own interval of that period, by its timestamp.
 */
test('late percentile counters land in their own interval of the closed period: final invoice, then an adjustment', async () => {
  const periodEnd = Math.ceil((Date.now() + 20 * S) / S) * S;
  const start = periodEnd - DAY;
  const customerId = await customerWith([transitPrice()], periodEnd, 15);
  const counter = (id: string, interval: number, mbps: number) => ({
    id,
    customerId,
    type: 'usage.recorded',
    timestamp: iso(start + interval * INTERVAL + 1_000),
    resourceId: 'port-1',
    meter: 'network.transit',
    quantity: bytes(mbps),
  });
  // 288 intervals, p 95: ceil(273.6) = 274 kept, the top 14 dropped. 14 intervals at 900 Mbps
  // are dropped; interval 100 is billed.
  const busy = Array.from({ length: 14 }, (_, i) => counter(`t-${i}`, 10 + i, 900));
  ok(await postJson(`${api.url}/v1/events`, { events: [...busy, counter('t-100', 100, 60)] }));
  const invoicesOf = () => getJson(`${api.url}/v1/customers/${customerId}/invoices`);
  const draft = await eventually(
    invoicesOf,
    (r) => r.body.invoices?.[0]?.status === 'draft',
    40_000,
  );
  expect(draft.body.invoices[0].lines[0].quantity).toEqual('60');

  // Closed, within the grace period: 20 Mbps more in interval 100 -> 80 Mbps, 160.00.
  ok(await postJson(`${api.url}/v1/events`, { events: [counter('t-grace', 100, 20)] }));
  const finalized = await eventually(
    invoicesOf,
    (r) => r.body.invoices?.[0]?.status === 'open',
    40_000,
  );
  const [invoice] = finalized.body.invoices;
  expect(
    invoice.lines.map((l: { quantity: string; unit: string; amount: string }) => [
      l.quantity,
      l.unit,
      l.amount,
    ]),
  ).toEqual([['80', 'Mbps (95th percentile of 288 x 300 s intervals, 14 dropped)', '160.00']]);

  // After finalization: 20 Mbps more in interval 100 -> 100 Mbps, 200.00; 40.00 was not
  // billed, so the next invoice carries an adjustment of 20 Mbps, 40.00. Had the counter
  // gone to an interval of its own (20 Mbps), the billed 80 would stand: no adjustment.
  ok(await postJson(`${api.url}/v1/events`, { events: [counter('t-late', 100, 20)] }));
  const preview = await eventually(
    () => getJson(`${api.url}/v1/customers/${customerId}/invoice-preview`),
    (r) => r.status === 200 && r.body.lines?.length === 1,
    15_000,
  );
  expect(
    preview.body.lines.map(
      (l: { lineId: string; quantity: string; unit: string; amount: string }) => [
        l.lineId.startsWith(`adj-${start}-transit`),
        l.quantity,
        l.unit,
        l.amount,
      ],
    ),
  ).toEqual([[true, '20', 'Mbps (95th percentile of 288 x 300 s intervals, 14 dropped)', '40.00']]);
  const live = await getJson(`${api.url}/v1/customers/${customerId}/usage`);
  expect([live.status, live.body.lateUsage, live.body.cost.accrued]).toEqual([
    200,
    [
      {
        resourceId: 'port-1',
        meter: 'network.transit',
        dimensions: {},
        quantity: bytes(20),
        periodStart: iso(start),
      },
    ],
    '40.00',
  ]);
}, 120_000);

/**
 * A percentile price enabled after the cycle started (here: the plan comes after the first
 * counter) finds counters kept without their intervals: they are metered again from the
 * ledger with them (docs/billing-rules.md, "A burst price that arrives after the cycle
 * started"), and the live reads rate the period by that rule.
 */
test('a percentile enabled mid-period: live usage and the preview rate it from the ledger', async () => {
  const periodEnd = Math.ceil((Date.now() + DAY / 2) / S) * S;
  const customerId = uniqueId('burst');
  const planId = uniqueId('plan');
  ok(
    await postJson(`${api.url}/v1/plans`, {
      id: planId,
      name: 'Burst',
      currency: 'EUR',
      prices: [transitPrice()],
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
    }),
  );
  ok(
    await postJson(`${api.url}/v1/events`, {
      events: [
        {
          id: 't-0',
          customerId,
          type: 'usage.recorded',
          timestamp: iso(Date.now() - MIN),
          resourceId: 'port-1',
          meter: 'network.transit',
          quantity: bytes(10),
        },
      ],
    }),
  );
  const applied = await eventually(
    () => getJson(`${api.url}/v1/customers/${customerId}/usage`),
    (r) => r.status === 200 && r.body.lastSequence === 1,
    15_000,
  );
  expect([applied.status, applied.body.cost]).toEqual([200, null]);
  ok(
    await postJson(`${api.url}/v1/customers/${customerId}/subscriptions`, {
      id: uniqueId('sub'),
      planId,
      effectiveFrom: '2020-01-01T00:00:00Z',
    }),
  );
  // 12 h into the period: N = 144 (or 145) intervals, ceil(0.95 N) kept, the top 7 dropped;
  // only one interval had traffic, so the billed one had none: 0 Mbps, 0.00.
  const live = await getJson(`${api.url}/v1/customers/${customerId}/usage`);
  expect([live.status, live.body.resources?.[0]?.burst?.rate, live.body.cost?.accrued]).toEqual([
    200,
    '0',
    '0.00',
  ]);
  expect([live.body.resources[0].burst.rule, live.body.resources[0].burst.dropped]).toEqual([
    'percentile',
    7,
  ]);
  const preview = await getJson(`${api.url}/v1/customers/${customerId}/invoice-preview`);
  expect([preview.status, preview.body.lines?.[0]?.quantity, preview.body.subtotal]).toEqual([
    200,
    '0',
    '0.00',
  ]);
}, 60_000);
