/**
 * `npm run bench:ingest`: durable ingest throughput through REST and event -> visible latency,
 * on the real stack: PostgreSQL (DATABASE_URL), the Temporal dev server, the worker and the
 * API in this process, HTTP over loopback. Prints figures; BENCHMARKS.md records them.
 * Beside the full path it measures, on the same rows and in the same run, the raw insert
 * floor, the ledger path alone, and the HTTP path with the signals held until after the burst
 * (so the split between the API and forwarding shows in every run).
 *
 * Knobs (env): BENCH_CUSTOMERS (1000), BENCH_BATCH (500), BENCH_MULTI_EVENTS (100000),
 * BENCH_SINGLE_EVENTS (50000), BENCH_CONCURRENCY (8 requests in flight), BENCH_WINDOW_MS (50),
 * BENCH_MIN_INTERVAL_MS (500: at most 2 signals per customer per second), BENCH_MAX_IN_FLIGHT
 * (signals in flight across customers; unset: FORWARD_MAX_IN_FLIGHT's default), BENCH_KEY_RATE
 * (the API key's ingest limit in events/s and its burst; default 10,000,000: off. The
 * production default, 5,000/s with bursts of 20,000, would cap the bench's one key near
 * 5,000 events/s whatever the pipeline can do: the limit is a policy per key, not a cost),
 * BENCH_LEDGER_ROWS (0: rows of other customers put in the ledger first, for the cost curve
 * at 1 M and 10 M rows).
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { withBenchStack } from './bench-stack';
import { saveNewCustomer } from '../db/repositories/customers.repository';
import type { Customer } from '../domain/customer';
import { billingCycleWorkflowId, usageQuery } from '../workflows/definitions';
import { startTestApi, startTestWorker } from '../test/support/stack';
import { authHeaders } from '../test/support/http';
import { temporalBillingCycles } from '../adapters/temporal/billing-cycles';
import { measureLedgerOnly, measureRawFloor } from './ingest-floor';
import { preloadLedger } from './ledger-preload';
import { percentile, runPool } from './stats';
import { cpuBetween, takeCpuSnapshot, type CpuSnapshot } from './cpu-sampler';

const env = process.env;
const CUSTOMERS = Number(env.BENCH_CUSTOMERS ?? 1000);
const BATCH = Number(env.BENCH_BATCH ?? 500);
const MULTI_EVENTS = Number(env.BENCH_MULTI_EVENTS ?? 100_000);
const SINGLE_EVENTS = Number(env.BENCH_SINGLE_EVENTS ?? 50_000);
const CONCURRENCY = Number(env.BENCH_CONCURRENCY ?? 8);
const WINDOW_MS = Number(env.BENCH_WINDOW_MS ?? 50);
const MIN_INTERVAL_MS = Number(env.BENCH_MIN_INTERVAL_MS ?? 500);
const MAX_IN_FLIGHT = env.BENCH_MAX_IN_FLIGHT;
const KEY_RATE = String(Number(env.BENCH_KEY_RATE ?? 10_000_000));
const PACED_RATE = Number(env.BENCH_PACED_RATE ?? 2000);
const PACED_SECONDS = Number(env.BENCH_PACED_SECONDS ?? 15);
const PACED_BATCH = 100;
const LEDGER_ROWS = Number(env.BENCH_LEDGER_ROWS ?? 0);
const TASK_QUEUE = 'bench-ingest';
/** Each customer is saved just before its cycle starts, as `POST /v1/customers` does: no budgets yet. */
const CREATED = { created: true } as const;
/** The held API's signal window: longer than any burst of the bench. */
const HELD_MS = 600_000;

type Json = Record<string, unknown>;

function customer(id: string): Customer {
  return {
    id,
    name: `Bench ${id}`,
    email: `${id}@bench.example`,
    currency: 'EUR',
    timezone: 'UTC',
    billingSchedule: 'monthly',
    billingAnchorMs: null,
    gracePeriodSeconds: 3600,
  };
}

/**
 * Event n of a stream: mostly egress counters, every tenth a container start or stop, so the
 * workflow keeps both timelines and counters.
 */
function event(customerId: string, n: number, nowMs: number): Json {
  const timestamp = new Date(nowMs - 60_000 + (n % 50_000)).toISOString();
  if (n % 10 === 0) {
    const run = Math.floor(n / 20);
    return {
      id: `e${n}`,
      customerId,
      type: n % 20 === 0 ? 'resource.started' : 'resource.stopped',
      timestamp,
      resourceId: `ctr-${run}`,
      meter: 'compute.container',
    };
  }
  return {
    id: `e${n}`,
    customerId,
    type: 'usage.recorded',
    timestamp,
    resourceId: `lb-${n % 7}`,
    meter: 'network.egress',
    quantity: '0.001',
  };
}

async function post(url: string, events: Json[]): Promise<void> {
  const response = await fetch(`${url}/v1/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...authHeaders() },
    body: JSON.stringify({ events }),
  });
  if (response.status !== 202)
    throw new Error(`POST /v1/events -> ${response.status}: ${await response.text()}`);
  await response.arrayBuffer();
}

async function lastSequence(
  temporal: TestWorkflowEnvironment,
  customerId: string,
): Promise<number> {
  const usage = await temporal.client.workflow
    .getHandle(billingCycleWorkflowId(customerId))
    .query(usageQuery);
  return usage.lastSequence;
}

/**
 * Waits until every customer's workflow shows `events` events. A query costs the worker a
 * workflow activation, so it polls a sample of 20 until those are caught up, then sweeps the
 * rest once, and again (twice a second) only those still behind: the polling must not slow
 * what it measures, and the baselines that follow must not share the machine with a
 * forwarding backlog.
 */
async function untilAllCaughtUp(
  temporal: TestWorkflowEnvironment,
  customerIds: string[],
  events: number,
): Promise<void> {
  const behindOf = async (ids: string[]): Promise<string[]> => {
    const seen = new Map<string, number>();
    await runPool(ids, 16, async (id) => {
      seen.set(id, await lastSequence(temporal, id));
    });
    return ids.filter((id) => (seen.get(id) ?? 0) < events);
  };
  const sample = customerIds.slice(0, 20);
  while ((await behindOf(sample)).length > 0) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  for (let behind = await behindOf(customerIds); behind.length > 0;) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    behind = await behindOf(behind);
  }
}

/** Core-seconds per part of the stack between two snapshots, and the machine's idle share. */
function describeCpuSeconds(from: CpuSnapshot, to: CpuSnapshot): string {
  const cpu = cpuBetween(from, to);
  const parts = (['node', 'temporal', 'postgres', 'other'] as const).map(
    (part) => `${part} ${cpu[part].toFixed(1)}`,
  );
  const idle = (1 - cpu.machineBusy / cpu.machineTotal) * 100;
  return `${parts.join(', ')} core-s; idle ${idle.toFixed(0)} %`;
}

function describeLatency(latencies: number[]): string {
  return `p50 ${percentile(latencies, 50).toFixed(0)} ms, p99 ${percentile(latencies, 99).toFixed(0)} ms, max ${Math.max(...latencies).toFixed(0)} ms over ${latencies.length} batches`;
}

/**
 * Posts the batches (with `concurrency` in flight, at least `intervalMs` apart) while a poller
 * queries the workflow; a batch's latency runs from its POST to the first query that shows it.
 */
async function measureOneCustomer(
  temporal: TestWorkflowEnvironment,
  url: string,
  customerId: string,
  batches: Json[][],
  concurrency: number,
  intervalMs: number,
): Promise<{ events: number; rate: number; latencies: number[] }> {
  const base = await lastSequence(temporal, customerId);
  const pending: { sentAt: number; seq: number }[] = [];
  const latencies: number[] = [];
  let acked = base;
  let posting = true;
  const poller = (async () => {
    while (posting || pending.length > 0) {
      const seq = await lastSequence(temporal, customerId);
      const seenAt = performance.now();
      pending.sort((a, b) => a.seq - b.seq);
      while (pending.length > 0 && (pending[0] as { seq: number }).seq <= seq) {
        latencies.push(seenAt - (pending.shift() as { sentAt: number }).sentAt);
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  })();
  const start = performance.now();
  let nextSlot = start;
  await runPool(batches, concurrency, async (batch) => {
    const wait = nextSlot - performance.now();
    nextSlot = Math.max(nextSlot, performance.now()) + intervalMs;
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const sentAt = performance.now();
    await post(url, batch);
    acked += batch.length;
    pending.push({ sentAt, seq: acked });
  });
  const seconds = (performance.now() - start) / 1000;
  posting = false;
  await poller;
  const events = batches.reduce((sum, batch) => sum + batch.length, 0);
  return { events, rate: events / seconds, latencies };
}

async function main(): Promise<void> {
  console.log(
    `machine: ${os.cpus().length} x ${os.cpus()[0]?.model ?? '?'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}`,
  );
  await withBenchStack(async ({ database, temporal, bundle }) => {
    if (LEDGER_ROWS > 0) {
      const seconds = await preloadLedger(database.url, LEDGER_ROWS);
      console.log(
        `ledger preloaded: ${LEDGER_ROWS} rows of other customers in ${seconds.toFixed(1)} s`,
      );
    }
    const worker = await startTestWorker(temporal, database, TASK_QUEUE, bundle);
    const api = await startTestApi(temporal, database, TASK_QUEUE, {
      forwardWindowMs: WINDOW_MS,
      env: {
        FORWARD_MIN_INTERVAL_MS: String(MIN_INTERVAL_MS),
        INGEST_RATE_LIMIT_EVENTS_PER_SECOND: KEY_RATE,
        INGEST_RATE_LIMIT_BURST: KEY_RATE,
        ...(MAX_IN_FLIGHT === undefined ? {} : { FORWARD_MAX_IN_FLIGHT: MAX_IN_FLIGHT }),
      },
    });

    // Customers and their workflows, as POST /v1/customers would make them.
    const cycles = temporalBillingCycles(temporal.client, TASK_QUEUE);
    const ids = Array.from({ length: CUSTOMERS }, (_, i) => `bench-${i}`);
    const setupStart = performance.now();
    await runPool(ids, 16, async (id) => {
      const saved = await saveNewCustomer(database.db, customer(id));
      await cycles.start(saved, CREATED);
    });
    await cycles.start(await saveNewCustomer(database.db, customer('bench-single')), CREATED);
    console.log(`the API key's ingest limit: ${KEY_RATE} events/s, bursts of ${KEY_RATE}`);
    console.log(
      `setup: ${CUSTOMERS + 1} customers and workflows in ${((performance.now() - setupStart) / 1000).toFixed(1)} s`,
    );

    // Let the server and worker finish starting those workflows before measuring anything.
    await runPool([...ids, 'bench-single'], 16, async (id) => {
      await lastSequence(temporal, id);
    });
    console.log(
      `setup done: every workflow answers queries after ${((performance.now() - setupStart) / 1000).toFixed(1)} s`,
    );

    // 1. Across customers: each batch mixes events of many customers.
    const now = Date.now();
    const multiBatches = Array.from({ length: Math.ceil(MULTI_EVENTS / BATCH) }, (_, b) =>
      Array.from({ length: BATCH }, (_, k) => {
        const n = b * BATCH + k;
        return event(ids[n % CUSTOMERS] as string, Math.floor(n / CUSTOMERS), now);
      }),
    );
    const signalsBefore = api.forwarder.signalsSent;
    const cpuAtStart = takeCpuSnapshot();
    const multiStart = performance.now();
    await runPool(multiBatches, CONCURRENCY, (batch) => post(api.url, batch));
    const multiSeconds = (performance.now() - multiStart) / 1000;
    const cpuAtLastAck = takeCpuSnapshot();
    const multiRate = (multiBatches.length * BATCH) / multiSeconds;
    console.log(
      `across ${CUSTOMERS} customers: ${multiBatches.length * BATCH} events in batches of ${BATCH}, ${CONCURRENCY} in flight`,
    );
    console.log(`  durable (acknowledged) : ${Math.round(multiRate)} events/s   (target >= 20000)`);
    console.log(
      `  CPU until the last acknowledgement: ${describeCpuSeconds(cpuAtStart, cpuAtLastAck)}`,
    );
    await api.forwarder.flush();
    const perCustomer = Math.floor((multiBatches.length * BATCH) / CUSTOMERS);
    await untilAllCaughtUp(temporal, ids, perCustomer);
    const multiVisibleSeconds = (performance.now() - multiStart) / 1000;
    console.log(
      `  all visible in workflows after ${multiVisibleSeconds.toFixed(1)} s (all ${CUSTOMERS} customers queried)`,
    );
    console.log(
      `  CPU from the last acknowledgement until all visible: ${describeCpuSeconds(cpuAtLastAck, takeCpuSnapshot())}`,
    );

    const signals = api.forwarder.signalsSent - signalsBefore;
    console.log(
      `  signals into Temporal: ${signals}, ${(signals / CUSTOMERS / multiVisibleSeconds).toFixed(2)} per customer per second (bound ${(1000 / MIN_INTERVAL_MS).toFixed(0)}: FORWARD_MIN_INTERVAL_MS ${MIN_INTERVAL_MS})`,
    );

    // The same rows, in the same run: the raw insert floor and the ledger path alone.
    // The floor is measured before and after the ledger path, and the two averaged: this
    // machine's speed drifts within seconds, and one side measured alone would carry it.
    const floorBefore = await measureRawFloor(database.url, multiBatches, CONCURRENCY);
    const ledgerRate = await measureLedgerOnly(database.db, multiBatches, CONCURRENCY);
    const floorAfter = await measureRawFloor(database.url, multiBatches, CONCURRENCY);
    const floorRate = (floorBefore + floorAfter) / 2;
    console.log(`  ledger only (no HTTP, forwarding off): ${Math.round(ledgerRate)} events/s`);
    console.log(
      `  raw insert floor (same rows, multi-row INSERT): ${Math.round(floorRate)} rows/s (${Math.round(floorBefore)} before the ledger path, ${Math.round(floorAfter)} after)`,
    );
    console.log(`ingest / raw floor = ${(multiRate / floorRate).toFixed(2)}   (target >= 0.35)`);
    console.log(
      `ledger only / raw floor = ${(ledgerRate / floorRate).toFixed(2)}   (target >= 0.5)`,
    );

    // 1b. The HTTP path alone: the same load through a second API whose forwarder holds the
    // signals until after the burst. What it gains over the durable rate above is what
    // forwarding during the burst costs; the held signals then go out, and their cost shows
    // as the time until all is visible.
    const held = await startTestApi(temporal, database, TASK_QUEUE, {
      forwardWindowMs: HELD_MS,
      env: {
        FORWARD_MIN_INTERVAL_MS: String(HELD_MS),
        INGEST_RATE_LIMIT_EVENTS_PER_SECOND: KEY_RATE,
        INGEST_RATE_LIMIT_BURST: KEY_RATE,
      },
    });
    const heldBatches = multiBatches.map((batch, b) =>
      batch.map((_, k) => {
        const n = b * BATCH + k;
        return event(ids[n % CUSTOMERS] as string, perCustomer + Math.floor(n / CUSTOMERS), now);
      }),
    );
    const heldStart = performance.now();
    await runPool(heldBatches, CONCURRENCY, (batch) => post(held.url, batch));
    const heldRate = (heldBatches.length * BATCH) / ((performance.now() - heldStart) / 1000);
    const releasedAt = performance.now();
    await held.forwarder.flush();
    await untilAllCaughtUp(temporal, ids, 2 * perCustomer);
    console.log(
      `  HTTP path, signals held until after the burst: ${Math.round(heldRate)} events/s; then all visible ${((performance.now() - releasedAt) / 1000).toFixed(1)} s after the release`,
    );
    console.log(
      `HTTP path (signals held) / raw floor = ${(heldRate / floorRate).toFixed(2)}   (the difference from ingest / raw floor is forwarding's cost during the burst)`,
    );
    await held.close();

    // 2. One customer, as fast as it goes: batches serialize on its ledger row.
    const singleBatches = Array.from({ length: Math.ceil(SINGLE_EVENTS / BATCH) }, (_, b) =>
      Array.from({ length: BATCH }, (_, k) => event('bench-single', b * BATCH + k, now)),
    );
    const saturated = await measureOneCustomer(
      temporal,
      api.url,
      'bench-single',
      singleBatches,
      CONCURRENCY,
      0,
    );
    console.log(
      `one customer, saturated: ${saturated.events} events in batches of ${BATCH}, ${CONCURRENCY} in flight`,
    );
    console.log(
      `  durable (acknowledged) : ${Math.round(saturated.rate)} events/s   (target >= 2000)`,
    );
    console.log(`  event -> visible latency: ${describeLatency(saturated.latencies)}`);

    // 3. One customer at a steady PACED_RATE: the latency a live dashboard sees.
    await cycles.start(await saveNewCustomer(database.db, customer('bench-paced')), CREATED);
    const pacedBatches = Array.from(
      { length: Math.ceil((PACED_RATE * PACED_SECONDS) / PACED_BATCH) },
      (_, b) =>
        Array.from({ length: PACED_BATCH }, (_, k) =>
          event('bench-paced', b * PACED_BATCH + k, Date.now()),
        ),
    );
    const paced = await measureOneCustomer(
      temporal,
      api.url,
      'bench-paced',
      pacedBatches,
      1,
      (1000 * PACED_BATCH) / PACED_RATE,
    );
    console.log(
      `one customer, paced at ${PACED_RATE} events/s for ${PACED_SECONDS} s in batches of ${PACED_BATCH}`,
    );
    console.log(
      `  event -> visible latency: ${describeLatency(paced.latencies)}   (target p99 < 1000 ms)`,
    );

    await api.close();
    worker.worker.shutdown();
    await worker.running;
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
