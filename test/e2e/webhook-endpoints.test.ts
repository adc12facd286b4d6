import { loadDelivery } from '../../db/repositories/webhooks.repository';
import type { RunningApi } from '../../api/server';
import { startApi } from '../../runtime/start-api';
import { eventually } from '../support/eventually';
import { startWebhookReceiver, type WebhookReceiver } from '../support/fakes/webhook-receiver';
import { authHeaders, getJson, postJson, type JsonResponse } from '../support/http';
import { aCustomerWithDraft } from '../support/invoice-fixtures';
import { createTestRuntime, startTestStack, testConfig, type TestStack } from '../support/stack';

/** A secret of the test's own, so the receivers can verify what the engine signs. */
const SECRET = `whsec_${Buffer.alloc(32, 9).toString('base64')}`;

let stack: TestStack;
let receivers: Record<'retrying' | 'gone' | 'off', WebhookReceiver>;
/** An API on the same database and Temporal whose policy denies private addresses. */
let strictApi: RunningApi;

beforeAll(async () => {
  const [started, retrying, gone, off] = await Promise.all([
    startTestStack('e2e-webhook-endpoints', { delivery: true }),
    startWebhookReceiver({ secret: SECRET }),
    startWebhookReceiver({ secret: SECRET }),
    startWebhookReceiver({ secret: SECRET }),
  ]);
  stack = started;
  receivers = { retrying, gone, off };
  const runtime = await createTestRuntime(
    stack.env,
    stack.database,
    testConfig('e2e-webhook-endpoints-strict', { OUTBOUND_ALLOW_PRIVATE_ADDRESSES: 'false' }),
  );
  const api = await startApi(runtime);
  strictApi = {
    ...api,
    close: async () => {
      await api.close();
      await runtime.close();
    },
  };
}, 120_000);

afterAll(async () => {
  await strictApi?.close();
  await stack?.stop();
  await Promise.all(Object.values(receivers ?? {}).map((receiver) => receiver.close()));
});

async function send(
  method: 'PATCH' | 'DELETE',
  url: string,
  body?: unknown,
): Promise<JsonResponse> {
  const response = await fetch(url, {
    method,
    headers: { 'content-type': 'application/json', ...authHeaders() },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: await response.json() };
}

const endpointUrl = (id: string, api = stack.api.url) => `${api}/v1/webhook-endpoints/${id}`;

test('PATCH changes url, event types and enabled; DELETE removes the endpoint', async () => {
  const created = await postJson(`${stack.api.url}/v1/webhook-endpoints`, {
    id: 'patched',
    url: 'http://127.0.0.1:9/one',
  });
  expect([created.status, created.body.enabled]).toEqual([201, true]);

  const url = await send('PATCH', endpointUrl('patched'), { url: 'http://127.0.0.1:9/two' });
  expect([url.status, url.body.url, url.body.eventTypes]).toEqual([
    200,
    'http://127.0.0.1:9/two',
    [],
  ]);
  const types = await send('PATCH', endpointUrl('patched'), {
    eventTypes: ['invoice.paid', 'invoice.finalized', 'invoice.paid'],
  });
  expect([types.body.url, types.body.eventTypes]).toEqual([
    'http://127.0.0.1:9/two',
    ['invoice.finalized', 'invoice.paid'],
  ]);
  const disabled = await send('PATCH', endpointUrl('patched'), { enabled: false });
  expect([disabled.status, disabled.body.enabled, disabled.body.secret]).toEqual([
    200,
    false,
    undefined,
  ]);
  expect((await getJson(endpointUrl('patched'))).body).toMatchObject({
    id: 'patched',
    enabled: false,
    eventTypes: ['invoice.finalized', 'invoice.paid'],
  });

  for (const [body, field] of [
    [{ url: 'ftp://example.com/hook' }, 'url'],
    [{ eventTypes: ['invoice.eaten'] }, 'eventTypes.0'],
    [{ enabled: 'no' }, 'enabled'],
    [{ secret: SECRET }, 'secret'],
  ] as const) {
    const response = await send('PATCH', endpointUrl('patched'), body);
    expect([response.status, response.body.error.details[0].field]).toEqual([400, field]);
  }
  expect((await send('PATCH', endpointUrl('nobody'), { enabled: true })).status).toEqual(404);

  const deleted = await send('DELETE', endpointUrl('patched'));
  expect([deleted.status, deleted.body.id]).toEqual([200, 'patched']);
  expect((await getJson(endpointUrl('patched'))).status).toEqual(404);
  expect((await getJson(`${endpointUrl('patched')}/deliveries`)).status).toEqual(404);
  expect((await send('PATCH', endpointUrl('patched'), { enabled: true })).status).toEqual(404);
  expect((await send('DELETE', endpointUrl('patched'))).status).toEqual(404);
  const listed = await getJson(`${stack.api.url}/v1/webhook-endpoints`);
  expect(listed.body.endpoints.map((e: { id: string }) => e.id)).not.toContain('patched');
  // The id of a deleted endpoint is not registered again.
  const again = await postJson(`${stack.api.url}/v1/webhook-endpoints`, {
    id: 'patched',
    url: 'http://127.0.0.1:9/one',
  });
  expect(again.status).toEqual(409);
});

test('deliveries to a disabled or deleted endpoint stop, even while being retried', async () => {
  for (const [id, receiver] of Object.entries(receivers)) {
    const created = await postJson(`${stack.api.url}/v1/webhook-endpoints`, {
      id,
      url: receiver.url,
      secret: SECRET,
      eventTypes: ['invoice.finalized'],
    });
    expect(created.status).toEqual(201);
  }
  // Disabled before the event: it is not fanned out to at all.
  expect((await send('PATCH', endpointUrl('off'), { enabled: false })).status).toEqual(200);
  receivers.retrying.rejectNext(1_000, 503);
  receivers.gone.rejectNext(1_000, 503);

  const { draft } = await aCustomerWithDraft(stack.api.url, stack.database.db);
  const finalized = await postJson(`${stack.api.url}/v1/invoices/${draft.invoiceId}/finalize`, {});
  expect(finalized.status).toEqual(200);
  const eventId = `evt_invoice.finalized_${draft.invoiceId}`;
  const attempted = (receiver: WebhookReceiver) =>
    receiver.attempts.filter((attempt) => attempt.msgId === eventId).length;

  // Both fail with 503 and are being retried (2 s, 4 s, ... apart).
  await eventually(
    () => Promise.resolve([attempted(receivers.retrying), attempted(receivers.gone)]),
    (counts) => counts.every((count) => count >= 1),
    60_000,
  );
  expect((await send('PATCH', endpointUrl('retrying'), { enabled: false })).status).toEqual(200);
  expect((await send('DELETE', endpointUrl('gone'))).status).toEqual(200);

  const logged = await eventually(
    async () =>
      Promise.all(
        ['retrying', 'gone'].map(
          async (id) => (await loadDelivery(stack.database.db, eventId, id))?.status,
        ),
      ),
    (statuses) => statuses.every((status) => status === 'cancelled'),
    30_000,
  );
  expect(logged).toEqual(['cancelled', 'cancelled']);
  const counts = [attempted(receivers.retrying), attempted(receivers.gone)];
  // No attempt after the cancellation: wait past the next retries (2 + 4 + 8 s would be due).
  await new Promise((resolve) => setTimeout(resolve, 8_000));
  expect([attempted(receivers.retrying), attempted(receivers.gone)]).toEqual(counts);

  const log = await getJson(`${endpointUrl('retrying')}/deliveries`);
  expect(log.body.deliveries.find((d: { eventId: string }) => d.eventId === eventId)).toMatchObject(
    {
      status: 'cancelled',
      lastError: 'endpoint disabled',
      lastStatusCode: 503,
    },
  );
  expect(await loadDelivery(stack.database.db, eventId, 'gone')).toMatchObject({
    lastError: 'endpoint deleted',
  });
  expect(receivers.off.attempts).toEqual([]);
  expect(await loadDelivery(stack.database.db, eventId, 'off')).toBeNull();
}, 120_000);

test('the outbound URL policy refuses loopback, private and link-local URLs', async () => {
  const urls = [
    'http://10.0.0.1/hook',
    'http://192.168.1.1/hook',
    'http://169.254.169.254/latest/meta-data',
    'http://[::1]:8080/hook',
    'http://[fe80::1]/hook',
    'http://127.0.0.1:9/hook',
    'http://0x7f.1:9/hook',
    // Resolved by the system resolver (/etc/hosts), no DNS server: loopback.
    'http://localhost:9/hook',
  ];
  for (const [index, url] of urls.entries()) {
    const created = await postJson(`${strictApi.url}/v1/webhook-endpoints`, {
      id: `strict-${index}`,
      url,
    });
    expect([url, created.status, created.body.error?.details?.[0]?.field]).toEqual([
      url,
      400,
      'url',
    ]);
  }
  const created = await postJson(`${stack.api.url}/v1/webhook-endpoints`, {
    id: 'lenient',
    url: 'http://127.0.0.1:9/hook',
  });
  expect(created.status).toEqual(201);
  const patched = await send('PATCH', endpointUrl('lenient', strictApi.url), {
    url: 'http://169.254.169.254/latest',
  });
  expect([patched.status, patched.body.error.details[0]]).toEqual([
    400,
    { field: 'url', message: expect.stringContaining('link-local') },
  ]);
});
