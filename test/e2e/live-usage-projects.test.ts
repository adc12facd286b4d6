import { SESSION_COOKIE } from '../../domain/portal/cookies';
import { uniqueId } from '../fixtures/builders';
import { eventually } from '../support/eventually';
import { getJson, ok, postJson, TEST_OPERATOR_KEY } from '../support/http';
import { startTestStack, type TestStack } from '../support/stack';

// Live usage by project (issue 10, items 1 and 4) through REST on the real stack: the
// billing-cycle workflow's live usage, priced organization-wide and split by project.
//
// One price, graduated by quantity: up to 50 units at 0.10, above at 0.05. Usage: project
// web 40, project data 20, the account itself 10 -> 70 units = 50 x 0.10 + 20 x 0.05 = 6.00.
// Alone, web would cost 4.00 (below the tier): the organization's total crosses it.
// Split in proportion to units (precise 3.428571..., 1.714285..., 0.857142...) at the cent by
// largest remainder: 342.857 + 171.428 + 85.714 cents -> floors 342 + 171 + 85 = 598; the two
// missing cents go to the largest remainders, web (.857) and the account (.714):
// web 3.43, data 1.71, account 0.86; sum 6.00.

let stack: TestStack;
const customerId = uniqueId('cus-live-projects');
const D = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();
let webKey: string;

beforeAll(async () => {
  stack = await startTestStack('e2e-live-usage-projects');
  const { url } = stack.api;
  const nowMs = Date.now();
  const planId = uniqueId('plan');
  ok(
    await postJson(`${url}/v1/plans`, {
      id: planId,
      name: 'Egress',
      currency: 'EUR',
      prices: [
        {
          id: 'egress',
          meter: 'network.egress',
          dimensionsFilter: {},
          model: {
            type: 'graduated',
            measure: 'quantity',
            tiers: [
              { upTo: '50', unitPrice: '0.10' },
              { upTo: null, unitPrice: '0.05' },
            ],
          },
        },
      ],
    }),
  );
  // Monthly from 3 days ago: every event below is in the current period.
  ok(
    await postJson(`${url}/v1/customers`, {
      id: customerId,
      name: 'Projects GmbH',
      email: 'ap@projects.example',
      currency: 'EUR',
      timezone: 'UTC',
      billingSchedule: 'monthly',
      billingAnchor: iso(nowMs - 3 * D),
    }),
  );
  ok(
    await postJson(`${url}/v1/customers/${customerId}/subscriptions`, {
      id: uniqueId('sub'),
      planId,
      effectiveFrom: '2020-01-01T00:00:00Z',
    }),
  );
  for (const [id, name] of [
    ['web', 'Web shop'],
    ['data', 'Data platform'],
  ]) {
    ok(await postJson(`${url}/v1/customers/${customerId}/projects`, { id, name }));
  }
  const recorded = (id: string, resourceId: string, quantity: string, projectId?: string) => ({
    id,
    customerId,
    type: 'usage.recorded',
    timestamp: iso(nowMs - 60_000),
    resourceId,
    meter: 'network.egress',
    quantity,
    ...(projectId === undefined ? {} : { projectId }),
  });
  ok(
    await postJson(`${url}/v1/events`, {
      events: [
        recorded('e1', 'lb-w', '40', 'web'),
        recorded('e2', 'lb-d', '20', 'data'),
        recorded('e3', 'lb-a', '10'),
      ],
    }),
  );
  const issued = await postJson(`${url}/v1/api-keys`, {
    kind: 'project',
    customerId,
    projectId: 'web',
  });
  ok(issued);
  webKey = issued.body.key as string;
  // The workflow has applied the three events.
  const live = await eventually(
    () => usageOf(''),
    (r) => r.status === 200 && r.body.resources.length === 3,
    30_000,
  );
  expect(live.body.resources).toHaveLength(3);
}, 180_000);

afterAll(() => stack?.stop());

const usageOf = (query: string, token: string | null = TEST_OPERATOR_KEY) =>
  getJson(`${stack.api.url}/v1/customers/${customerId}/usage${query}`, token);

const sum = (amounts: string[]): number =>
  amounts.reduce((total, amount) => total + Math.round(Number(amount) * 100), 0);

interface ProjectCost {
  projectId: string | null;
  name: string | null;
  accrued: string;
  forecast: string;
}

test('live usage breaks the cost down by project, summing exactly to the totals', async () => {
  const live = await usageOf('');
  expect(live.status).toEqual(200);
  expect(live.body.cost.accrued).toEqual('6.00');
  const projects = live.body.cost.projects as ProjectCost[];
  expect(projects.map(({ projectId, name, accrued }) => [projectId, name, accrued])).toEqual([
    [null, null, '0.86'],
    ['data', 'Data platform', '1.71'],
    ['web', 'Web shop', '3.43'],
  ]);
  // No coupons or taxes: the parts sum exactly to the totals, so far and projected.
  expect(sum(projects.map((p) => p.accrued))).toEqual(600);
  expect(sum(projects.map((p) => p.forecast))).toEqual(sum([live.body.cost.forecast]));
  // The counters keep their rate to the period end: the forecast is above the accrued.
  expect(Number(live.body.cost.forecast)).toBeGreaterThan(6);
  // The same split as the invoice the period would get now.
  const preview = await getJson(
    `${stack.api.url}/v1/customers/${customerId}/invoice-preview`,
    TEST_OPERATOR_KEY,
  );
  expect([preview.status, preview.body.subtotal, preview.body.projects]).toEqual([
    200,
    '6.00',
    [
      { projectId: null, name: null, subtotal: '0.86' },
      { projectId: 'data', name: 'Data platform', subtotal: '1.71' },
      { projectId: 'web', name: 'Web shop', subtotal: '3.43' },
    ],
  ]);
  expect(
    (preview.body.lines as { projectId?: string; amount: string }[]).map((line) => [
      line.projectId ?? null,
      line.amount,
    ]),
  ).toEqual([
    [null, '0.86'],
    ['data', '1.71'],
    ['web', '3.43'],
  ]);
});

test('projectId narrows live usage to the project and its cost to its part', async () => {
  const all = await usageOf('');
  const web = (all.body.cost.projects as ProjectCost[]).find((p) => p.projectId === 'web')!;
  const live = await usageOf('?projectId=web');
  expect(live.status).toEqual(200);
  expect(live.body.resources.map((r: { resourceId: string }) => r.resourceId)).toEqual(['lb-w']);
  expect(live.body.meters).toEqual([
    { meter: 'network.egress', seconds: '0', quantitySeconds: '0', quantity: '40' },
  ]);
  expect(live.body.cost).toEqual({
    currency: 'EUR',
    accrued: '3.43',
    forecast: web.forecast,
    meters: [{ meter: 'network.egress', accrued: '3.43', forecast: web.forecast }],
    projects: [{ projectId: 'web', name: 'Web shop', accrued: '3.43', forecast: web.forecast }],
  });
  const unknown = await usageOf('?projectId=nope');
  expect([unknown.status, unknown.body.error.code]).toEqual([404, 'project_not_found']);
  const empty = await usageOf('?projectId=');
  expect([empty.status, empty.body.error.details[0].field]).toEqual([400, 'projectId']);
});

test('a project key reads its own project live, follows the stream, and nothing else', async () => {
  const own = await usageOf('', webKey);
  expect(own.status).toEqual(200);
  expect(own.body.resources.map((r: { resourceId: string }) => r.resourceId)).toEqual(['lb-w']);
  expect([own.body.cost.accrued, own.body.cost.projects.length]).toEqual(['3.43', 1]);
  expect((await usageOf('?projectId=web', webKey)).body.cost.accrued).toEqual('3.43');
  const other = await usageOf('?projectId=data', webKey);
  expect([other.status, other.body.error.code]).toEqual([404, 'project_not_found']);
  // Account-wide money stays closed to it.
  for (const path of ['/invoice-preview', '/overview']) {
    const closed = await getJson(`${stack.api.url}/v1/customers/${customerId}${path}`, webKey);
    expect([path, closed.status]).toEqual([path, 404]);
  }
  const aborted = new AbortController();
  const stream = await fetch(`${stack.api.url}/v1/customers/${customerId}/usage/stream`, {
    headers: { authorization: `Bearer ${webKey}` },
    signal: aborted.signal,
  });
  expect([stream.status, stream.headers.get('content-type')]).toEqual([
    200,
    'text/event-stream; charset=utf-8',
  ]);
  aborted.abort();
});

/** POST a portal link, open it, and return the session's Cookie header. */
async function projectSession(projectId: string): Promise<string> {
  const link = await postJson(`${stack.api.url}/v1/customers/${customerId}/portal-sessions`, {
    projectId,
  });
  expect(link.status).toEqual(201);
  const parsed = new URL(link.body.url as string);
  const opened = await fetch(`${stack.api.url}${parsed.pathname}${parsed.search}`, {
    redirect: 'manual',
    headers: { accept: 'application/json' },
  });
  expect(opened.status).toEqual(303);
  const cookies = opened.headers.getSetCookie().map((cookie) => cookie.split(';')[0]);
  expect(cookies.some((cookie) => cookie!.startsWith(`${SESSION_COOKIE}=`))).toBe(true);
  return cookies.join('; ');
}

const withCookie = async (path: string, cookie: string) => {
  const response = await fetch(`${stack.api.url}${path}`, { headers: { cookie } });
  return { status: response.status, body: (await response.json()) as any };
};

test('a project-scoped portal session sees what the project key sees', async () => {
  const cookie = await projectSession('web');
  const me = await withCookie('/v1/portal/me', cookie);
  expect([me.status, me.body.principal]).toEqual([
    200,
    { kind: 'customer', customerId, projectId: 'web' },
  ]);
  const live = await withCookie(`/v1/customers/${customerId}/usage`, cookie);
  expect(live.status).toEqual(200);
  expect(live.body.resources.map((r: { resourceId: string }) => r.resourceId)).toEqual(['lb-w']);
  expect(live.body.cost.accrued).toEqual('3.43');
  const other = await withCookie(
    `/v1/customers/${customerId}/usage/timeseries?projectId=data`,
    cookie,
  );
  expect([other.status, other.body.error.code]).toEqual([404, 'project_not_found']);
  const preview = await withCookie(`/v1/customers/${customerId}/invoice-preview`, cookie);
  expect(preview.status).toEqual(404);

  // A project the customer does not have, and an empty id.
  const unknown = await postJson(`${stack.api.url}/v1/customers/${customerId}/portal-sessions`, {
    projectId: 'nope',
  });
  expect([unknown.status, unknown.body.error.code]).toEqual([404, 'project_not_found']);
  const empty = await postJson(`${stack.api.url}/v1/customers/${customerId}/portal-sessions`, {
    projectId: '',
  });
  expect([empty.status, empty.body.error.details[0].field]).toEqual([400, 'projectId']);
});
