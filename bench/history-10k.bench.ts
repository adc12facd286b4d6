/**
 * `npm run bench:history`: one customer with 10,000 resources over its month so far, on the
 * real stack (PostgreSQL, the Temporal dev server, the worker and the API in this process).
 * Every resource runs a few times between the first of the month and now, one in ten is still
 * running, and each sent egress once. Prints how long the workflow took to apply it all, the
 * latency of the live usage (the workflow query, and GET /v1/customers/{id}/usage with the
 * cost and forecast), and the workflow's history: events and bytes of the current run, and
 * how many runs continue-as-new made. BENCHMARKS.md records the figures.
 *
 * Knobs: HISTORY_RESOURCES (10000), HISTORY_RUNS (runs per resource, 4), HISTORY_QUERIES (20),
 * HISTORY_APPLY_TIMEOUT_SECONDS (180), HISTORY_STATE_ONLY=1 (print the carried state's size
 * and stop), HISTORY_SUGGEST_CAN_EVENTS (the dev server suggests continue-as-new past this
 * many history events, 40: the gzipped signals alone no longer reach its size threshold, and
 * the bench must see the state carried; 0 keeps the server's default).
 */
import os from 'node:os';
import { gzipSync } from 'node:zlib';
import { performance } from 'node:perf_hooks';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { withBenchStack } from './bench-stack';
import { billingCycleWorkflowId, usageQuery } from '../workflows/definitions';
import { applyEvent, createMeteringState } from '../domain/metering';
import type { LedgerEvent } from '../domain/events';
import { authHeaders } from '../test/support/http';
import { startTestApi, startTestWorker } from '../test/support/stack';
import { createBenchPlan, sendJson } from './invoice-run-setup';
import { percentile, runPool } from './stats';

type Json = Record<string, unknown>;

const env = process.env;
const RESOURCES = Number(env.HISTORY_RESOURCES ?? 10_000);
const RUNS = Number(env.HISTORY_RUNS ?? 4);
const QUERIES = Number(env.HISTORY_QUERIES ?? 20);
const APPLY_TIMEOUT_MS = Number(env.HISTORY_APPLY_TIMEOUT_SECONDS ?? 180) * 1000;
const SUGGEST_CAN_EVENTS = Number(env.HISTORY_SUGGEST_CAN_EVENTS ?? 40);
const BATCH = 500;
const TASK_QUEUE = 'bench-history';
const CUSTOMER = 'history-10k';

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const describeMs = (values: number[]) =>
  `p50 ${percentile(values, 50).toFixed(0)} ms, p99 ${percentile(values, 99).toFixed(0)} ms`;

/**
 * The month's events, in time order: resource r's run k starts in the k-th slice of the month
 * so far (offset by r) and runs for up to half the slice; every tenth resource's last run is
 * still open; each resource sends one egress counter in its first run. Every run ends
 * inside its slice (0.5 + 0.05 + 1/3 < 1), so nothing is stamped after now.
 */
function monthOfEvents(monthStartMs: number, nowMs: number): Json[] {
  const slice = (nowMs - 60_000 - monthStartMs) / RUNS;
  const events: { at: number; event: Json }[] = [];
  const add = (at: number, event: Json) =>
    events.push({
      at,
      event: { ...event, customerId: CUSTOMER, timestamp: new Date(at).toISOString() },
    });
  for (let r = 0; r < RESOURCES; r += 1) {
    const resourceId = `vm-${r}`;
    const offset = ((r * 7919) % 1000) / 1000;
    for (let k = 0; k < RUNS; k += 1) {
      const start = Math.floor(monthStartMs + (k + offset / 2) * slice);
      const stop = Math.floor(start + (0.05 + offset / 3) * slice);
      add(start, {
        id: `${r}-${k}-start`,
        type: 'resource.started',
        resourceId,
        meter: 'compute.vm',
      });
      if (k === 0) {
        add(start + 1000, {
          id: `${r}-egress`,
          type: 'usage.recorded',
          resourceId: `lb-${r}`,
          meter: 'network.egress',
          quantity: String(1_000_000 * (1 + (r % 100))),
        });
      }
      if (k < RUNS - 1 || r % 10 !== 0) {
        add(stop, {
          id: `${r}-${k}-stop`,
          type: 'resource.stopped',
          resourceId,
          meter: 'compute.vm',
        });
      }
    }
  }
  return events.sort((a, b) => a.at - b.at).map((entry) => entry.event);
}

/**
 * What continue-as-new would carry for these events: the metering state the workflow keeps,
 * built in-process by the same domain functions, as JSON bytes (Temporal payloads are JSON).
 * A monthly cycle, so every event falls in the one period that starts at `monthStartMs`.
 */
/** The JSON continue-as-new would carry, and its size gzipped (runtime/payload-codec.ts). */
function carriedStateBytes(
  events: Json[],
  monthStartMs: number,
): { json: number; gzipped: number } {
  const state = createMeteringState(monthStartMs);
  events.forEach((event, i) => {
    const ledgered: LedgerEvent = {
      seq: i + 1,
      id: String(event['id']),
      type: event['type'] as LedgerEvent['type'],
      timestampMs: Date.parse(String(event['timestamp'])),
      resourceId: String(event['resourceId']),
      meter: String(event['meter']),
      dimensions: null,
      quantity: (event['quantity'] as string | undefined) ?? null,
    };
    applyEvent(state, ledgered, () => monthStartMs);
  });
  const json = JSON.stringify(state);
  return { json: Buffer.byteLength(json), gzipped: gzipSync(json).byteLength };
}

async function timed<T>(run: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const result = await run();
  return [result, performance.now() - start];
}

async function historyOf(temporal: TestWorkflowEnvironment): Promise<string> {
  const handle = temporal.client.workflow.getHandle(billingCycleWorkflowId(CUSTOMER));
  const current = await handle.describe();
  let runs = 0;
  for await (const _ of temporal.client.workflow.list({
    query: `WorkflowId = '${billingCycleWorkflowId(CUSTOMER)}'`,
  })) {
    runs += 1;
  }
  const size =
    current.historySize === undefined ? '?' : `${(current.historySize / 1024).toFixed(0)} KiB`;
  return `current run ${current.historyLength} events, ${size}; ${runs} run(s) in all (continue-as-new)`;
}

async function main(): Promise<void> {
  console.log(
    `machine: ${os.cpus().length} x ${os.cpus()[0]?.model ?? '?'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}`,
  );
  await withBenchStack(
    async ({ database, temporal, bundle }) => {
      const stops: (() => Promise<unknown>)[] = [];
      try {
        const worker = await startTestWorker(temporal, database, TASK_QUEUE, bundle);
        stops.push(async () => {
          worker.worker.shutdown();
          await worker.running;
        });
        const api = await startTestApi(temporal, database, TASK_QUEUE, {
          env: {
            // The month so far is up to 31 days back; the key's limit is a policy, not a cost.
            EVENT_BACKDATING_WINDOW_SECONDS: String(32 * 24 * 3600),
            INGEST_RATE_LIMIT_EVENTS_PER_SECOND: '10000000',
            INGEST_RATE_LIMIT_BURST: '10000000',
          },
        });
        stops.push(() => api.close());

        await createBenchPlan(api.url);
        await sendJson(`${api.url}/v1/customers`, 'POST', {
          id: CUSTOMER,
          name: 'History 10k GmbH',
          email: 'history@bench.example',
          currency: 'EUR',
          timezone: 'UTC',
          billingSchedule: 'monthly',
          gracePeriodSeconds: 3600,
        });
        await sendJson(`${api.url}/v1/customers/${CUSTOMER}/subscriptions`, 'POST', {
          id: `${CUSTOMER}-sub`,
          planId: 'bench-plan',
          effectiveFrom: '2020-01-01T00:00:00Z',
        });

        const nowMs = Date.now();
        const now = new Date(nowMs);
        const monthStartMs = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1);
        const events = monthOfEvents(monthStartMs, nowMs);
        const batches = Array.from({ length: Math.ceil(events.length / BATCH) }, (_, b) =>
          events.slice(b * BATCH, (b + 1) * BATCH),
        );
        console.log(
          `${RESOURCES} resources, ${RUNS} runs each since ${new Date(monthStartMs).toISOString()}: ${events.length} events`,
        );
        const stateBytes = carriedStateBytes(events, monthStartMs);
        console.log(
          `  metering state continue-as-new carries: ${(stateBytes.json / 2 ** 20).toFixed(2)} MiB of JSON (${(stateBytes.json / RESOURCES) | 0} bytes a resource), ${(stateBytes.gzipped / 2 ** 20).toFixed(2)} MiB gzipped as the payload codec sends it (Temporal refuses payloads over 2 MiB by default, gRPC messages over 4 MiB)`,
        );
        if (env.HISTORY_STATE_ONLY === '1') return;
        const [, postMs] = await timed(() =>
          runPool(batches, 4, async (batch) => {
            await sendJson(`${api.url}/v1/events`, 'POST', { events: batch });
          }),
        );
        const handle = temporal.client.workflow.getHandle(billingCycleWorkflowId(CUSTOMER));
        const [applied, appliedMs] = await timed(async () => {
          const deadline = performance.now() + APPLY_TIMEOUT_MS;
          for (;;) {
            const last = await handle
              .query(usageQuery)
              .then((usage) => usage.lastSequence)
              .catch(() => -1);
            if (last >= events.length) return true;
            if (performance.now() > deadline) {
              console.log(
                `  NOT applied after ${seconds(APPLY_TIMEOUT_MS)}: the workflow is at ${last}`,
              );
              return false;
            }
            await new Promise((resolve) => setTimeout(resolve, 250));
          }
        });
        console.log(
          `  acknowledged in ${seconds(postMs)}; all applied: ${applied} (${seconds(appliedMs)} later)`,
        );
        if (!applied) {
          console.log(`  history: ${await historyOf(temporal)}`);
          process.exitCode = 1;
          return;
        }

        const queryMs: number[] = [];
        const restMs: number[] = [];
        let body = '';
        for (let i = 0; i < QUERIES; i += 1) {
          queryMs.push((await timed(() => handle.query(usageQuery)))[1]);
          const [response, ms] = await timed(async () => {
            const answer = await fetch(`${api.url}/v1/customers/${CUSTOMER}/usage`, {
              headers: authHeaders(),
            });
            if (answer.status !== 200) throw new Error(`GET usage -> ${answer.status}`);
            return answer.text();
          });
          restMs.push(ms);
          body = response;
        }
        const usage = JSON.parse(body) as { resources?: unknown[]; cost?: Json | null };
        console.log(
          `  workflow query (usage so far)      : ${describeMs(queryMs)} over ${QUERIES}`,
        );
        console.log(
          `  GET /v1/customers/{id}/usage        : ${describeMs(restMs)} over ${QUERIES}, ${(body.length / 1024).toFixed(0)} KiB, ${usage.resources?.length ?? 0} resources, accrued ${String(usage.cost?.['accrued'])}, forecast ${String(usage.cost?.['forecast'])}`,
        );
        console.log(`  history: ${await historyOf(temporal)}`);
      } finally {
        for (const stop of stops.reverse()) await stop().catch(() => undefined);
      }
    },
    SUGGEST_CAN_EVENTS > 0 ? { 'limit.historyCount.suggestContinueAsNew': SUGGEST_CAN_EVENTS } : {},
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
