import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { RunningApi } from '../../api/server';
import { startApi } from '../../runtime/start-api';
import { uniqueId } from '../fixtures/builders';
import { postJson, TEST_OPERATOR_KEY } from '../support/http';
import { createTestDatabase, type TestDatabase } from '../support/postgres';
import { createTestRuntime, testConfig } from '../support/stack';
import { createDevServerEnv } from '../support/temporal';

/**
 * Two API processes on one database, as production runs them: a portal follows the stream
 * on one, the events are posted to the other, and PostgreSQL LISTEN/NOTIFY carries the news.
 */
const QUEUE = 'e2e-usage-stream';
let env: TestWorkflowEnvironment;
let database: TestDatabase;
let watched: RunningApi;
let ingesting: RunningApi;
const mine = uniqueId('cus-stream-a');
const theirs = uniqueId('cus-stream-b');
let myKey: string;

async function startApiProcess(): Promise<RunningApi> {
  const runtime = await createTestRuntime(
    env,
    database,
    testConfig(QUEUE, { DATABASE_URL: database.url }),
  );
  const api = await startApi(runtime);
  return {
    ...api,
    close: async () => {
      await api.close();
      await runtime.close();
    },
  };
}

beforeAll(async () => {
  [env, database] = await Promise.all([createDevServerEnv(), createTestDatabase()]);
  watched = await startApiProcess();
  ingesting = await startApiProcess();
  for (const id of [mine, theirs]) {
    const created = await postJson(`${watched.url}/v1/customers`, {
      id,
      name: id,
      email: `${id}@example.com`,
      currency: 'EUR',
      timezone: 'UTC',
      billingSchedule: 'monthly',
    });
    expect(created.status).toEqual(201);
  }
  const issued = await postJson(`${watched.url}/v1/api-keys`, {
    kind: 'customer',
    customerId: mine,
  });
  myKey = issued.body.key as string;
}, 120_000);

afterAll(async () => {
  await watched?.close();
  await ingesting?.close();
  await env?.teardown();
  await database?.drop();
});

interface Message {
  event: string;
  data: unknown;
  atMs: number;
}

/** An SSE client over fetch: collects the messages as they arrive, with their arrival time. */
async function follow(api: RunningApi, customerId: string, key: string) {
  const abort = new AbortController();
  const response = await fetch(`${api.url}/v1/customers/${customerId}/usage/stream`, {
    headers: { authorization: `Bearer ${key}`, accept: 'text/event-stream' },
    signal: abort.signal,
  });
  const messages: Message[] = [];
  const comments: string[] = [];
  let ended = false;
  const reading = (async () => {
    if (!response.ok || !response.body) return;
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of response.body) {
        buffer += decoder.decode(chunk as Uint8Array, { stream: true });
        let at: number;
        while ((at = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, at);
          buffer = buffer.slice(at + 2);
          const lines = block.split('\n');
          const event = lines.find((l) => l.startsWith('event: '))?.slice(7);
          const data = lines.find((l) => l.startsWith('data: '))?.slice(6);
          if (event !== undefined && data !== undefined) {
            messages.push({ event, data: JSON.parse(data), atMs: performance.now() });
          } else {
            comments.push(...lines.filter((l) => l.startsWith(':')));
          }
        }
      }
    } catch {
      // Aborted by the test.
    }
    ended = true;
  })();
  const waitFor = async (count: number, timeoutMs = 5_000): Promise<Message[]> => {
    const deadline = Date.now() + timeoutMs;
    while (messages.length < count && Date.now() < deadline && !ended) {
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    return messages;
  };
  return {
    response,
    messages,
    comments,
    waitFor,
    ended: () => ended,
    reading,
    close: async () => {
      abort.abort();
      await reading;
    },
  };
}

let eventCounter = 0;
const newEvents = (customerId: string, count: number) =>
  Array.from({ length: count }, () => ({
    id: `e-${(eventCounter += 1)}`,
    customerId,
    type: 'resource.started',
    timestamp: new Date(Date.now() - 60_000).toISOString(),
    resourceId: `vm-${eventCounter}`,
    meter: 'compute.vm',
    dimensions: {},
  }));

/** Posts the events (new ones by default) and answers when it sent them. */
async function postEvents(
  api: RunningApi,
  customerId: string,
  count: number,
  events = newEvents(customerId, count),
): Promise<number> {
  const sentAt = performance.now();
  const response = await postJson(`${api.url}/v1/events`, { events });
  expect(response.status).toEqual(202);
  return sentAt;
}

const percentile = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;

test('an accepted batch reaches a stream on another API process within a second', async () => {
  const stream = await follow(watched, mine, myKey);
  expect(stream.response.status).toEqual(200);
  expect(stream.response.headers.get('content-type')).toEqual('text/event-stream; charset=utf-8');
  const latencies: number[] = [];
  const runs = 30;
  for (let i = 0; i < runs; i += 1) {
    const sentAt = await postEvents(ingesting, mine, 1 + (i % 3));
    const [message] = (await stream.waitFor(i + 1)).slice(i);
    expect(message).toEqual({
      event: 'usage',
      data: { customerId: mine, acceptedAt: expect.any(String), count: 1 + (i % 3) },
      atMs: expect.any(Number),
    });
    latencies.push(message!.atMs - sentAt);
  }
  await stream.close();
  const sorted = [...latencies].sort((a, b) => a - b);
  console.log(
    `usage stream, POST /v1/events on one API -> SSE message on another (${runs} batches): ` +
      `p50 ${percentile(sorted, 50).toFixed(1)} ms, p99 ${percentile(sorted, 99).toFixed(1)} ms, ` +
      `max ${sorted[sorted.length - 1]!.toFixed(1)} ms`,
  );
  // The 1 s target is measured by bench:portal-live; a test only bounds it loosely (a noisy
  // machine must not fail it), which still tells NOTIFY from no message at all.
  expect(percentile(sorted, 99)).toBeLessThan(3_000);
  expect(stream.comments).toContain(': connected');
});

test("a stream hears only its customer's batches; a retried batch is no news", async () => {
  const stream = await follow(watched, mine, TEST_OPERATOR_KEY);
  await postEvents(ingesting, theirs, 2);
  const batch = newEvents(mine, 1);
  const sentAt = await postEvents(ingesting, mine, 1, batch);
  const [message] = await stream.waitFor(1);
  expect(message?.data).toEqual({ customerId: mine, acceptedAt: expect.any(String), count: 1 });
  expect(message!.atMs - sentAt).toBeLessThan(3_000);
  // The same batch again is all duplicates (202 all the same): nothing new to show.
  await postEvents(ingesting, mine, 1, batch);
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect(stream.messages.map((m) => (m.data as { customerId: string }).customerId)).toEqual([mine]);
  await stream.close();
});

test("a customer key cannot follow another customer's stream (404)", async () => {
  const response = await fetch(`${watched.url}/v1/customers/${theirs}/usage/stream`, {
    headers: { authorization: `Bearer ${myKey}` },
  });
  expect(response.status).toEqual(404);
  expect(((await response.json()) as any).error.code).toEqual('customer_not_found');
  const anonymous = await fetch(`${watched.url}/v1/customers/${mine}/usage/stream`);
  expect(anonymous.status).toEqual(401);
});

test('stopping the API ends its open streams instead of waiting for them', async () => {
  const extra = await startApiProcess();
  const stream = await follow(extra, mine, myKey);
  expect(stream.response.status).toEqual(200);
  const started = Date.now();
  await extra.close();
  await stream.reading;
  expect(stream.ended()).toBe(true);
  expect(Date.now() - started).toBeLessThan(5_000);
});
