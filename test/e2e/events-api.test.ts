import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Client, Connection } from '@temporalio/client';
import type { RunningApi } from '../../api/server';
import { startApiWithClient as startApiServer } from '../support/stack';
import { appendEvents, countLedgerEvents } from '../../db/repositories/ledger.repository';
import { periodContaining } from '../../domain/calendar';
import { Decimal } from '../../domain/decimal';
import { billingCycleWorkflowId } from '../../workflows/definitions';
import { BILLING_PERIOD_START, CUSTOMER_ID } from '../../workflows/search-attributes';
import { anEvent, toNewEvent, uniqueId } from '../fixtures/builders';
import { eventually } from '../support/eventually';
import { authHeaders, getJson, postJson } from '../support/http';
import type { TestDatabase } from '../support/postgres';
import { startTestStack, testLogger, type TestStack } from '../support/stack';

const TASK_QUEUE = 'e2e-events';
let env: TestWorkflowEnvironment;
let database: TestDatabase;
let api: RunningApi;

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack(TASK_QUEUE);
  ({ env, database, api } = stack);
}, 120_000);

afterAll(() => stack?.stop());

const iso = (ms: number) => new Date(ms).toISOString();

async function createCustomer(overrides: Record<string, unknown> = {}): Promise<string> {
  const id = uniqueId('cus');
  const response = await postJson(`${api.url}/v1/customers`, {
    id,
    name: 'Acme Cloud GmbH',
    email: 'billing@acme.example',
    currency: 'EUR',
    timezone: 'Europe/Berlin',
    billingSchedule: 'monthly',
    ...overrides,
  });
  expect(response.status).toEqual(201);
  return id;
}

const ledgerCount = (customerId: string) => countLedgerEvents(database.db, customerId);

test('events over REST become exact live usage within a second', async () => {
  const customerId = await createCustomer();
  const t0 = Date.now() - 120_000;
  const posted = Date.now();
  const response = await postJson(`${api.url}/v1/events`, {
    events: [
      {
        id: 'a',
        customerId,
        type: 'resource.started',
        timestamp: iso(t0),
        resourceId: 'vm-1',
        meter: 'compute.vm',
        dimensions: { flavor: 'm1.small', region: 'fra1' },
      },
      {
        id: 'b',
        customerId,
        type: 'resource.updated',
        timestamp: iso(t0 + 60_000),
        resourceId: 'vm-1',
        meter: 'compute.vm',
        dimensions: { flavor: 'm1.large', region: 'fra1' },
        quantity: '4',
      },
      {
        id: 'c',
        customerId,
        type: 'resource.stopped',
        timestamp: iso(t0 + 90_500),
        resourceId: 'vm-1',
        meter: 'compute.vm',
      },
      {
        id: 'd',
        customerId,
        type: 'resource.stopped',
        timestamp: iso(t0 + 7_000),
        resourceId: 'ctr-1',
        meter: 'compute.container',
      },
      {
        id: 'e',
        customerId,
        type: 'resource.started',
        timestamp: iso(t0),
        resourceId: 'ctr-1',
        meter: 'compute.container',
      },
      {
        id: 'f',
        customerId,
        type: 'usage.recorded',
        timestamp: iso(t0 + 1),
        resourceId: 'vm-1',
        meter: 'network.egress',
        quantity: '1073741824',
      },
      {
        id: 'g',
        customerId,
        type: 'usage.recorded',
        timestamp: iso(t0 + 2),
        resourceId: 'vm-1',
        meter: 'network.egress',
        quantity: '0.5',
      },
    ],
  });
  expect(response).toEqual({
    status: 202,
    body: {
      results: ['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((id) => ({ id, status: 'accepted' })),
    },
  });

  const usage = await eventually(
    () => getJson(`${api.url}/v1/customers/${customerId}/usage`),
    (r) => r.body.lastSequence === 7,
  );
  // Forwarded by a signal, not found by a later catch-up. The p99 < 1 s target is a figure
  // of bench:ingest on a quiet machine; here the bound only has to tell a signal from none.
  expect(Date.now() - posted).toBeLessThan(5_000);
  expect(usage.body.resources).toEqual([
    {
      resourceId: 'ctr-1',
      meter: 'compute.container',
      dimensions: {},
      seconds: '7',
      quantitySeconds: '7',
      quantity: '0',
      runs: 1,
    },
    {
      resourceId: 'vm-1',
      meter: 'compute.vm',
      dimensions: { flavor: 'm1.large', region: 'fra1' },
      seconds: '30.5',
      quantitySeconds: '122',
      quantity: '0',
      runs: 0,
    },
    {
      resourceId: 'vm-1',
      meter: 'compute.vm',
      dimensions: { flavor: 'm1.small', region: 'fra1' },
      seconds: '60',
      quantitySeconds: '60',
      quantity: '0',
      runs: 1,
    },
    {
      resourceId: 'vm-1',
      meter: 'network.egress',
      dimensions: {},
      seconds: '0',
      quantitySeconds: '0',
      quantity: '1073741824.5',
      runs: 0,
    },
  ]);
  expect(usage.body.meters).toEqual([
    { meter: 'compute.container', seconds: '7', quantitySeconds: '7', quantity: '0' },
    { meter: 'compute.vm', seconds: '90.5', quantitySeconds: '182', quantity: '0' },
    { meter: 'network.egress', seconds: '0', quantitySeconds: '0', quantity: '1073741824.5' },
  ]);
  expect(usage.body.openRuns).toEqual([]);
  const period = periodContaining({ schedule: 'monthly', timezone: 'Europe/Berlin' }, Date.now());
  expect(usage.body.period).toEqual({ start: iso(period.startMs), end: iso(period.endMs) });
});

test('a duplicate event is acknowledged as such and counted once', async () => {
  const customerId = await createCustomer();
  const start = {
    id: 'start',
    customerId,
    type: 'resource.started',
    timestamp: iso(Date.now() - 10_000),
    resourceId: 'vol-1',
    meter: 'storage.volume',
    quantity: '50',
  };
  expect((await postJson(`${api.url}/v1/events`, { events: [start] })).body).toEqual({
    results: [{ id: 'start', status: 'accepted' }],
  });
  expect((await postJson(`${api.url}/v1/events`, { events: [start, start] })).body).toEqual({
    results: [
      { id: 'start', status: 'duplicate' },
      { id: 'start', status: 'duplicate' },
    ],
  });
  expect(await ledgerCount(customerId)).toEqual(1);
  const usage = await eventually(
    () => getJson(`${api.url}/v1/customers/${customerId}/usage`),
    (r) => r.body.openRuns.length === 1,
  );
  expect(usage.body.lastSequence).toEqual(1);
  expect(usage.body.anomalies.duplicateStarts).toEqual(0);
});

test('an open run accrues up to the moment of the request, exactly', async () => {
  const customerId = await createCustomer();
  const startedAt = Date.now() - 5_000;
  await postJson(`${api.url}/v1/events`, {
    events: [
      {
        id: 'on',
        customerId,
        type: 'resource.started',
        timestamp: iso(startedAt),
        resourceId: 'vol-9',
        meter: 'storage.volume',
        quantity: '2.5',
      },
    ],
  });
  await eventually(
    () => getJson(`${api.url}/v1/customers/${customerId}/usage`),
    (r) => r.body.lastSequence === 1,
  );
  // No new event reaches the workflow, yet a later read must show more time.
  await new Promise((resolve) => setTimeout(resolve, 300));
  const usage = await getJson(`${api.url}/v1/customers/${customerId}/usage`);
  const elapsedMs = Date.parse(usage.body.asOf) - startedAt;
  expect(elapsedMs).toBeGreaterThanOrEqual(5_300);
  expect(usage.body.resources).toEqual([
    {
      resourceId: 'vol-9',
      meter: 'storage.volume',
      dimensions: {},
      seconds: new Decimal(elapsedMs).div(1000).toFixed(),
      quantitySeconds: new Decimal(elapsedMs).times('2.5').div(1000).toFixed(),
      quantity: '0',
      runs: 1,
    },
  ]);
  expect(usage.body.openRuns).toEqual([
    {
      resourceId: 'vol-9',
      meter: 'storage.volume',
      dimensions: {},
      quantity: '2.5',
      since: iso(startedAt),
    },
  ]);
});

test('an event ledgered but never forwarded (API crash) is recovered from the ledger at the next signal', async () => {
  const customerId = await createCustomer();
  const at = Date.now() - 30_000;
  // As if the API committed this batch and died before forwarding it.
  await appendEvents(database.db, [
    toNewEvent(
      customerId,
      anEvent({
        type: 'usage.recorded',
        timestampMs: at,
        resourceId: 'lb-1',
        meter: 'network.egress',
        quantity: '100',
      }),
    ),
  ]);
  await postJson(`${api.url}/v1/events`, {
    events: [
      {
        id: 'next',
        customerId,
        type: 'usage.recorded',
        timestamp: iso(at + 1),
        resourceId: 'lb-1',
        meter: 'network.egress',
        quantity: '23',
      },
    ],
  });
  const usage = await eventually(
    () => getJson(`${api.url}/v1/customers/${customerId}/usage`),
    (r) => r.body.lastSequence === 2,
  );
  expect(usage.body.meters).toEqual([
    { meter: 'network.egress', seconds: '0', quantitySeconds: '0', quantity: '123' },
  ]);
});

describe('a bad batch is rejected whole with per-event reasons and nothing is kept', () => {
  let customerId: string;
  beforeAll(async () => {
    customerId = await createCustomer();
  });
  const ok = () => ({
    id: uniqueId('e'),
    customerId,
    type: 'usage.recorded',
    timestamp: iso(Date.now()),
    resourceId: 'r',
    meter: 'm',
  });

  test.each([
    ['unknown customer', { customerId: 'nobody' }, 'customerId', 'unknown customer nobody'],
    [
      'bad type',
      { type: 'resource.exploded' },
      'type',
      'must be one of resource.started, resource.stopped, resource.updated, usage.recorded',
    ],
    [
      'missing resourceId',
      { resourceId: undefined },
      'resourceId',
      'Invalid input: expected string, received undefined',
    ],
    [
      'negative quantity',
      { quantity: '-1' },
      'quantity',
      'must be a non-negative decimal string of at most 40 characters such as "1" or "0.25"',
    ],
    [
      'non-decimal quantity',
      { quantity: '1e3' },
      'quantity',
      'must be a non-negative decimal string of at most 40 characters such as "1" or "0.25"',
    ],
    [
      'timestamp without offset',
      { timestamp: '2026-11-24T10:00:00' },
      'timestamp',
      'must be an RFC 3339 timestamp with offset',
    ],
    [
      'timestamp too far ahead',
      { timestamp: iso(Date.now() + 3_600_000) },
      'timestamp',
      'is more than 300 s in the future',
    ],
    [
      'timestamp before the backdating window',
      { timestamp: iso(Date.now() - 8 * 86_400_000) },
      'timestamp',
      'is older than the backdating window of 604800 s',
    ],
    ['unknown field', { colour: 'red' }, 'colour', 'is not a known field'],
    [
      'NUL in resourceId',
      { resourceId: 'vm\u0000' },
      'resourceId',
      'must be well-formed Unicode without NUL characters',
    ],
    [
      'NUL in a dimension',
      { dimensions: { region: 'fra\u00001' } },
      'dimensions.region',
      'must be well-formed Unicode without NUL characters',
    ],
  ])('%s', async (_name, change, field, message) => {
    const bad = { ...ok(), ...change };
    const response = await postJson(`${api.url}/v1/events`, { events: [ok(), bad, ok()] });
    expect(response.status).toEqual(400);
    expect(response.body.error.code).toEqual('invalid_events');
    expect(response.body.error.details).toEqual([{ index: 1, field, message }]);
    expect(await ledgerCount(customerId)).toEqual(0);
  });

  test('more than 1000 events', async () => {
    const response = await postJson(`${api.url}/v1/events`, {
      events: Array.from({ length: 1001 }, ok),
    });
    expect(response.status).toEqual(400);
    expect(response.body.error.details).toEqual([
      { field: 'events', message: 'at most 1000 events per batch' },
    ]);
    expect(await ledgerCount(customerId)).toEqual(0);
  });

  test('a body over 1 MiB', async () => {
    const big = {
      ...ok(),
      dimensions: Object.fromEntries(
        Array.from({ length: 5000 }, (_, i) => [`k${i}`, 'x'.repeat(250)]),
      ),
    };
    const response = await postJson(`${api.url}/v1/events`, { events: [big] });
    expect(response).toEqual({
      status: 413,
      body: {
        error: {
          code: 'payload_too_large',
          message: 'the request body is larger than 1 MiB',
          details: [{ field: '(body)', message: 'at most 1 MiB' }],
          requestId: expect.any(String),
        },
      },
    });
  });

  test('invalid JSON', async () => {
    const response = await postJson(`${api.url}/v1/events`, '{"events": [');
    expect(response.status).toEqual(400);
    expect(response.body.error.code).toEqual('invalid_json');
  });
});

describe('customers', () => {
  test('invalid fields are named', async () => {
    const response = await postJson(`${api.url}/v1/customers`, {
      id: 'x y',
      name: '',
      email: 'nope',
      currency: 'EURO',
      timezone: 'Mars/Olympus',
      billingSchedule: 'hourly',
      billingAnchor: 'yesterday',
      gracePeriodSeconds: -1,
    });
    expect(response.status).toEqual(400);
    expect(response.body.error.details.map((d: { field: string }) => d.field)).toEqual([
      'id',
      'name',
      'email',
      'currency',
      'timezone',
      'billingSchedule',
      'billingAnchor',
      'gracePeriodSeconds',
    ]);
  });

  test('a customer is readable, its workflow is findable by search attributes, and a retried create is idempotent', async () => {
    const body = {
      id: uniqueId('cus'),
      name: 'Tokyo KK',
      email: 'ap@tokyo.example',
      currency: 'JPY',
      timezone: 'Asia/Tokyo',
      billingSchedule: 'weekly',
      billingAnchor: '2026-11-02T09:00:00+09:00',
      gracePeriodSeconds: 0,
    };
    expect((await postJson(`${api.url}/v1/customers`, body)).status).toEqual(201);
    expect((await postJson(`${api.url}/v1/customers`, body)).status).toEqual(200);
    expect((await postJson(`${api.url}/v1/customers`, { ...body, name: 'Other' })).status).toEqual(
      409,
    );
    expect(await getJson(`${api.url}/v1/customers/${body.id}`)).toEqual({
      status: 200,
      // The billing profile's defaults: net 30, zero invoices issued, en-US documents.
      body: {
        ...body,
        billingAnchor: '2026-11-02T00:00:00.000Z',
        paymentTermsDays: 30,
        zeroUsageInvoices: true,
        locale: 'en-US',
        address: null,
        vatId: null,
      },
    });
    expect((await getJson(`${api.url}/v1/customers/nobody`)).status).toEqual(404);
    const description = await env.client.workflow
      .getHandle(billingCycleWorkflowId(body.id))
      .describe();
    expect(description.typedSearchAttributes.get(CUSTOMER_ID)).toEqual(body.id);
    const usage = await getJson(`${api.url}/v1/customers/${body.id}/usage`);
    const periodStart = await eventually(
      async () =>
        (
          await env.client.workflow.getHandle(billingCycleWorkflowId(body.id)).describe()
        ).typedSearchAttributes.get(BILLING_PERIOD_START),
      (value) => value !== undefined,
    );
    expect(periodStart?.toISOString()).toEqual(usage.body.period.start);
  });
});

test('healthz is 200 with everything up and 503 naming Temporal when it does not answer', async () => {
  expect(await getJson(`${api.url}/healthz`)).toEqual({
    status: 200,
    body: { status: 'ok', checks: { database: 'ok', temporal: 'ok' } },
  });
  const deadTemporal = new Client({
    connection: Connection.lazy({ address: '127.0.0.1:1', connectTimeout: 500, interceptors: [] }),
  });
  const degraded = await startApiServer({
    database,
    client: deadTemporal,
    taskQueue: TASK_QUEUE,
    logger: testLogger,
    port: 0,
    backdatingWindowSeconds: 60,
    futureToleranceSeconds: 60,
    forwardWindowMs: 20,
  });
  try {
    const response = await getJson(`${degraded.url}/healthz`);
    expect(response.status).toEqual(503);
    expect(response.body.checks.database).toEqual('ok');
    expect(response.body.checks.temporal).not.toEqual('ok');
  } finally {
    await degraded.close();
    await deadTemporal.connection.close();
  }
});

test.each([
  ['GET', '/v1/events', 'POST'],
  ['DELETE', '/v1/customers/acme', 'GET, HEAD'],
  ['PUT', '/v1/customers', 'POST'],
])('%s %s is 405 with Allow: %s', async (method, path, allow) => {
  const response = await fetch(`${api.url}${path}`, { method, headers: authHeaders() });
  expect([
    response.status,
    response.headers.get('allow'),
    ((await response.json()) as any).error.code,
  ]).toEqual([405, allow, 'method_not_allowed']);
});

test('a malformed customer id in a path is 404, not a database error', async () => {
  expect((await getJson(`${api.url}/v1/customers/a%00b`)).status).toEqual(404);
  expect((await getJson(`${api.url}/v1/customers/a%00b/usage`)).status).toEqual(404);
});

test('an unknown path is 404', async () => {
  expect(await getJson(`${api.url}/v1/nothing`)).toEqual({
    status: 404,
    body: {
      error: {
        code: 'not_found',
        message: 'no route GET /v1/nothing',
        details: [],
        requestId: expect.any(String),
      },
    },
  });
});

test('live usage carries the cost so far and a forecast; the preview rates the period as if it closed now', async () => {
  const customerId = await createCustomer({ timezone: 'UTC', billingSchedule: 'daily' });
  expect((await getJson(`${api.url}/v1/customers/${customerId}/usage`)).body.cost).toBeNull();
  expect((await getJson(`${api.url}/v1/customers/${customerId}/invoice-preview`)).status).toEqual(
    404,
  );
  const planId = uniqueId('plan');
  await postJson(`${api.url}/v1/plans`, {
    id: planId,
    name: 'Live',
    currency: 'EUR',
    prices: [
      {
        id: 'compute',
        meter: 'compute.container',
        groupBy: [],
        model: { type: 'run_time', unit: 'second', unitPrice: '0.01', minimumSeconds: 60 },
      },
    ],
  });
  await postJson(`${api.url}/v1/customers/${customerId}/subscriptions`, {
    id: uniqueId('sub'),
    planId,
    effectiveFrom: '2020-01-01T00:00:00Z',
  });
  const t0 = Date.now() - 30_000;
  await postJson(`${api.url}/v1/events`, {
    events: [
      {
        id: 'a',
        customerId,
        type: 'resource.started',
        timestamp: iso(t0),
        resourceId: 'ctr-1',
        meter: 'compute.container',
      },
      {
        id: 'b',
        customerId,
        type: 'resource.stopped',
        timestamp: iso(t0 + 7_000),
        resourceId: 'ctr-1',
        meter: 'compute.container',
      },
    ],
  });
  const usage = await eventually(
    () => getJson(`${api.url}/v1/customers/${customerId}/usage`),
    (r) => r.body.lastSequence === 2,
  );
  // 7 s billed as 60 s x 0.01 = 0.60 so far. The run is over and nothing else runs, so the
  // projection to the end of the day is the same usage: the forecast is 0.60 too (a linear
  // burn rate said 0.60 x 24 h / elapsed).
  expect(usage.body.cost).toEqual({
    currency: 'EUR',
    accrued: '0.60',
    forecast: '0.60',
    meters: [{ meter: 'compute.container', accrued: '0.60', forecast: '0.60' }],
  });
  expect(usage.body.resources[0]).toEqual({
    resourceId: 'ctr-1',
    meter: 'compute.container',
    dimensions: {},
    seconds: '7',
    quantitySeconds: '7',
    quantity: '0',
    runs: 1,
  });
  const preview = await getJson(`${api.url}/v1/customers/${customerId}/invoice-preview`);
  expect([
    preview.status,
    preview.body.total,
    preview.body.lines.map((l: { lineId: string; quantity: string }) => [l.lineId, l.quantity]),
  ]).toEqual([200, '0.60', [['compute:[]', '60']]]);
});

test('the forecast runs an open VM to the period end and rates it with the plan', async () => {
  const customerId = await createCustomer({ timezone: 'UTC', billingSchedule: 'daily' });
  const planId = uniqueId('plan');
  // 3.60 per hour: 0.001 per second, accrued per millisecond.
  await postJson(`${api.url}/v1/plans`, {
    id: planId,
    name: 'Forecast',
    currency: 'EUR',
    prices: [
      {
        id: 'vm',
        meter: 'compute.vm',
        groupBy: [],
        model: { type: 'run_time', unit: 'hour', unitPrice: '3.60' },
      },
    ],
  });
  await postJson(`${api.url}/v1/customers/${customerId}/subscriptions`, {
    id: uniqueId('sub'),
    planId,
    effectiveFrom: '2020-01-01T00:00:00Z',
  });
  await postJson(`${api.url}/v1/events`, {
    events: [
      {
        id: 'start',
        customerId,
        type: 'resource.started',
        timestamp: iso(Date.now() - 10_000),
        resourceId: 'vm-1',
        meter: 'compute.vm',
      },
    ],
  });
  const usage = await eventually(
    () => getJson(`${api.url}/v1/customers/${customerId}/usage`),
    (r) => r.body.lastSequence === 1,
  );
  // Accrued: the run's time so far x 0.001/s; forecast: the run to the end of the day.
  // (Within 10 s after midnight the run started yesterday: only today's share counts.)
  const sinceMs = Math.max(
    Date.parse(usage.body.openRuns[0].since),
    Date.parse(usage.body.period.start),
  );
  const amount = (ms: number) =>
    new Decimal(ms).div(1000).times('0.001').toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2);
  const accrued = amount(Date.parse(usage.body.asOf) - sinceMs);
  const forecast = amount(Date.parse(usage.body.period.end) - sinceMs);
  expect(usage.body.cost).toEqual({
    currency: 'EUR',
    accrued,
    forecast,
    meters: [{ meter: 'compute.vm', accrued, forecast }],
  });
});

test('tax rates are validated field by field and replaced whole', async () => {
  const customerId = await createCustomer();
  const put = (body: unknown) =>
    fetch(`${api.url}/v1/customers/${customerId}/tax-rates`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', ...authHeaders() },
      body: JSON.stringify(body),
    }).then(async (r) => ({ status: r.status, body: (await r.json()) as any }));
  const bad = await put({
    taxRates: [{ id: 'x', name: 'VAT', percentage: '120', inclusive: 'no' }],
  });
  expect([bad.status, bad.body.error.details.map((d: { field: string }) => d.field)]).toEqual([
    400,
    ['taxRates.0.percentage', 'taxRates.0.inclusive'],
  ]);
  const rates = [
    { id: 'vat-20', name: 'VAT 20%', percentage: '20', inclusive: false },
    { id: 'city', name: 'City 1.5%', percentage: '1.5', inclusive: false },
  ];
  expect(await put({ taxRates: rates })).toEqual({ status: 200, body: { taxRates: rates } });
  expect(await put({ taxRates: [rates[1]] })).toEqual({
    status: 200,
    body: { taxRates: [rates[1]] },
  });
  expect((await getJson(`${api.url}/v1/customers/${customerId}/tax-rates`)).body).toEqual({
    taxRates: [rates[1]],
  });
  // A draft cannot tax a line by an inclusive rate and another: refused here, so that no
  // period close of this customer can fail on it later (found by schemathesis).
  const inclusive = { id: 'vat-incl', name: 'VAT incl.', percentage: '19', inclusive: true };
  expect(await put({ taxRates: [inclusive, rates[1]] })).toEqual({
    status: 400,
    body: {
      error: {
        code: 'invalid_request',
        message: 'the tax rates are invalid',
        details: [{ field: 'taxRates', message: 'an inclusive rate must be the only rate' }],
        requestId: expect.any(String),
      },
    },
  });
  expect(await put({ taxRates: [inclusive] })).toEqual({
    status: 200,
    body: { taxRates: [inclusive] },
  });
});
