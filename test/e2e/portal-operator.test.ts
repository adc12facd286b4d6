import type { RunningApi } from '../../api/server';
import { saveNewPlan } from '../../db/repositories/catalog.repository';
import { saveDraftInvoice } from '../../db/repositories/invoices.repository';
import { saveNewSubscription } from '../../db/repositories/subscriptions.repository';
import { draftInvoice } from '../../domain/invoice';
import { startApi } from '../../runtime/start-api';
import { uniqueId } from '../fixtures/builders';
import { aPlan } from '../fixtures/catalog';
import { getJson, postJson } from '../support/http';
import { createTestRuntime, startTestStack, testConfig, type TestStack } from '../support/stack';

const QUEUE = 'e2e-portal-operator';
let stack: TestStack;
/** An API that knows the Temporal Web UI (TEMPORAL_UI_URL). */
let api: RunningApi;
const run = uniqueId('op');
const active = `${run}-active`;
const idle = `${run}-idle`;
const owing = `${run}-owing`;

async function createCustomer(id: string, name: string, email: string): Promise<void> {
  const created = await postJson(`${api.url}/v1/customers`, {
    id,
    name,
    email,
    currency: 'EUR',
    timezone: 'UTC',
    billingSchedule: 'monthly',
  });
  expect(created.status).toEqual(201);
}

/** A finalized invoice of 20.00 EUR (the plan's minimum commitment) for a past month. */
async function openInvoice(customerId: string, month: number): Promise<string> {
  const plan = await saveNewPlan(stack.database.db, aPlan());
  const draft = draftInvoice({
    customerId,
    period: { startMs: Date.UTC(2026, month, 1), endMs: Date.UTC(2026, month + 1, 1) },
    terms: { planId: plan.id, currency: 'EUR', prices: plan.prices, minimumCommitment: '20.00' },
    usage: [],
  });
  await saveDraftInvoice(stack.database.db, draft);
  const finalized = await postJson(`${api.url}/v1/invoices/${draft.invoiceId}/finalize`, {});
  expect([finalized.status, finalized.body.amountDue]).toEqual([200, '20.00']);
  return draft.invoiceId;
}

beforeAll(async () => {
  stack = await startTestStack(QUEUE);
  const runtime = await createTestRuntime(
    stack.env,
    stack.database,
    testConfig(QUEUE, { TEMPORAL_UI_URL: 'http://temporal-ui.example:8233/' }),
  );
  const started = await startApi(runtime);
  api = {
    ...started,
    close: async () => {
      await started.close();
      await runtime.close();
    },
  };
  await createCustomer(active, 'Zebra Cloud GmbH', 'billing@zebra.example');
  await createCustomer(idle, 'Quiet Labs', 'ap@quiet.example');
  await createCustomer(owing, 'Owes Money Ltd', 'finance@owes.example');
  const plan = await saveNewPlan(stack.database.db, aPlan());
  await saveNewSubscription(stack.database.db, {
    id: uniqueId('sub'),
    customerId: active,
    planId: plan.id,
    effectiveFromMs: Date.UTC(2026, 0, 1),
  });
  // Owes 20.00 + (20.00 - 5.50) = 34.50; a paid invoice owes nothing.
  await openInvoice(owing, 8);
  const partly = await openInvoice(owing, 9);
  const paid = await postJson(`${api.url}/v1/invoices/${partly}/payments`, {
    reference: 'bank-1',
    amount: '5.50',
  });
  expect(paid.status).toEqual(201);
  const settled = await openInvoice(owing, 7);
  expect(
    (await postJson(`${api.url}/v1/invoices/${settled}/payments`, { reference: 'b', amount: '20' }))
      .status,
  ).toEqual(201);
}, 120_000);

afterAll(async () => {
  await api?.close();
  await stack?.stop();
});

const list = (query: string) => getJson(`${api.url}/v1/operator/customers?${query}`);

test('each customer with its status, cost so far, open amount and links', async () => {
  const page = await list(`search=${run}`);
  expect(page.status).toEqual(200);
  const live = await getJson(`${api.url}/v1/customers/${active}/usage`);
  expect(live.status).toEqual(200);
  expect(page.body).toEqual({
    data: [
      {
        id: active,
        name: 'Zebra Cloud GmbH',
        email: 'billing@zebra.example',
        currency: 'EUR',
        status: 'active',
        // The live query's figure, as GET /v1/customers/{id}/usage shows it.
        accrued: live.body.cost.accrued,
        openAmount: '0.00',
        portalUrl: `/portal/customers/${active}/`,
        workflowUrl: `http://temporal-ui.example:8233/namespaces/default/workflows/billing-cycle%3A${active}`,
      },
      {
        id: idle,
        name: 'Quiet Labs',
        email: 'ap@quiet.example',
        currency: 'EUR',
        status: 'no_subscription',
        accrued: null,
        openAmount: '0.00',
        portalUrl: `/portal/customers/${idle}/`,
        workflowUrl: `http://temporal-ui.example:8233/namespaces/default/workflows/billing-cycle%3A${idle}`,
      },
      {
        id: owing,
        name: 'Owes Money Ltd',
        email: 'finance@owes.example',
        currency: 'EUR',
        status: 'no_subscription',
        accrued: null,
        openAmount: '34.50',
        portalUrl: `/portal/customers/${owing}/`,
        workflowUrl: `http://temporal-ui.example:8233/namespaces/default/workflows/billing-cycle%3A${owing}`,
      },
    ],
    nextCursor: null,
  });
  expect(live.body.cost.accrued).toMatch(/^\d+\.\d{2}$/);
});

test.each<[string, string, string[]]>([
  ['a name, any case', 'zEBRA', [active]],
  ['an email', 'finance@owes', [owing]],
  ['an id prefix', `${run}-i`, [idle]],
  ['LIKE wildcards taken literally', '%', []],
  ['nothing', 'no-such-customer-anywhere', []],
])('search by %s', async (_name, search, ids) => {
  const page = await list(`search=${encodeURIComponent(search)}`);
  expect(page.status).toEqual(200);
  expect(
    page.body.data.map((c: { id: string }) => c.id).filter((id: string) => id.startsWith(run)),
  ).toEqual(ids);
  if (ids.length === 0 && search !== '%') expect(page.body.data).toEqual([]);
});

test('pages follow the cursor in id order, each customer once', async () => {
  const seen: string[] = [];
  let cursor: string | null = null;
  do {
    const query: string = `search=${run}&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
    const page = await list(query);
    expect(page.status).toEqual(200);
    seen.push(...page.body.data.map((c: { id: string }) => c.id));
    cursor = page.body.nextCursor;
  } while (cursor !== null);
  expect(seen).toEqual([active, idle, owing]);
  const bad = await list('cursor=not-a-cursor');
  expect([bad.status, bad.body.error.details]).toEqual([
    400,
    [{ field: 'cursor', message: 'is not a nextCursor of this list' }],
  ]);
});

test('without the Temporal UI configured, workflow links are null', async () => {
  const page = await getJson(`${stack.api.url}/v1/operator/customers?search=${active}`);
  expect(page.body.data.map((c: { workflowUrl: unknown }) => c.workflowUrl)).toEqual([null]);
});
