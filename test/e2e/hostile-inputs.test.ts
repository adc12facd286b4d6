import { countLedgerEvents, loadEventsAfter } from '../../db/repositories/ledger.repository';
import { uniqueId } from '../fixtures/builders';
import { getJson, postJson } from '../support/http';
import { createCustomer, customerBody, useApiStack } from '../support/api-stack';

/**
 * Inputs that would skew money or wedge a client (issue 11, item 6): prototype keys in maps,
 * an event id reused with other content, ill-formed Unicode, instants the database cannot hold.
 * No worker: events are ledgered and forwarded, nothing here waits on a workflow.
 */
const TASK_QUEUE = 'e2e-hostile-inputs';
const stack = useApiStack(TASK_QUEUE);

const iso = (ms: number) => new Date(ms).toISOString();
const PROTOTYPE_KEY_MESSAGE = 'must not be __proto__, constructor or prototype';

/** An object with `key` as an own property, as JSON.parse builds it (even for `__proto__`). */
const mapWith = (key: string, value: string): Record<string, string> =>
  JSON.parse(`{${JSON.stringify(key)}:${JSON.stringify(value)}}`) as Record<string, string>;

function planBody(price: Record<string, unknown>) {
  return {
    id: uniqueId('plan'),
    name: 'Compute',
    currency: 'EUR',
    prices: [
      {
        id: 'vm',
        meter: 'compute.vm',
        model: { type: 'run_time', unit: 'hour', unitPrice: '0.0066' },
        ...price,
      },
    ],
  };
}

describe('a prototype key in a map is a 400 naming it, and nothing is kept', () => {
  test.each(['__proto__', 'constructor', 'prototype'])(
    'in a price dimensionsFilter: %s',
    async (key) => {
      const body = planBody({ dimensionsFilter: mapWith(key, 'x') });
      const response = await postJson(`${stack.api.url}/v1/plans`, body);
      expect(response.status).toEqual(400);
      expect(response.body.error.code).toEqual('invalid_request');
      expect(response.body.error.details).toEqual([
        { field: `prices.0.dimensionsFilter.${key}`, message: PROTOTYPE_KEY_MESSAGE },
      ]);
      expect((await getJson(`${stack.api.url}/v1/plans/${body.id}`)).status).toEqual(404);
    },
  );

  test('in a price groupBy', async () => {
    const body = planBody({ groupBy: ['region', 'constructor'] });
    const response = await postJson(`${stack.api.url}/v1/plans`, body);
    expect(response.status).toEqual(400);
    expect(response.body.error.details).toEqual([
      { field: 'prices.0.groupBy.1', message: PROTOTYPE_KEY_MESSAGE },
    ]);
  });

  test.each(['__proto__', 'constructor', 'prototype'])('in event dimensions: %s', async (key) => {
    const customerId = await createCustomer(stack.api);
    const ok = {
      id: 'ok',
      customerId,
      type: 'usage.recorded',
      timestamp: iso(Date.now()),
      resourceId: 'vm-1',
      meter: 'network.egress',
      quantity: '1',
    };
    const bad = { ...ok, id: 'bad', dimensions: { region: 'fra1', ...mapWith(key, 'x') } };
    const response = await postJson(`${stack.api.url}/v1/events`, { events: [ok, bad] });
    expect(response.status).toEqual(400);
    expect(response.body.error.code).toEqual('invalid_events');
    expect(response.body.error.details).toEqual([
      { index: 1, field: `dimensions.${key}`, message: PROTOTYPE_KEY_MESSAGE },
    ]);
    expect(await countLedgerEvents(stack.database.db, customerId)).toEqual(0);
  });

  test('in a customer address (an object of known fields)', async () => {
    const body = {
      ...customerBody(),
      address: { lines: ['Street 1'], countryCode: 'DE', ...mapWith('__proto__', 'x') },
    };
    const response = await postJson(`${stack.api.url}/v1/customers`, body);
    expect(response.status).toEqual(400);
    expect(response.body.error.details).toEqual([
      { field: 'address.__proto__', message: 'is not a known field' },
    ]);
  });

  test('the OpenAPI document states the rule on every map of a request', async () => {
    const { body: document } = await getJson(`${stack.api.url}/openapi.json`);
    const text = JSON.stringify(document);
    const rule = JSON.stringify({ not: { enum: ['__proto__', 'constructor', 'prototype'] } });
    const stated = text.split(rule.slice(1, -1)).length - 1;
    // Event dimensions, a price's dimensionsFilter and its groupBy items.
    expect(stated).toBeGreaterThanOrEqual(3);
  });
});

describe('an event id reused with other content', () => {
  let customerId: string;
  const event = () => ({
    id: 'e-1',
    customerId,
    type: 'resource.started',
    timestamp: iso(Date.now() - 60_000),
    resourceId: 'vm-1',
    meter: 'compute.vm',
    dimensions: { flavor: 'm1.small', region: 'fra1' },
    quantity: '2',
  });
  let first: ReturnType<typeof event>;
  beforeAll(async () => {
    customerId = await createCustomer(stack.api);
    first = event();
    const response = await postJson(`${stack.api.url}/v1/events`, { events: [first] });
    expect(response.body).toEqual({ results: [{ id: 'e-1', status: 'accepted' }] });
  });

  test('the same content, written differently, stays an idempotent duplicate', async () => {
    const same = {
      ...first,
      // The same instant with another offset, the same decimal, the same map in another order.
      timestamp: new Date(first.timestamp).toISOString().replace('Z', '+00:00'),
      quantity: '2.000',
      dimensions: { region: 'fra1', flavor: 'm1.small' },
    };
    const response = await postJson(`${stack.api.url}/v1/events`, { events: [same] });
    expect(response).toEqual({
      status: 202,
      body: { results: [{ id: 'e-1', status: 'duplicate' }] },
    });
    expect(await countLedgerEvents(stack.database.db, customerId)).toEqual(1);
  });

  test.each([
    ['quantity', { quantity: '3' }],
    ['quantity omitted', { quantity: undefined }],
    ['dimensions', { dimensions: { flavor: 'm1.large', region: 'fra1' } }],
    ['dimensions omitted', { dimensions: undefined }],
    ['timestamp', { timestamp: 'later' }],
    ['type', { type: 'resource.stopped' }],
    ['resourceId', { resourceId: 'vm-2' }],
    ['meter', { meter: 'compute.container' }],
  ])('a different %s is a 409 naming the id; nothing of the batch is kept', async (_n, change) => {
    const changed: Record<string, unknown> = { ...first, ...change };
    if (changed.timestamp === 'later') changed.timestamp = iso(Date.parse(first.timestamp) + 1);
    const fresh = { ...first, id: uniqueId('e') };
    const response = await postJson(`${stack.api.url}/v1/events`, { events: [fresh, changed] });
    expect(response.status).toEqual(409);
    expect(response.body.error.code).toEqual('event_conflict');
    expect(response.body.error.details).toEqual([
      {
        index: 1,
        field: 'id',
        message: expect.stringContaining('event e-1 was recorded before with other content'),
      },
    ]);
    expect(await countLedgerEvents(stack.database.db, customerId)).toEqual(1);
  });

  test('twice in one batch with different content is a 409 too', async () => {
    const id = uniqueId('e');
    const a = { ...first, id };
    const b = { ...first, id, quantity: '5' };
    const response = await postJson(`${stack.api.url}/v1/events`, { events: [a, b] });
    expect(response.status).toEqual(409);
    expect(response.body.error.details).toEqual([
      {
        index: 1,
        field: 'id',
        message: `event ${id} was recorded before with other content (quantity); a new event needs a new id`,
      },
    ]);
    expect(await countLedgerEvents(stack.database.db, customerId)).toEqual(1);
  });
});

describe('ids and text must be well-formed Unicode', () => {
  const LONE = 'must be well-formed Unicode without NUL characters';

  test.each([
    ['a lone high surrogate in the id', { id: 'e-\ud800' }, 'id'],
    ['a lone low surrogate in the resource id', { resourceId: 'vm-\udc00' }, 'resourceId'],
    ['a reversed pair in the meter', { meter: 'm\udc00\ud800' }, 'meter'],
    ['a lone surrogate in a dimension value', { dimensions: { r: '\ud800' } }, 'dimensions.r'],
  ])('%s is a 400 naming the field, and retrying it stays a 400', async (_n, change, field) => {
    const customerId = await createCustomer(stack.api);
    const event = {
      id: 'e-1',
      customerId,
      type: 'usage.recorded',
      timestamp: iso(Date.now()),
      resourceId: 'vm-1',
      meter: 'network.egress',
      quantity: '1',
      ...change,
    };
    for (let attempt = 0; attempt < 2; attempt++) {
      const response = await postJson(`${stack.api.url}/v1/events`, { events: [event] });
      expect(response.status).toEqual(400);
      expect(response.body.error.details).toEqual([{ index: 0, field, message: LONE }]);
    }
    expect(await countLedgerEvents(stack.database.db, customerId)).toEqual(0);
  });

  test('a lone surrogate in a dimension key is a 400 naming the map', async () => {
    const customerId = await createCustomer(stack.api);
    const response = await postJson(`${stack.api.url}/v1/events`, {
      events: [
        {
          id: 'e-1',
          customerId,
          type: 'usage.recorded',
          timestamp: iso(Date.now()),
          resourceId: 'vm-1',
          meter: 'network.egress',
          dimensions: { '\ud800': 'x' },
        },
      ],
    });
    expect(response.status).toEqual(400);
    expect(response.body.error.details).toEqual([
      { index: 0, field: 'dimensions.\ud800', message: LONE },
    ]);
  });

  test('a customer name with a lone surrogate is a 400', async () => {
    const response = await postJson(`${stack.api.url}/v1/customers`, {
      ...customerBody(),
      name: 'Acme \udfff',
    });
    expect(response.status).toEqual(400);
    expect(response.body.error.details).toEqual([{ field: 'name', message: LONE }]);
  });

  test('an id outside the Basic Multilingual Plane is stored exactly as sent, and a retry is a duplicate', async () => {
    const customerId = await createCustomer(stack.api);
    const event = {
      id: 'e-\u{1F600}-\u00e9-e\u0301',
      customerId,
      type: 'usage.recorded',
      timestamp: iso(Date.now()),
      resourceId: 'vm-\u{10FFFF}',
      meter: 'network.egress',
      dimensions: { '\u{1F30D}': 'z\u00fcrich' },
      quantity: '1',
    };
    const accepted = await postJson(`${stack.api.url}/v1/events`, { events: [event] });
    expect(accepted.body).toEqual({ results: [{ id: event.id, status: 'accepted' }] });
    const retried = await postJson(`${stack.api.url}/v1/events`, { events: [event] });
    expect(retried).toEqual({
      status: 202,
      body: { results: [{ id: event.id, status: 'duplicate' }] },
    });
    const [stored] = await loadEventsAfter(stack.database.db, customerId, 0, 10);
    expect(stored).toMatchObject({
      id: event.id,
      resourceId: event.resourceId,
      dimensions: event.dimensions,
    });
  });
});

describe('instants outside what the database holds are a 400, never a 500', () => {
  const YEAR_ZERO = '0000-01-01T00:00:00Z';
  const BEFORE_YEAR_ONE = '0001-01-01T00:00:00+01:00';
  const MESSAGE = 'must be an RFC 3339 timestamp with offset';

  test.each([YEAR_ZERO, BEFORE_YEAR_ONE, '9999-12-31T23:59:59-01:00'])(
    'a billingAnchor of %s',
    async (billingAnchor) => {
      const response = await postJson(`${stack.api.url}/v1/customers`, {
        ...customerBody(),
        billingAnchor,
      });
      expect(response.status).toEqual(400);
      expect(response.body.error.details).toEqual([{ field: 'billingAnchor', message: MESSAGE }]);
    },
  );

  test.each([YEAR_ZERO, BEFORE_YEAR_ONE])('an effectiveFrom of %s', async (effectiveFrom) => {
    const customerId = await createCustomer(stack.api);
    const plan = planBody({});
    expect((await postJson(`${stack.api.url}/v1/plans`, plan)).status).toEqual(201);
    const response = await postJson(`${stack.api.url}/v1/customers/${customerId}/subscriptions`, {
      id: uniqueId('sub'),
      planId: plan.id,
      effectiveFrom,
    });
    expect(response.status).toEqual(400);
    expect(response.body.error.details).toEqual([{ field: 'effectiveFrom', message: MESSAGE }]);
  });

  test.each([
    ['from', YEAR_ZERO, '0000-06-01T00:00:00Z'],
    ['from', BEFORE_YEAR_ONE, '0001-06-01T00:00:00Z'],
    ['to', '9999-12-01T00:00:00Z', '9999-12-31T23:59:59-01:00'],
  ])('an export range with %s at %s', async (field, from, to) => {
    const query = new URLSearchParams({ from, to });
    const response = await getJson(`${stack.api.url}/v1/exports/invoices.csv?${query.toString()}`);
    expect(response.status).toEqual(400);
    expect(response.body.error.details).toContainEqual({ field, message: MESSAGE });
  });

  test('an event timestamp in year 0000 is outside the backdating window', async () => {
    const customerId = await createCustomer(stack.api);
    const response = await postJson(`${stack.api.url}/v1/events`, {
      events: [
        {
          id: 'e-1',
          customerId,
          type: 'usage.recorded',
          timestamp: YEAR_ZERO,
          resourceId: 'vm-1',
          meter: 'network.egress',
        },
      ],
    });
    expect(response.status).toEqual(400);
    expect(response.body.error.details).toEqual([
      { index: 0, field: 'timestamp', message: 'is older than the backdating window of 604800 s' },
    ]);
  });
});
