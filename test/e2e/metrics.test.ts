import postgres from 'postgres';
import type { RunningApi } from '../../api/server';
import { createLogger } from '../../runtime/logger';
import { createMetrics } from '../../runtime/metrics';
import { startMetricsServer } from '../../runtime/metrics-server';
import { uniqueId } from '../fixtures/builders';
import { eventually } from '../support/eventually';
import { authHeaders, getJson, postJson, TEST_OPERATOR_KEY } from '../support/http';
import { startTestStack, type TestStack } from '../support/stack';

/**
 * GET /metrics and the request log on the real stack: the operator key guards the metrics,
 * counters move with ingest, latency is labelled by route template; every request has an
 * id, echoed in its header and error body; the log lines hold no key, email or SQL values.
 */
let stack: TestStack;
let api: RunningApi;
/** Every line the stack's logger wrote (the production logger, on a capture stream). */
const lines: string[] = [];

beforeAll(async () => {
  const logger = createLogger('info', 'metrics-test', {
    write: (line: string) => lines.push(line),
  });
  stack = await startTestStack('e2e-metrics', { logger });
  api = stack.api;
}, 120_000);

afterAll(() => stack?.stop());

const iso = (ms: number) => new Date(ms).toISOString();

async function scrape(token: string | null = TEST_OPERATOR_KEY) {
  const response = await fetch(`${api.url}/metrics`, { headers: authHeaders(token) });
  return {
    status: response.status,
    type: response.headers.get('content-type'),
    text: await response.text(),
  };
}

/** The value of one sample (`name{labels}`) in a Prometheus text page; 0 when absent. */
function sample(text: string, series: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? 0 : Number(line.slice(series.length + 1));
}

async function createCustomer(email = 'billing@acme.example') {
  const id = uniqueId('cus');
  const response = await postJson(`${api.url}/v1/customers`, {
    id,
    name: 'Acme Cloud GmbH',
    email,
    currency: 'EUR',
    timezone: 'UTC',
    billingSchedule: 'monthly',
  });
  return { id, response };
}

test('/metrics needs an operator key: none is 401, a customer key 403', async () => {
  expect((await scrape(null)).status).toEqual(401);
  const { id } = await createCustomer();
  const issued = await postJson(`${api.url}/v1/api-keys`, { kind: 'customer', customerId: id });
  expect(issued.status).toEqual(201);
  const forbidden = await scrape(issued.body.key as string);
  expect(forbidden.status).toEqual(403);
  const allowed = await scrape();
  expect(allowed.status).toEqual(200);
  expect(allowed.type).toMatch(/^text\/plain; version=0\.0\.4/);
  expect(allowed.text).toContain('# TYPE billing_events_total counter');
});

test('ingest moves the event counters, the ledger latency and the forwarder', async () => {
  const before = (await scrape()).text;
  const { id: customerId } = await createCustomer();
  const t0 = Date.now() - 60_000;
  const batch = {
    events: ['e1', 'e2'].map((id, i) => ({
      id,
      customerId,
      type: 'resource.started',
      timestamp: iso(t0 + i * 1000),
      resourceId: `vm-${id}`,
      meter: 'compute.vm',
    })),
  };
  expect((await postJson(`${api.url}/v1/events`, batch)).status).toEqual(202);
  // The same batch again: both are duplicates, nothing counted twice.
  expect((await postJson(`${api.url}/v1/events`, batch)).status).toEqual(202);
  // A batch refused whole (a timestamp that is no timestamp): its three events are rejected.
  const bad = { events: [...batch.events, { ...batch.events[0], id: 'e3', timestamp: 'soon' }] };
  expect((await postJson(`${api.url}/v1/events`, bad)).status).toEqual(400);

  const delta = (text: string, series: string) => sample(text, series) - sample(before, series);
  // The forwarder signals within its window (20 ms here); retried events are re-sent too
  // (the workflow drops what it has applied), so 4 events left the queue.
  const after = await eventually(
    async () => (await scrape()).text,
    (text) => delta(text, 'billing_forwarder_signalled_events_total') === 4,
  );
  expect(delta(after, 'billing_events_total{status="accepted"}')).toEqual(2);
  expect(delta(after, 'billing_events_total{status="duplicate"}')).toEqual(2);
  expect(delta(after, 'billing_events_total{status="rejected"}')).toEqual(3);
  expect(delta(after, 'billing_ledger_append_duration_seconds_count')).toEqual(2);
  expect(delta(after, 'billing_forwarder_signalled_events_total')).toEqual(4);
  expect(delta(after, 'billing_forwarder_signals_total')).toBeGreaterThanOrEqual(1);
  expect(sample(after, 'billing_forwarder_queue_depth')).toEqual(0);
  const posted = 'http_request_duration_seconds_count{route="/v1/events",method="POST"';
  expect(delta(after, `${posted},status="202"}`)).toEqual(2);
  expect(delta(after, `${posted},status="400"}`)).toEqual(1);
});

test('latency is labelled by the route template, never the raw path', async () => {
  const { id } = await createCustomer();
  expect((await getJson(`${api.url}/v1/customers/${id}`)).status).toEqual(200);
  const { text } = await scrape();
  expect(
    sample(
      text,
      'http_request_duration_seconds_count{route="/v1/customers/{id}",method="GET",status="200"}',
    ),
  ).toBeGreaterThanOrEqual(1);
  expect(text).not.toContain(id);
  // The worker's metrics share the registry in this one-process stack.
  expect(text).toContain('billing_delivery_attempts_total{channel="webhook"}');
  expect(text).toContain('billing_pdf_pool_queue_length');
});

test('every answer has a request id: a well-formed incoming one is kept and errors quote it', async () => {
  const fresh = await fetch(`${api.url}/healthz`);
  expect(fresh.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);

  const traced = await fetch(`${api.url}/v1/customers/nobody`, {
    headers: { ...authHeaders(), 'x-request-id': 'trace-0123456789abcdef' },
  });
  expect(traced.status).toEqual(404);
  expect(traced.headers.get('x-request-id')).toEqual('trace-0123456789abcdef');
  const body = (await traced.json()) as { error: { requestId: string } };
  expect(body.error.requestId).toEqual('trace-0123456789abcdef');

  // An id that could forge log lines or headers is replaced.
  const forged = await fetch(`${api.url}/v1/nothing`, {
    headers: { ...authHeaders(), 'x-request-id': 'not an id; {"level":60}' },
  });
  const replaced = forged.headers.get('x-request-id');
  expect(replaced).toMatch(/^[0-9a-f-]{36}$/);
  expect(((await forged.json()) as { error: { requestId: string } }).error.requestId).toEqual(
    replaced,
  );
});

test('log lines hold no key, no email and no SQL values, even for a database error', async () => {
  // Inserting this customer fails inside PostgreSQL; the error quotes the row, the driver
  // carries the bound parameters, drizzle's message lists them.
  const secretEmail = 'jane.secret@private-person.example';
  const sql = postgres(stack.database.url, { max: 1, onnotice: () => undefined });
  try {
    await sql.unsafe(`
      CREATE FUNCTION refuse_jane() RETURNS trigger AS $$
      BEGIN
        IF NEW.email = '${secretEmail}' THEN
          RAISE EXCEPTION 'forced failure' USING DETAIL = 'row of ' || NEW.email;
        END IF;
        RETURN NEW;
      END $$ LANGUAGE plpgsql;
      CREATE TRIGGER refuse_jane BEFORE INSERT ON customers
        FOR EACH ROW EXECUTE FUNCTION refuse_jane();`);
  } finally {
    await sql.end();
  }
  const okEmail = 'john.public@another-person.example';
  expect((await createCustomer(okEmail)).response.status).toEqual(201);
  const failed = await createCustomer(secretEmail);
  expect(failed.response.status).toEqual(500);
  const requestId = failed.response.body.error.requestId as string;
  expect(requestId).toMatch(/^[0-9a-f-]{36}$/);

  const mine = lines.filter((line) => line.includes(requestId));
  const entries = mine.map((line) => JSON.parse(line) as Record<string, any>);
  // One request line (method, route template, status, duration, id) and one error line.
  expect(entries).toEqual(
    expect.arrayContaining([
      expect.objectContaining({
        level: 50,
        req: { id: requestId, method: 'POST', route: '/v1/customers' },
        res: { statusCode: 500 },
        responseTime: expect.any(Number),
      }),
      expect.objectContaining({
        level: 50,
        reqId: requestId,
        route: '/v1/customers',
        err: expect.objectContaining({ message: expect.any(String) }),
      }),
    ]),
  );
  const all = lines.join('\n');
  // The failure is logged with its cause, and drizzle's list of bound values is withheld.
  expect(all).toContain('params: [withheld]');
  expect(all).toContain('forced failure');
  for (const secret of [
    TEST_OPERATOR_KEY,
    'Bearer',
    secretEmail,
    'private-person.example',
    okEmail,
    failed.id,
    'row of',
  ]) {
    expect(all).not.toContain(secret);
  }
});

test("a worker process serves its own registry on WORKER_METRICS_PORT's server", async () => {
  const metrics = createMetrics({ processMetrics: false });
  metrics.periodClosed('provisional');
  metrics.invoiceFinalized();
  metrics.deliveryAttempt('email', true);
  metrics.pdfRender(0.13);
  const server = await startMetricsServer(metrics.registry, { port: 0, host: '127.0.0.1' });
  try {
    const response = await fetch(server.url);
    const text = await response.text();
    expect(response.status).toEqual(200);
    expect(sample(text, 'billing_period_closes_total{phase="provisional"}')).toEqual(1);
    expect(sample(text, 'billing_invoices_finalized_total')).toEqual(1);
    expect(sample(text, 'billing_delivery_attempts_total{channel="email"}')).toEqual(1);
    expect(sample(text, 'billing_delivery_failures_total{channel="email"}')).toEqual(1);
    expect(sample(text, 'billing_delivery_failures_total{channel="erp"}')).toEqual(0);
    expect(sample(text, 'billing_pdf_render_duration_seconds_bucket{le="0.25"}')).toEqual(1);
    expect((await fetch(server.url.replace('/metrics', '/'))).status).toEqual(404);
  } finally {
    await server.close();
  }
});
