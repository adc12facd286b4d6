import { Client, Connection } from '@temporalio/client';
import { saveNewPlan } from '../../db/repositories/catalog.repository';
import { saveNewCustomer } from '../../db/repositories/customers.repository';
import { appendEvents, type NewEvent } from '../../db/repositories/ledger.repository';
import { saveNewSubscription } from '../../db/repositories/subscriptions.repository';
import { DEFAULT_BILLING_PROFILE } from '../../domain/customer';
import { Decimal } from '../../domain/decimal';
import { aCustomer, uniqueId } from '../fixtures/builders';
import { aPlan } from '../fixtures/catalog';
import { useApiStack } from '../support/api-stack';
import { authHeaders, getJson, postJson } from '../support/http';
import { eventually } from '../support/eventually';
import { bundleWorkflows, startApiWithClient, startTestWorker, testLogger } from '../support/stack';

const stack = useApiStack('e2e-usage-analytics');
const H = 3_600_000;
const SMALL = { flavor: 'm1.small', region: 'fra1' };
// The customers' monthly periods start 3 days ago (an anchor), so every event below is in
// the current period whatever the date the test runs on.
const NOW = Date.now();
const iso = (ms: number) => new Date(ms).toISOString();

let mine: string;
let theirs: string;
let myKey: string;

async function customerWithUsage(): Promise<string> {
  const { db } = stack.database;
  const customer = aCustomer({
    id: uniqueId('cus'),
    timezone: 'Europe/Berlin',
    billingAnchorMs: NOW - 3 * 24 * H,
  });
  await saveNewCustomer(db, customer, DEFAULT_BILLING_PROFILE);
  const plan = await saveNewPlan(db, aPlan({ id: uniqueId('plan'), minimumCommitment: null }));
  await saveNewSubscription(db, {
    id: uniqueId('sub'),
    customerId: customer.id,
    planId: plan.id,
    effectiveFromMs: NOW - 30 * 24 * H,
  });
  let n = 0;
  const event = (
    type: NewEvent['type'],
    atMs: number,
    resourceId: string,
    meter: string,
    fields: Partial<NewEvent> = {},
  ): NewEvent => {
    n += 1;
    return {
      customerId: customer.id,
      id: `e${n}`,
      type,
      timestampMs: atMs,
      resourceId,
      meter,
      dimensions: null,
      quantity: null,
      ...fields,
    };
  };
  await appendEvents(db, [
    // vm-1 ran exactly 1 h (0.0066), vm-2 30 min (0.0033), vm-3 is still running.
    event('resource.started', NOW - 2 * H, 'vm-1', 'compute.vm', { dimensions: SMALL }),
    event('resource.stopped', NOW - H, 'vm-1', 'compute.vm'),
    event('resource.started', NOW - 2 * H, 'vm-2', 'compute.vm', { dimensions: SMALL }),
    event('resource.stopped', NOW - 1.5 * H, 'vm-2', 'compute.vm'),
    event('resource.started', NOW - 0.5 * H, 'vm-3', 'compute.vm', { dimensions: SMALL }),
    event('usage.recorded', NOW - 1.5 * H, 'lb-1', 'network.egress', { quantity: '2000000000' }),
  ]);
  return customer.id;
}

beforeAll(async () => {
  mine = await customerWithUsage();
  theirs = await customerWithUsage();
  const issued = await postJson(`${stack.api.url}/v1/api-keys`, {
    kind: 'customer',
    customerId: mine,
  });
  expect(issued.status).toEqual(201);
  myKey = issued.body.key as string;
}, 60_000);

const get = (path: string, token: string | null = myKey) =>
  getJson(`${stack.api.url}${path}`, token);

test('the timeseries stacks usage and cost by meter, with the exact totals', async () => {
  const from = iso(NOW - 3 * H);
  const to = iso(NOW - H);
  const response = await get(
    `/v1/customers/${mine}/usage/timeseries?from=${from}&to=${to}&granularity=hour&groupBy=resource`,
  );
  expect(response.status).toEqual(200);
  expect(response.body).toMatchObject({
    from: iso(NOW - 3 * H),
    to: iso(NOW - H),
    granularity: 'hour',
    groupBy: 'resource',
    timeZone: 'Europe/Berlin',
    currency: 'EUR',
  });
  // vm-1 ran 1 h of the range (0.0066/h), vm-2 30 min; lb-1's 2 GB are within the 10 GB free.
  expect(response.body.totals).toEqual([
    { key: 'lb-1', quantity: '2000000000', unit: 'unit', cost: '0' },
    { key: 'vm-1', quantity: '3600', unit: 'second', cost: '0.0066' },
    { key: 'vm-2', quantity: '1800', unit: 'second', cost: '0.0033' },
  ]);
  // Local hours: the first and last buckets are cut at the range's ends.
  expect(response.body.buckets[0].start).toEqual(from);
  expect(response.body.buckets.at(-1).end).toEqual(to);
});

test('the CSV is the same table', async () => {
  const from = iso(NOW - 3 * H);
  const to = iso(NOW - H);
  const response = await fetch(
    `${stack.api.url}/v1/customers/${mine}/usage/timeseries.csv?from=${from}&to=${to}&groupBy=meter`,
    { headers: authHeaders(myKey) },
  );
  expect(response.status).toEqual(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
  const lines = (await response.text()).trimEnd().split('\r\n');
  expect(lines[0]).toEqual('start,end,key,quantity,unit,cost');
  // Day buckets are Berlin days: run between 01:00 and 03:00 Berlin time, the range holds a
  // midnight and a meter has a row on each side of it. Summed per meter, the figures are exact.
  const perMeter = new Map<string, [Decimal, string, Decimal]>();
  for (const [key, quantity, unit, cost] of lines.slice(1).map((l) => l.split(',').slice(2))) {
    const was = perMeter.get(key!) ?? [new Decimal(0), unit!, new Decimal(0)];
    perMeter.set(key!, [was[0].plus(quantity!), unit!, was[2].plus(cost!)]);
  }
  expect(
    [...perMeter].map(([key, [quantity, unit, cost]]) => [
      key,
      quantity.toString(),
      unit,
      cost.toString(),
    ]),
  ).toEqual([
    ['compute.vm', '5400', 'second', '0.0099'],
    ['network.egress', '2000000000', 'unit', '0'],
  ]);
});

test('drill-down: meters, resources page by page, a resource and its runs', async () => {
  const meters = await get(`/v1/customers/${mine}/meters`);
  expect(meters.status).toEqual(200);
  expect(
    meters.body.data.map((m: { meter: string; resourceCount: number }) => [
      m.meter,
      m.resourceCount,
    ]),
  ).toEqual([
    ['compute.vm', 3],
    ['network.egress', 1],
  ]);

  const first = await get(`/v1/customers/${mine}/resources?meter=compute.vm&limit=2`);
  expect(first.status).toEqual(200);
  // By cost: vm-1 (0.0066), then vm-2 (0.0033) or the running vm-3 (about 0.0033 by now).
  expect(first.body.data[0]).toMatchObject({
    resourceId: 'vm-1',
    meter: 'compute.vm',
    unit: 'second',
    quantity: '3600',
    cost: '0.0066',
    runCount: 1,
    dimensions: SMALL,
  });
  const second = await get(
    `/v1/customers/${mine}/resources?meter=compute.vm&limit=2&cursor=${first.body.nextCursor as string}`,
  );
  const ids = [...first.body.data, ...second.body.data].map(
    (r: { resourceId: string }) => r.resourceId,
  );
  expect([...ids].sort()).toEqual(['vm-1', 'vm-2', 'vm-3']);
  expect(second.body.nextCursor).toBeNull();

  const runs = await get(`/v1/customers/${mine}/resources/vm-1/runs`);
  expect(runs.status).toEqual(200);
  expect(runs.body).toEqual({
    resourceId: 'vm-1',
    currency: 'EUR',
    runs: [
      {
        runId: `compute.vm@${NOW - 2 * H}`,
        meter: 'compute.vm',
        start: iso(NOW - 2 * H),
        stop: iso(NOW - H),
        durationSeconds: '3600',
        quantity: '3600',
        unit: 'second',
        cost: '0.0066',
        dimensions: SMALL,
        segments: [
          {
            start: iso(NOW - 2 * H),
            end: iso(NOW - H),
            quantity: '1',
            seconds: '3600',
            usage: '3600',
            cost: '0.0066',
          },
        ],
      },
    ],
    total: { quantity: '3600', cost: '0.0066' },
  });
  const open = await get(`/v1/customers/${mine}/resources/vm-3/runs`);
  expect(open.body.runs[0].stop).toBeNull();
  expect(Number(open.body.runs[0].durationSeconds)).toBeGreaterThanOrEqual(1800);
});

test('the overview answers without the workflow: live "unavailable", figures from the ledger', async () => {
  // No worker runs here and the events went straight to the ledger: there is no workflow to
  // ask, as when Temporal is down. The page still gets its figures.
  const response = await get(`/v1/customers/${mine}/overview`);
  expect(response.status).toEqual(200);
  expect(response.body).toMatchObject({
    customerId: mine,
    currency: 'EUR',
    locale: 'en-US',
    timeZone: 'Europe/Berlin',
    period: { start: iso(NOW - 3 * 24 * H) },
    creditBalance: '0.00',
    openAmount: '0.00',
    overdueAmount: '0.00',
    resourceCount: 4,
    live: 'unavailable',
  });
  // 1 h + 30 min + the running vm-3 so far, then rounded on the invoice: at least 0.01.
  expect(Number(response.body.accrued)).toBeGreaterThanOrEqual(0.01);
  expect(Number(response.body.forecast)).toBeGreaterThan(Number(response.body.accrued));
  expect(response.body.topResources[0]).toMatchObject({ resourceId: 'vm-1', cost: '0.0066' });
});

test("a customer key sees only its own customer's usage (404 for another's)", async () => {
  const paths = (id: string) => [
    `/v1/customers/${id}/overview`,
    `/v1/customers/${id}/usage/timeseries`,
    `/v1/customers/${id}/usage/timeseries.csv`,
    `/v1/customers/${id}/meters`,
    `/v1/customers/${id}/resources`,
    `/v1/customers/${id}/resources/vm-1/runs`,
  ];
  for (const path of paths(theirs)) {
    const response = await get(path);
    expect([path, response.status, response.body.error?.code]).toEqual([
      path,
      404,
      'customer_not_found',
    ]);
  }
  const status = async (path: string, token: string | null) =>
    (await fetch(`${stack.api.url}${path}`, { headers: authHeaders(token) })).status;
  for (const path of paths(mine)) {
    expect([path, await status(path, myKey)]).toEqual([path, 200]);
    expect([path, await status(path, null)]).toEqual([path, 401]);
  }
});

test.each([
  ['from after to', `from=${iso(NOW)}&to=${iso(NOW - H)}`, 'to'],
  [
    'hourly over more than 100 days',
    `from=${iso(NOW - 101 * 24 * H)}&to=${iso(NOW)}&granularity=hour`,
    'to',
  ],
  ['an unknown granularity', 'granularity=week', 'granularity'],
  ['an unknown groupBy', 'groupBy=region', 'groupBy'],
  ['a malformed from', 'from=yesterday', 'from'],
  ['top out of range', 'top=0', 'top'],
])('the timeseries answers 400 naming the field for %s', async (_name, query, field) => {
  const response = await get(`/v1/customers/${mine}/usage/timeseries?${query}`);
  expect(response.status).toEqual(400);
  expect(response.body.error.details.map((d: { field: string }) => d.field)).toEqual([field]);
});

test('400s naming the field on the other reads', async () => {
  const range = await get(`/v1/customers/${mine}/meters?from=${iso(NOW)}&to=${iso(NOW)}`);
  expect([range.status, range.body.error.details[0].field]).toEqual([400, 'to']);
  const longRange = await get(
    `/v1/customers/${mine}/resources?from=${iso(NOW - 500 * 24 * H)}&to=${iso(NOW)}`,
  );
  expect([longRange.status, longRange.body.error.details[0].field]).toEqual([400, 'to']);
  const cursor = await get(`/v1/customers/${mine}/resources?cursor=bm9wZQ`);
  expect([cursor.status, cursor.body.error.details[0].field]).toEqual([400, 'cursor']);
});

test('with Temporal down the overview still answers 200, live "unavailable"', async () => {
  const deadTemporal = new Client({
    connection: Connection.lazy({ address: '127.0.0.1:1', connectTimeout: 500, interceptors: [] }),
  });
  const degraded = await startApiWithClient({
    database: stack.database,
    client: deadTemporal,
    taskQueue: 'e2e-usage-analytics-down',
    logger: testLogger,
    port: 0,
    backdatingWindowSeconds: 60,
    futureToleranceSeconds: 60,
    forwardWindowMs: 20,
  });
  try {
    const overview = await getJson(`${degraded.url}/v1/customers/${mine}/overview`, myKey);
    expect([overview.status, overview.body.live, overview.body.resourceCount]).toEqual([
      200,
      'unavailable',
      4,
    ]);
    expect(overview.body.topResources[0]).toMatchObject({ resourceId: 'vm-1', cost: '0.0066' });
    const runs = await getJson(`${degraded.url}/v1/customers/${mine}/resources/vm-1/runs`, myKey);
    expect([runs.status, runs.body.total]).toEqual([200, { quantity: '3600', cost: '0.0066' }]);
  } finally {
    await degraded.close();
    await deadTemporal.connection.close();
  }
});

test('with the workflow answering, the overview is live and agrees with the live usage', async () => {
  const { worker, running } = await startTestWorker(
    stack.env,
    stack.database,
    'e2e-usage-analytics',
    await bundleWorkflows(),
  );
  try {
    const { db } = stack.database;
    const customer = aCustomer({
      id: uniqueId('cus'),
      timezone: 'Europe/Berlin',
      billingAnchorMs: NOW - 3 * 24 * H,
    });
    await saveNewCustomer(db, customer, DEFAULT_BILLING_PROFILE);
    const plan = await saveNewPlan(db, aPlan({ id: uniqueId('plan'), minimumCommitment: null }));
    await saveNewSubscription(db, {
      id: uniqueId('sub'),
      customerId: customer.id,
      planId: plan.id,
      effectiveFromMs: NOW - 30 * 24 * H,
    });
    const started = Date.now() - 2 * H;
    const posted = await postJson(`${stack.api.url}/v1/events`, {
      events: [
        {
          id: 'a',
          customerId: customer.id,
          type: 'resource.started',
          timestamp: iso(started),
          resourceId: 'vm-1',
          meter: 'compute.vm',
          dimensions: SMALL,
        },
        {
          id: 'b',
          customerId: customer.id,
          type: 'resource.stopped',
          timestamp: iso(started + H),
          resourceId: 'vm-1',
          meter: 'compute.vm',
        },
      ],
    });
    expect(posted.status).toEqual(202);
    const live = await eventually(
      () => getJson(`${stack.api.url}/v1/customers/${customer.id}/usage`),
      (response) => response.status === 200 && response.body.lastSequence === 2,
      30_000,
    );
    expect(live.body.lastSequence).toEqual(2);
    const overview = await getJson(`${stack.api.url}/v1/customers/${customer.id}/overview`);
    expect(overview.status).toEqual(200);
    // Nothing runs any more, so the live figures do not move between the two reads.
    expect(overview.body).toMatchObject({
      live: 'ok',
      accrued: live.body.cost.accrued,
      forecast: live.body.cost.forecast,
      resourceCount: 1,
      topResources: [{ resourceId: 'vm-1', quantity: '3600', cost: '0.0066' }],
    });
  } finally {
    worker.shutdown();
    await running;
  }
}, 90_000);
