import { uniqueId } from '../fixtures/builders';
import { getJson, postJson } from '../support/http';
import { createCustomer, useApiStack } from '../support/api-stack';

// No worker: creating a customer only starts its workflow, and nothing here waits on it.
const TASK_QUEUE = 'e2e-catalog';
const stack = useApiStack(TASK_QUEUE);

/** A plan body: run_time (60 s minimum, cap), graduated and counter prices. */
function planBody(id = uniqueId('plan'), currency = 'EUR') {
  return {
    id,
    name: 'Compute 2026',
    currency,
    minimumCommitment: '20.00',
    prices: [
      {
        id: 'vm-small',
        meter: 'compute.vm',
        dimensionsFilter: { flavor: 'm1.small' },
        groupBy: ['flavor', 'region'],
        model: {
          type: 'run_time',
          unit: 'hour',
          unitPrice: '0.0066',
          minimumSeconds: 60,
          periodCapAmount: '4.80',
        },
      },
      {
        id: 'storage',
        meter: 'storage.volume',
        unitLabel: 'GB-month',
        model: {
          type: 'graduated',
          measure: 'quantitySeconds',
          unit: 'month',
          unitDivisor: '1000000000',
          tiers: [
            { upTo: '100', unitPrice: '0' },
            { upTo: '1000', unitPrice: '0.05', flatPrice: '1.00' },
            { upTo: null, unitPrice: '0.04' },
          ],
        },
      },
      {
        id: 'egress',
        meter: 'network.egress',
        freeUnits: '10',
        model: { type: 'counter', unitPrice: '0.01', unitDivisor: '1000000000' },
      },
    ],
  };
}

/** What the API answers for planBody(id): absent optional fields as null, filters as {}. */
function planView(id: string, currency = 'EUR') {
  const body = planBody(id, currency);
  const [vm, storage, egress] = body.prices;
  return {
    ...body,
    prices: [
      { ...vm, freeUnits: null, unitLabel: null },
      { ...storage, dimensionsFilter: {}, groupBy: null, freeUnits: null },
      { ...egress, dimensionsFilter: {}, groupBy: null, unitLabel: null },
    ],
  };
}

async function createPlan(currency = 'EUR'): Promise<string> {
  const id = uniqueId('plan');
  const response = await postJson(`${stack.api.url}/v1/plans`, planBody(id, currency));
  expect(response.status).toEqual(201);
  return id;
}

test('a plan with run_time, graduated and counter prices is stored and read back exactly', async () => {
  const id = uniqueId('plan');
  const created = await postJson(`${stack.api.url}/v1/plans`, planBody(id));
  expect(created).toEqual({ status: 201, body: planView(id) });
  expect(await getJson(`${stack.api.url}/v1/plans/${id}`)).toEqual({
    status: 200,
    body: planView(id),
  });
  const listed = await getJson<{ plans: { id: string }[] }>(`${stack.api.url}/v1/plans`);
  expect(listed.status).toEqual(200);
  expect(listed.body.plans.filter((plan) => plan.id === id)).toEqual([planView(id)]);
});

test('creating a plan is idempotent: same body 200, other body 409, nothing changed', async () => {
  const id = uniqueId('plan');
  expect((await postJson(`${stack.api.url}/v1/plans`, planBody(id))).status).toEqual(201);
  expect(await postJson(`${stack.api.url}/v1/plans`, planBody(id))).toEqual({
    status: 200,
    body: planView(id),
  });
  const changed = planBody(id);
  changed.prices[0]!.model.unitPrice = '0.0070';
  const conflict = await postJson(`${stack.api.url}/v1/plans`, changed);
  expect(conflict.status).toEqual(409);
  expect(conflict.body.error.code).toEqual('plan_exists');
  expect(conflict.body.error.details).toEqual([{ field: 'id', message: 'already exists' }]);
  expect(await getJson(`${stack.api.url}/v1/plans/${id}`)).toEqual({
    status: 200,
    body: planView(id),
  });
});

test('ids in the path that cannot exist are 404, never 500', async () => {
  for (const path of ['/v1/plans/a%00b', '/v1/customers/a%00b/subscriptions']) {
    expect((await getJson(`${stack.api.url}${path}`)).status).toEqual(404);
  }
  const body = { id: 'sub-1', planId: 'plan-1', effectiveFrom: '2026-11-01T00:00:00Z' };
  const response = await postJson(`${stack.api.url}/v1/customers/a%00b/subscriptions`, body);
  expect(response.status).toEqual(404);
});

test('an unknown plan is 404', async () => {
  const response = await getJson(`${stack.api.url}/v1/plans/no-such-plan`);
  expect(response).toEqual({
    status: 404,
    body: {
      error: {
        code: 'plan_not_found',
        message: 'no plan no-such-plan',
        details: [],
        requestId: expect.any(String),
      },
    },
  });
});

type Body = ReturnType<typeof planBody>;
type Edit = (body: Body & Record<string, any>) => void;
const vm = (b: Body): any => b.prices[0]!.model;
const storage = (b: Body): any => b.prices[1]!.model;
const egress = (b: Body): any => b.prices[2]!.model;

const invalidPlans: [string, Edit, string][] = [
  ['a malformed id', (b) => (b.id = 'no spaces'), 'id'],
  ['an empty name', (b) => (b.name = ''), 'name'],
  ['a NUL in the name', (b) => (b.name = 'a\u0000b'), 'name'],
  [
    'a NUL in a filter key',
    (b) => ((b.prices[0] as any).dimensionsFilter = { 'fla\u0000vor': 'x' }),
    'prices.0.dimensionsFilter.fla\u0000vor',
  ],
  ['a NUL in a groupBy key', (b) => (b.prices[0]!.groupBy = ['\u0000']), 'prices.0.groupBy.0'],
  ['a lone surrogate in the name', (b) => (b.name = 'Compute \ud800'), 'name'],
  [
    'a __proto__ filter key (zod alone would drop it and the price would match everything)',
    (b) =>
      ((b.prices[0] as any).dimensionsFilter = JSON.parse('{"__proto__":"m1.small"}') as object),
    'prices.0.dimensionsFilter.__proto__',
  ],
  [
    'a constructor filter key',
    (b) => ((b.prices[0] as any).dimensionsFilter = { constructor: 'x' }),
    'prices.0.dimensionsFilter.constructor',
  ],
  ['a prototype groupBy key', (b) => (b.prices[0]!.groupBy = ['prototype']), 'prices.0.groupBy.0'],
  ['an unknown currency', (b) => (b.currency = 'EURO'), 'currency'],
  ['a negative commitment', (b) => (b.minimumCommitment = '-1'), 'minimumCommitment'],
  [
    'a commitment below the minor unit',
    (b) => (b.minimumCommitment = '20.005'),
    'minimumCommitment',
  ],
  ['an unknown top-level field', (b) => (b.extra = 1), 'extra'],
  ['no prices', (b) => (b.prices = []), 'prices'],
  ['a malformed price id', (b) => (b.prices[0]!.id = ''), 'prices.0.id'],
  ['a missing meter', (b) => delete (b.prices[0] as any).meter, 'prices.0.meter'],
  [
    'a non-string filter value',
    (b) => ((b.prices[0] as any).dimensionsFilter = { flavor: 1 }),
    'prices.0.dimensionsFilter.flavor',
  ],
  ['an unknown model type', (b) => (vm(b).type = 'flat'), 'prices.0.model.type'],
  ['an exponent price', (b) => (vm(b).unitPrice = '6.6e-3'), 'prices.0.model.unitPrice'],
  ['a run_time unit of month', (b) => (vm(b).unit = 'month'), 'prices.0.model.unit'],
  [
    'fractional minimum seconds',
    (b) => (vm(b).minimumSeconds = 1.5),
    'prices.0.model.minimumSeconds',
  ],
  [
    'a zero rounding increment',
    (b) => (vm(b).roundingIncrementSeconds = 0),
    'prices.0.model.roundingIncrementSeconds',
  ],
  ['an unknown model field', (b) => (vm(b).unitDivisor = '2'), 'prices.0.model.unitDivisor'],
  ['free units beside a cap', (b) => ((b.prices[0] as any).freeUnits = '1'), 'prices.0.freeUnits'],
  ['no tiers', (b) => (storage(b).tiers = []), 'prices.1.model.tiers'],
  ['descending tiers', (b) => (storage(b).tiers[1].upTo = '50'), 'prices.1.model.tiers.1.upTo'],
  [
    'a bounded last tier',
    (b) => (storage(b).tiers[2].upTo = '5000'),
    'prices.1.model.tiers.2.upTo',
  ],
  ['an open middle tier', (b) => (storage(b).tiers[0].upTo = null), 'prices.1.model.tiers.0.upTo'],
  [
    'a tier without price',
    (b) => delete storage(b).tiers[1].unitPrice,
    'prices.1.model.tiers.1.unitPrice',
  ],
  ['an unknown measure', (b) => (storage(b).measure = 'bytes'), 'prices.1.model.measure'],
  ['a time unit on a quantity', (b) => (storage(b).measure = 'quantity'), 'prices.1.model.unit'],
  ['a zero divisor', (b) => (egress(b).unitDivisor = '0'), 'prices.2.model.unitDivisor'],
  ['a numeric price', (b) => (egress(b).unitPrice = 0.01), 'prices.2.model.unitPrice'],
  ['a duplicate price id', (b) => (b.prices[2]!.id = 'vm-small'), 'prices.2.id'],
];

test.each(invalidPlans)(
  'a plan with %s is 400, names the field and keeps nothing',
  async (_case, edit, field) => {
    const body = planBody() as Body & Record<string, any>;
    edit(body);
    const response = await postJson(`${stack.api.url}/v1/plans`, body);
    expect(response.status).toEqual(400);
    expect(response.body.error.code).toEqual('invalid_request');
    expect(response.body.error.details.map((issue: { field: string }) => issue.field)).toEqual([
      field,
    ]);
    expect(typeof response.body.error.details[0].message).toEqual('string');
    const stored = await getJson(`${stack.api.url}/v1/plans/${encodeURIComponent(body.id)}`);
    expect(stored.status).toEqual(404);
  },
);

test('subscriptions: created, idempotent, listed oldest first', async () => {
  const customerId = await createCustomer(stack.api);
  const basic = await createPlan();
  const pro = await createPlan();
  const url = `${stack.api.url}/v1/customers/${customerId}/subscriptions`;
  const first = {
    id: uniqueId('sub'),
    planId: basic,
    effectiveFrom: '2026-11-15T12:00:00.250+01:00',
  };
  const second = { id: uniqueId('sub'), planId: pro, effectiveFrom: '2026-12-01T00:00:00Z' };
  const view = (s: typeof first) => ({
    id: s.id,
    customerId,
    planId: s.planId,
    effectiveFrom: new Date(s.effectiveFrom).toISOString(),
  });
  expect(await postJson(url, second)).toEqual({ status: 201, body: view(second) });
  expect(await postJson(url, first)).toEqual({ status: 201, body: view(first) });
  expect(view(first).effectiveFrom).toEqual('2026-11-15T11:00:00.250Z');
  // The same instant in another offset is the same body.
  expect(await postJson(url, { ...first, effectiveFrom: '2026-11-15T11:00:00.250Z' })).toEqual({
    status: 200,
    body: view(first),
  });

  const otherBody = await postJson(url, { ...first, planId: pro });
  expect(otherBody.status).toEqual(409);
  expect(otherBody.body.error.code).toEqual('subscription_exists');
  const sameInstant = await postJson(url, { ...first, id: uniqueId('sub') });
  expect(sameInstant.status).toEqual(409);
  expect(sameInstant.body.error.code).toEqual('subscription_conflict');
  expect(sameInstant.body.error.details).toEqual([
    { field: 'effectiveFrom', message: 'another subscription starts at this instant' },
  ]);

  expect(await getJson(url)).toEqual({
    status: 200,
    body: { subscriptions: [view(first), view(second)], nextCursor: null },
  });
});

test('subscriptions: currency mismatch 400, unknown plan or customer 404, bad body 400', async () => {
  const customerId = await createCustomer(stack.api, { currency: 'EUR' });
  const usdPlan = await createPlan('USD');
  const url = `${stack.api.url}/v1/customers/${customerId}/subscriptions`;
  const body = { id: uniqueId('sub'), planId: usdPlan, effectiveFrom: '2026-11-01T00:00:00Z' };

  expect(await postJson(url, body)).toEqual({
    status: 400,
    body: {
      error: {
        code: 'currency_mismatch',
        message: `plan ${usdPlan} is in USD, customer ${customerId} is billed in EUR`,
        details: [{ field: 'planId', message: 'must be a plan in EUR' }],
        requestId: expect.any(String),
      },
    },
  });
  expect(await postJson(url, { ...body, planId: 'no-such-plan' })).toEqual({
    status: 404,
    body: {
      error: {
        code: 'plan_not_found',
        message: 'no plan no-such-plan',
        details: [{ field: 'planId', message: 'no such plan' }],
        requestId: expect.any(String),
      },
    },
  });
  const unknownCustomer = await postJson(
    `${stack.api.url}/v1/customers/nobody/subscriptions`,
    body,
  );
  expect(unknownCustomer).toEqual({
    status: 404,
    body: {
      error: {
        code: 'customer_not_found',
        message: 'no customer nobody',
        details: [],
        requestId: expect.any(String),
      },
    },
  });
  expect((await getJson(`${stack.api.url}/v1/customers/nobody/subscriptions`)).status).toEqual(404);

  const invalid = await postJson(url, { ...body, effectiveFrom: '2026-11-01 00:00', extra: 1 });
  expect(invalid.status).toEqual(400);
  expect(invalid.body.error.details).toEqual([
    { field: 'effectiveFrom', message: 'must be an RFC 3339 timestamp with offset' },
    { field: 'extra', message: 'is not a known field' },
  ]);

  expect(await getJson(url)).toEqual({
    status: 200,
    body: { subscriptions: [], nextCursor: null },
  });
});
