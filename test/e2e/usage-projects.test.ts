import { saveNewPlan } from '../../db/repositories/catalog.repository';
import { saveNewCustomer } from '../../db/repositories/customers.repository';
import { saveNewSubscription } from '../../db/repositories/subscriptions.repository';
import { DEFAULT_BILLING_PROFILE } from '../../domain/customer';
import { aCustomer, uniqueId } from '../fixtures/builders';
import { aPlan } from '../fixtures/catalog';
import { useApiStack } from '../support/api-stack';
import { getJson, postJson } from '../support/http';

const stack = useApiStack('e2e-usage-projects');
const H = 3_600_000;
const SMALL = { flavor: 'm1.small', region: 'fra1' };
// The period starts 3 days ago (an anchor): every event below is in the current period.
// On an hour edge, so the hourly rows below do not depend on the minute the test runs.
const NOW = Math.floor(Date.now() / H) * H;
const iso = (ms: number) => new Date(ms).toISOString();

let customerId: string;
let webKey: string;
let accountKey: string;
const range = `from=${iso(NOW - 3 * H)}&to=${iso(NOW - H)}`;

beforeAll(async () => {
  const { db } = stack.database;
  const customer = aCustomer({
    id: uniqueId('cus'),
    timezone: 'Europe/Berlin',
    billingAnchorMs: NOW - 3 * 24 * H,
  });
  customerId = customer.id;
  await saveNewCustomer(db, customer, DEFAULT_BILLING_PROFILE);
  const plan = await saveNewPlan(db, aPlan({ id: uniqueId('plan'), minimumCommitment: null }));
  await saveNewSubscription(db, {
    id: uniqueId('sub'),
    customerId,
    planId: plan.id,
    effectiveFromMs: NOW - 30 * 24 * H,
  });
  for (const id of ['web', 'data']) {
    const created = await postJson(`${stack.api.url}/v1/customers/${customerId}/projects`, {
      id,
      name: id,
    });
    expect(created.status).toEqual(201);
  }
  let n = 0;
  const event = (
    type: string,
    atMs: number,
    resourceId: string,
    projectId: string | null,
    fields: Record<string, unknown> = {},
  ) => {
    n += 1;
    return {
      id: `e${n}`,
      customerId,
      type,
      timestamp: iso(atMs),
      resourceId,
      meter: 'compute.vm',
      ...(projectId === null ? {} : { projectId }),
      ...fields,
    };
  };
  const vm = { dimensions: SMALL };
  const egress = { meter: 'network.egress' };
  const sent = await postJson(`${stack.api.url}/v1/events`, {
    events: [
      // At 0.0066 per hour (vm-small, grouped by flavor and region): web's vm-w 1 h = 0.0066,
      // data's vm-d 30 min = 0.0033, the account's vm-a 15 min = 0.00165.
      event('resource.started', NOW - 2 * H, 'vm-w', 'web', vm),
      event('resource.stopped', NOW - H, 'vm-w', 'web'),
      event('resource.started', NOW - 2 * H, 'vm-d', 'data', vm),
      event('resource.stopped', NOW - 1.5 * H, 'vm-d', 'data'),
      event('resource.started', NOW - 2 * H, 'vm-a', null, vm),
      event('resource.stopped', NOW - 1.75 * H, 'vm-a', null),
      // 2 GB + 3 GB: within the organization's 10 GB free.
      event('usage.recorded', NOW - 1.5 * H, 'lb-w', 'web', { ...egress, quantity: '2000000000' }),
      event('usage.recorded', NOW - 1.5 * H, 'lb-d', 'data', { ...egress, quantity: '3000000000' }),
    ],
  });
  expect(sent.status).toEqual(202);
  const issued = await postJson(`${stack.api.url}/v1/api-keys`, {
    kind: 'project',
    customerId,
    projectId: 'web',
  });
  expect(issued.status).toEqual(201);
  webKey = issued.body.key as string;
  const account = await postJson(`${stack.api.url}/v1/api-keys`, { kind: 'customer', customerId });
  expect(account.status).toEqual(201);
  accountKey = account.body.key as string;
}, 60_000);

const get = (path: string, token?: string | null) =>
  getJson(`${stack.api.url}/v1/customers/${customerId}${path}`, token);

test('groupBy=project: one group per project, the account as "(no project)", summing to the total', async () => {
  const byProject = await get(`/usage/timeseries?${range}&granularity=hour&groupBy=project`);
  expect(byProject.status).toEqual(200);
  expect(byProject.body.groupBy).toEqual('project');
  expect(byProject.body.totals).toEqual([
    { key: '(no project)', quantity: '900', unit: 'second', cost: '0.00165' },
    { key: 'data', quantity: '1800', unit: 'second', cost: '0.0033' },
    { key: 'data', quantity: '3000000000', unit: 'unit', cost: '0' },
    { key: 'web', quantity: '3600', unit: 'second', cost: '0.0066' },
    { key: 'web', quantity: '2000000000', unit: 'unit', cost: '0' },
  ]);
  // The same range by meter: 900 + 1800 + 3600 s and 0.00165 + 0.0033 + 0.0066 = 0.01155.
  const byMeter = await get(`/usage/timeseries?${range}&granularity=hour&groupBy=meter`);
  expect(byMeter.body.totals).toEqual([
    { key: 'compute.vm', quantity: '6300', unit: 'second', cost: '0.01155' },
    { key: 'network.egress', quantity: '5000000000', unit: 'unit', cost: '0' },
  ]);
  const csv = await fetch(
    `${stack.api.url}/v1/customers/${customerId}/usage/timeseries.csv?${range}&granularity=hour&groupBy=project&projectId=data`,
    { headers: { authorization: `Bearer ${accountKey}` } },
  );
  expect(csv.status).toEqual(200);
  const rows = (await csv.text()).trim().split(/\r?\n/);
  expect(rows.slice(1).map((r) => r.split(',').slice(2).join(','))).toEqual([
    'data,1800,second,0.0033',
    'data,3000000000,unit,0',
  ]);
});

test('projectId narrows the timeseries, meters and resources to one project', async () => {
  const series = await get(`/usage/timeseries?${range}&groupBy=resource&projectId=data`);
  expect(series.body.totals).toEqual([
    { key: 'lb-d', quantity: '3000000000', unit: 'unit', cost: '0' },
    { key: 'vm-d', quantity: '1800', unit: 'second', cost: '0.0033' },
  ]);
  const meters = await get(`/meters?${range}&projectId=web`);
  expect(meters).toEqual({
    status: 200,
    body: {
      data: [
        { meter: 'compute.vm', unit: 'second', quantity: '3600', cost: '0.0066', resourceCount: 1 },
        {
          meter: 'network.egress',
          unit: 'unit',
          quantity: '2000000000',
          cost: '0',
          resourceCount: 1,
        },
      ],
    },
  });
  const resources = await get(`/resources?${range}&projectId=web&meter=compute.vm`);
  expect(
    resources.body.data.map((r: { resourceId: string; cost: string }) => [r.resourceId, r.cost]),
  ).toEqual([['vm-w', '0.0066']]);
  const unknown = await get(`/usage/timeseries?${range}&projectId=nope`);
  expect([unknown.status, unknown.body.error.code]).toEqual([404, 'project_not_found']);
  const bad = await get(`/meters?${range}&projectId=`);
  expect([bad.status, bad.body.error.details[0].field]).toEqual([400, 'projectId']);
});

test("a project key reads its own project's usage only", async () => {
  const series = await get(`/usage/timeseries?${range}&groupBy=project`, webKey);
  expect(series.status).toEqual(200);
  expect(series.body.totals).toEqual([
    { key: 'web', quantity: '3600', unit: 'second', cost: '0.0066' },
    { key: 'web', quantity: '2000000000', unit: 'unit', cost: '0' },
  ]);
  const own = await get(`/meters?${range}&projectId=web`, webKey);
  expect(own.body.data.map((m: { meter: string }) => m.meter)).toEqual([
    'compute.vm',
    'network.egress',
  ]);
  const resources = await get(`/resources?${range}`, webKey);
  expect(resources.body.data.map((r: { resourceId: string }) => r.resourceId)).toEqual([
    'vm-w',
    'lb-w',
  ]);
  for (const path of [
    `/usage/timeseries?${range}&projectId=data`,
    `/usage/timeseries.csv?${range}&projectId=data`,
    `/meters?${range}&projectId=data`,
    `/resources?${range}&projectId=data`,
  ]) {
    const other = await get(path, webKey);
    expect([path, other.status]).toEqual([path, 404]);
  }
  // Deny by default: the overview (account-wide money) and a resource's runs stay closed.
  for (const path of ['/overview', `/resources/vm-w/runs?${range}`]) {
    const closed = await get(path, webKey);
    expect([path, closed.status]).toEqual([path, 404]);
  }
});

test('the key list shows a project key as kind project with its project', async () => {
  interface Listed {
    kind: string;
    customerId: string | null;
    projectId?: string;
  }
  const keys: Listed[] = [];
  let cursor: string | null = null;
  do {
    const page: { status: number; body: { apiKeys: Listed[]; nextCursor: string | null } } =
      await getJson(
        `${stack.api.url}/v1/api-keys?limit=200${cursor === null ? '' : `&cursor=${cursor}`}`,
      );
    expect(page.status).toEqual(200);
    keys.push(...page.body.apiKeys);
    cursor = page.body.nextCursor;
  } while (cursor !== null);
  const mine = keys.filter((k) => k.customerId === customerId);
  expect(mine.map((k) => [k.kind, k.projectId])).toEqual([
    ['project', 'web'],
    ['customer', undefined],
  ]);
});
