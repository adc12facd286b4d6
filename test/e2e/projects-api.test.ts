import { sql } from 'drizzle-orm';
import { countLedgerEvents } from '../../db/repositories/ledger.repository';
import { uniqueId } from '../fixtures/builders';
import { createCustomer, useApiStack } from '../support/api-stack';
import { getJson, postJson } from '../support/http';

const stack = useApiStack('e2e-projects');
const iso = (ms: number) => new Date(ms).toISOString();

async function createProject(customerId: string, body: Record<string, unknown>) {
  return postJson(`${stack.api.url}/v1/customers/${customerId}/projects`, body);
}

test('projects are created once, listed by id and read one by one', async () => {
  const customerId = await createCustomer(stack.api);
  const web = { id: 'web', name: 'Web shop', team: 'Storefront', costCenter: 'CC-4711' };
  const created = await createProject(customerId, web);
  expect(created).toEqual({
    status: 201,
    body: { ...web, customerId, purchaseOrderReference: null },
  });
  expect((await createProject(customerId, web)).status).toEqual(200);
  const conflict = await createProject(customerId, { ...web, name: 'Other' });
  expect([conflict.status, conflict.body.error.code]).toEqual([409, 'project_exists']);
  expect((await createProject(customerId, { id: 'data', name: 'Data' })).status).toEqual(201);

  const list = await getJson(`${stack.api.url}/v1/customers/${customerId}/projects?limit=1`);
  expect(list.status).toEqual(200);
  expect(list.body.data.map((p: { id: string }) => p.id)).toEqual(['data']);
  const next = await getJson(
    `${stack.api.url}/v1/customers/${customerId}/projects?limit=1&cursor=${list.body.nextCursor}`,
  );
  expect([next.body.data.map((p: { id: string }) => p.id), next.body.nextCursor]).toEqual([
    ['web'],
    null,
  ]);
  const one = await getJson(`${stack.api.url}/v1/customers/${customerId}/projects/web`);
  expect(one).toEqual({ status: 200, body: created.body });
  const missing = await getJson(`${stack.api.url}/v1/customers/${customerId}/projects/nope`);
  expect([missing.status, missing.body.error.code]).toEqual([404, 'project_not_found']);
});

test('a project of an unknown customer is 404; a bad body is a 400 naming the field', async () => {
  const unknown = await createProject(uniqueId('nobody'), { id: 'p', name: 'P' });
  expect([unknown.status, unknown.body.error.code]).toEqual([404, 'customer_not_found']);
  const customerId = await createCustomer(stack.api);
  const bad = await createProject(customerId, { id: 'has space', name: 'P' });
  expect(bad.status).toEqual(400);
  expect(bad.body.error.details).toEqual([expect.objectContaining({ field: 'id' })]);
});

test('events carry a project of their customer; another project rejects the batch whole', async () => {
  const customerId = await createCustomer(stack.api);
  const other = await createCustomer(stack.api);
  expect((await createProject(customerId, { id: 'web', name: 'Web' })).status).toEqual(201);
  expect((await createProject(other, { id: 'data', name: 'Data' })).status).toEqual(201);
  const at = iso(Date.now() - 60_000);
  const event = (id: string, projectId?: string) => ({
    id,
    customerId,
    type: 'usage.recorded',
    timestamp: at,
    resourceId: 'bucket-1',
    meter: 'storage.egress',
    quantity: '5',
    ...(projectId === undefined ? {} : { projectId }),
  });

  // "data" is the other customer's project: the whole batch is refused, nothing kept.
  const refused = await postJson(`${stack.api.url}/v1/events`, {
    events: [event('e1', 'web'), event('e2', 'data'), event('e3')],
  });
  expect(refused.status).toEqual(400);
  expect(refused.body.error.code).toEqual('invalid_events');
  expect(refused.body.error.details).toEqual([
    { index: 1, field: 'projectId', message: `unknown project data of customer ${customerId}` },
  ]);
  expect(await countLedgerEvents(stack.database.db, customerId)).toEqual(0);

  const reserved = await postJson(`${stack.api.url}/v1/events`, {
    events: [{ ...event('e4'), dimensions: { $project: 'web' } }],
  });
  expect(reserved.status).toEqual(400);
  expect(reserved.body.error.details).toEqual([
    {
      index: 0,
      field: 'dimensions.$project',
      message: 'is reserved for the project; send projectId',
    },
  ]);

  const accepted = await postJson(`${stack.api.url}/v1/events`, {
    events: [event('e1', 'web'), event('e3')],
  });
  expect(accepted.status).toEqual(202);
  const rows = await stack.database.db.execute(
    sql`select event_id, project_id, dimensions from usage_events where customer_id = ${customerId} order by sequence`,
  );
  const list = (Array.isArray(rows) ? rows : (rows as { rows: unknown[] }).rows) as unknown[];
  expect(list).toEqual([
    { event_id: 'e1', project_id: 'web', dimensions: { $project: 'web' } },
    { event_id: 'e3', project_id: null, dimensions: null },
  ]);

  // A retry is a duplicate; the same id in another project is a conflict.
  const retried = await postJson(`${stack.api.url}/v1/events`, { events: [event('e1', 'web')] });
  expect([retried.status, retried.body.results]).toEqual([
    202,
    [{ id: 'e1', status: 'duplicate' }],
  ]);
  const moved = await postJson(`${stack.api.url}/v1/events`, { events: [event('e1')] });
  expect(moved.status).toEqual(409);
});

test('an update naming a project must give the dimensions it replaces', async () => {
  const customerId = await createCustomer(stack.api);
  expect((await createProject(customerId, { id: 'web', name: 'Web' })).status).toEqual(201);
  const refused = await postJson(`${stack.api.url}/v1/events`, {
    events: [
      {
        id: 'u1',
        customerId,
        type: 'resource.updated',
        timestamp: iso(Date.now() - 1000),
        resourceId: 'vm-1',
        meter: 'compute.vm',
        quantity: '2',
        projectId: 'web',
      },
    ],
  });
  expect(refused.status).toEqual(400);
  expect(refused.body.error.details).toEqual([
    expect.objectContaining({ index: 0, field: 'dimensions' }),
  ]);
});
