/**
 * `npm run bench:soak`: the stack under a steady mixed load for SOAK_SECONDS (default 600),
 * printing each process's resident memory over time. Not a test: it prints figures, and its
 * own checks fail the run (exit 1) when memory keeps growing or an acknowledged event is lost.
 *
 * The processes are the production ones, separately: the API (api/main.ts) and the worker
 * (workers/main.ts, delivering to local fakes of Resend and the ERP, rendering PDFs in
 * Chromium), a Temporal dev server and PostgreSQL (DATABASE_URL). The load:
 * - ingest: SOAK_RATE events a second (default 200) in batches of 50, over every customer;
 * - live queries: SOAK_QUERIES a second (default 5) of GET /v1/customers/{id}/usage;
 * - period closes: SOAK_CUSTOMERS customers (default 100) are created at the start, each with a
 *   daily period ending at its own instant spread over the run (2 s grace), so invoices are
 *   closed, finalized, rendered, emailed and synced throughout, on a fixed set of customers.
 *
 * Memory check, for the API and the worker (the Temporal dev server is printed for
 * information: its SQLite keeps the growing history in memory by design): after a warm-up (the
 * first fifth), each RSS is fitted with a least squares line; a slope above
 * SOAK_MAX_GROWTH_MB_PER_MIN (default 4) that also ends 25 % above the warm-up level fails.
 * Loss check: after the load stops and the forwarder drains, the events each customer's
 * workflow applied equal the ledger's, which equal the acknowledged.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { execFileSync } from 'node:child_process';
import postgres from 'postgres';
import { startDeliveryFakes } from '../test/support/delivery';
import { getJson, postJson, TEST_OPERATOR_KEY } from '../test/support/http';
import { freePort } from '../test/support/ports';
import { createTestDatabase } from '../test/support/postgres';
import { createDevServerEnv } from '../test/support/temporal';
import { WorkerProcess } from '../test/support/worker-process';
import { percentile } from './stats';

const env = process.env;
const SECONDS = Number(env.SOAK_SECONDS ?? 600);
const RATE = Number(env.SOAK_RATE ?? 200);
const QUERIES = Number(env.SOAK_QUERIES ?? 5);
const CUSTOMERS = Number(env.SOAK_CUSTOMERS ?? 100);
const MAX_GROWTH = Number(env.SOAK_MAX_GROWTH_MB_PER_MIN ?? 4);
const BATCH = 50;
const SAMPLE_MS = 10_000;
const TASK_QUEUE = 'bench-soak';

function rssMb(pid: number | null): number | null {
  if (pid === null) return null;
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
    return kb ? Number(kb) / 1024 : null;
  } catch {
    return null;
  }
}

/** The Temporal dev server's pid, found by its port (the SDK does not expose it). */
function temporalPid(port: number): number | null {
  try {
    const out = execFileSync('pgrep', ['-f', `start-dev --port ${port}`], { encoding: 'utf8' });
    return Number(out.trim().split('\n')[0]) || null;
  } catch {
    return null;
  }
}

/** Least-squares slope of y over x (MB per minute when x is minutes). */
function slope(points: [number, number][]): number {
  const n = points.length;
  if (n < 2) return 0;
  const mx = points.reduce((a, [x]) => a + x, 0) / n;
  const my = points.reduce((a, [, y]) => a + y, 0) / n;
  const sxy = points.reduce((a, [x, y]) => a + (x - mx) * (y - my), 0);
  const sxx = points.reduce((a, [x]) => a + (x - mx) ** 2, 0);
  return sxx === 0 ? 0 : sxy / sxx;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function main(): Promise<void> {
  const temporalPort = await freePort();
  const apiPort = await freePort();
  const [temporal, database, fakes] = await Promise.all([
    createDevServerEnv({ port: temporalPort }),
    createTestDatabase(),
    startDeliveryFakes(),
  ]);
  const shared = {
    DATABASE_URL: database.url,
    TEMPORAL_ADDRESS: `127.0.0.1:${temporalPort}`,
    TEMPORAL_TASK_QUEUE: TASK_QUEUE,
    LOG_LEVEL: 'warn',
  };
  const api = new WorkerProcess(
    { ...shared, PORT: String(apiPort), BILLING_API_KEY: TEST_OPERATOR_KEY, LOG_LEVEL: 'info' },
    ['--import', 'tsx', 'api/main.ts'],
    'api listening',
  );
  const worker = new WorkerProcess({ ...shared, ...fakes.workerEnv, LOG_LEVEL: 'info' });
  await Promise.all([api.start(), worker.start()]);
  const url = `http://127.0.0.1:${apiPort}`;
  const processes = {
    api: () => api.pid,
    worker: () => worker.pid,
    temporal: () => temporalPid(temporalPort),
  };

  const planId = 'soak-plan';
  await postJson(`${url}/v1/plans`, {
    id: planId,
    name: 'Soak',
    currency: 'EUR',
    prices: [
      {
        id: 'compute',
        meter: 'compute.container',
        groupBy: [],
        model: { type: 'run_time', unit: 'second', unitPrice: '0.0001' },
      },
      {
        id: 'egress',
        meter: 'network.egress',
        groupBy: [],
        model: { type: 'counter', unitPrice: '0.01' },
      },
    ],
  });
  const customers: string[] = [];
  const firstEnd = Date.now() + 30_000;
  for (let i = 0; i < CUSTOMERS; i += 1) {
    const id = `soak-${i}`;
    // Period ends spread over the run, so closes keep happening while the load goes on.
    const periodEnd = Math.ceil((firstEnd + (i * SECONDS * 800) / CUSTOMERS) / 1000) * 1000;
    await postJson(`${url}/v1/customers`, {
      id,
      name: `Soak ${i}`,
      email: `${id}@soak.example`,
      currency: 'EUR',
      timezone: 'UTC',
      billingSchedule: 'daily',
      billingAnchor: new Date(periodEnd).toISOString(),
      gracePeriodSeconds: 2,
    });
    await postJson(`${url}/v1/customers/${id}/subscriptions`, {
      id: `sub-${id}`,
      planId,
      effectiveFrom: '2020-01-01T00:00:00Z',
    });
    customers.push(id);
  }

  const acked = new Map<string, number>();
  const ingestLatency: number[] = [];
  const queryLatency: number[] = [];
  let failures = 0;
  let eventNo = 0;
  const started = performance.now();
  const elapsed = () => (performance.now() - started) / 1000;
  const samples: Record<string, [number, number][]> = { api: [], worker: [], temporal: [] };
  let stop = false;

  const sampler = (async () => {
    console.log(
      'minute   ' +
        Object.keys(processes)
          .map((p) => `${p} RSS MB`.padStart(16))
          .join(''),
    );
    while (!stop) {
      const minute = elapsed() / 60;
      const row = Object.entries(processes).map(([name, pid]) => {
        const mb = rssMb(pid());
        if (mb !== null) samples[name]?.push([minute, mb]);
        return (mb === null ? '-' : mb.toFixed(1)).padStart(16);
      });
      console.log(`${minute.toFixed(2).padStart(6)}   ${row.join('')}`);
      await sleep(SAMPLE_MS);
    }
  })();

  const ingest = (async () => {
    const interval = (BATCH / RATE) * 1000;
    while (!stop) {
      const tick = performance.now();
      if (customers.length > 0) {
        const customerId = customers[eventNo % customers.length] as string;
        const now = Date.now();
        // Every 20th event starts a container and the 10th after it stops it again, over a
        // fixed pool of 50 per customer: the state of each workflow stays bounded, so memory
        // should too. The rest are egress counters of one load balancer.
        const events = Array.from({ length: BATCH }, (_, k) => {
          const n = eventNo + k;
          const lifecycle =
            n % 20 === 0 ? 'resource.started' : n % 20 === 10 ? 'resource.stopped' : null;
          return lifecycle
            ? {
                id: `e${n}`,
                customerId,
                type: lifecycle,
                timestamp: new Date(now - 5_000 + (n % 20)).toISOString(),
                resourceId: `ctr-${Math.floor(n / 20) % 50}`,
                meter: 'compute.container',
              }
            : {
                id: `e${n}`,
                customerId,
                type: 'usage.recorded',
                timestamp: new Date(now - 1_000).toISOString(),
                resourceId: 'lb-1',
                meter: 'network.egress',
                quantity: '1',
              };
        });
        eventNo += BATCH;
        try {
          const t = performance.now();
          const response = await postJson(`${url}/v1/events`, { events });
          ingestLatency.push(performance.now() - t);
          if (response.status === 202) {
            const accepted = (response.body.results as { status: string }[]).filter(
              (r) => r.status === 'accepted',
            ).length;
            acked.set(customerId, (acked.get(customerId) ?? 0) + accepted);
          } else failures += 1;
        } catch {
          failures += 1;
        }
      }
      await sleep(Math.max(0, interval - (performance.now() - tick)));
    }
  })();

  const queries = (async () => {
    while (!stop) {
      if (customers.length > 0) {
        const id = customers[Math.floor(Math.random() * customers.length)] as string;
        const t = performance.now();
        await getJson(`${url}/v1/customers/${id}/usage`).catch(() => null);
        queryLatency.push(performance.now() - t);
      }
      await sleep(1000 / QUERIES);
    }
  })();

  await sleep(SECONDS * 1000);
  stop = true;
  await Promise.all([ingest, queries]);
  await sampler;

  // Drain: every customer's workflow has applied what the ledger holds.
  const sql = postgres(database.url, { max: 1 });
  const ledger = new Map(
    (
      await sql<{ customer_id: string; n: number }[]>`
        select customer_id, count(*)::int as n from usage_events group by customer_id`
    ).map((r) => [r.customer_id, r.n]),
  );
  await sql.end();
  let lost = 0;
  for (const [customerId, count] of acked) {
    if ((ledger.get(customerId) ?? 0) !== count)
      lost += Math.abs((ledger.get(customerId) ?? 0) - count);
  }
  const deadline = Date.now() + 60_000;
  let unapplied = [...ledger.keys()];
  while (unapplied.length > 0 && Date.now() < deadline) {
    const still: string[] = [];
    for (const id of unapplied) {
      const usage = await getJson(`${url}/v1/customers/${id}/usage`);
      if (usage.body.lastSequence !== ledger.get(id)) still.push(id);
    }
    unapplied = still;
    if (unapplied.length > 0) await sleep(1_000);
  }
  const invoices = fakes.resend.emails.length;
  const events = [...acked.values()].reduce((a, b) => a + b, 0);

  console.log(`\nsoak: ${SECONDS} s, ${customers.length} customers, ${events} events acknowledged`);
  console.log(
    `ingest p50 ${percentile(ingestLatency, 50).toFixed(0)} ms, p99 ${percentile(ingestLatency, 99).toFixed(0)} ms; ` +
      `live query p50 ${percentile(queryLatency, 50).toFixed(0)} ms, p99 ${percentile(queryLatency, 99).toFixed(0)} ms; ` +
      `invoices emailed ${invoices}; failed requests ${failures}`,
  );
  let ok = lost === 0 && unapplied.length === 0;
  console.log(
    `loss check: ledger vs acknowledged ${lost} apart; workflows behind the ledger: ${unapplied.length}`,
  );
  for (const [name, points] of Object.entries(samples)) {
    const warm = points.filter(([minute]) => minute >= (SECONDS / 60) * 0.2);
    const growth = slope(warm);
    const first = warm[0]?.[1] ?? 0;
    const last = warm.at(-1)?.[1] ?? 0;
    const grows = growth > MAX_GROWTH && last > first * 1.25;
    if (grows && name !== 'temporal') ok = false;
    console.log(
      `memory ${name}: ${first.toFixed(0)} -> ${last.toFixed(0)} MB after warm-up, ` +
        `slope ${growth.toFixed(2)} MB/min (limit ${MAX_GROWTH}) ${grows ? 'GROWS' : 'bounded'}`,
    );
  }
  await Promise.all([api.stop(), worker.stop()]);
  await temporal.teardown();
  await fakes.close();
  await database.drop();
  console.log(ok ? 'soak: PASS' : 'soak: FAIL');
  process.exit(ok ? 0 : 1);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
