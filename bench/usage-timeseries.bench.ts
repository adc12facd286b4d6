/**
 * `npm run bench:timeseries`: the portal's usage chart for a large customer, on PostgreSQL
 * (DATABASE_URL; a fresh database is created and dropped).
 *
 * One customer (monthly, Europe/Berlin) with 1,000 resources over November 2026:
 * - 600 VMs (run_time 0.0066/h, 60 s minimum, 4.80 cap): 300 run the whole month, 300 run
 *   three jobs of 1 to 72 h each, a third of them resized to another flavor mid-job;
 * - 300 volumes (quantity_time per GB-month) kept all month, resized once;
 * - 100 load balancers whose egress (counter per GB, 10 GB free) is reported every 6 hours.
 * 15,000 ledger events. The month is over (now = 15 Dec) but not finalized.
 *
 * Timed, each `BENCH_RUNS` (default 20) times after one warm-up, in one process: the raw
 * ledger read the use case starts with (the baseline), then the timeseries use case with
 * hourly buckets (720) and the JSON answer the route sends (view + JSON.stringify), stacked
 * by meter, by resource with the API's default (top 25 + "(others)"), and by resource with
 * all 1,000 on their own. Each case twice: "cold", the priced replay cache
 * (services/priced-usage-cache.ts) emptied before every run (the first read of a period:
 * ledger read, replay, rating, bucketing), and "warm", the cache kept (the same period asked
 * again: the cache's three key queries, bucketing). `BENCH_CASES=meter,top 25` picks cases.
 * Prints wall and CPU p50/p99 against the 300 ms target, and each wall p50/p99 as a multiple
 * of the baseline's from the same run: other work on the machine slows both alike, so the
 * ratio is what to compare between runs (the load average is printed too).
 */
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import os from 'node:os';
import { saveNewPlan } from '../db/repositories/catalog.repository';
import { saveNewCustomer } from '../db/repositories/customers.repository';
import {
  appendEvents,
  loadEventsForReplay,
  type NewEvent,
} from '../db/repositories/ledger.repository';
import { saveNewSubscription } from '../db/repositories/subscriptions.repository';
import { DEFAULT_BILLING_PROFILE, type Customer } from '../domain/customer';
import { clearPricedUsageCache } from '../services/priced-usage-cache';
import { getUsageTimeseries } from '../services/usage-timeseries';
import { timeseriesView } from '../api/schemas/usage-analytics';
import { createTestDatabase } from '../test/support/postgres';
import { percentile } from './stats';

const RUNS = Number(process.env.BENCH_RUNS ?? 20);
const TARGET_MS = 300;
const H = 3_600_000;
const NOV_START = Date.parse('2026-10-31T23:00:00Z'); // 1 Nov 00:00 in Berlin
const NOV_END = Date.parse('2026-11-30T23:00:00Z');
const NOW = Date.parse('2026-12-15T12:00:00Z');

function lcg(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

function ledger(customerId: string): NewEvent[] {
  const random = lcg(7);
  const events: NewEvent[] = [];
  let n = 0;
  const add = (
    type: NewEvent['type'],
    timestampMs: number,
    resourceId: string,
    meter: string,
    dimensions: Record<string, string> | null,
    quantity: string | null,
  ) => {
    n += 1;
    events.push({
      customerId,
      id: `e${n}`,
      type,
      timestampMs,
      resourceId,
      meter,
      dimensions,
      quantity,
    });
  };
  for (let r = 0; r < 600; r += 1) {
    const id = `vm-${String(r).padStart(4, '0')}`;
    const flavor = { flavor: r % 2 === 0 ? 'small' : 'large' };
    if (r < 300) {
      add('resource.started', NOV_START - 5 * H, id, 'compute.vm', flavor, '2');
      continue;
    }
    let t = NOV_START + Math.floor(random() * 48 * H);
    for (let job = 0; job < 3; job += 1) {
      const length = Math.floor(H + random() * 71 * H);
      add('resource.started', t, id, 'compute.vm', flavor, '2');
      if (r % 3 === 0) {
        add(
          'resource.started',
          t + Math.floor(length / 2),
          id,
          'compute.vm',
          { flavor: 'xlarge' },
          '4',
        );
      }
      add('resource.stopped', t + length, id, 'compute.vm', null, null);
      t += length + Math.floor(random() * 48 * H);
    }
  }
  for (let r = 0; r < 300; r += 1) {
    const id = `vol-${String(r).padStart(4, '0')}`;
    add('resource.started', NOV_START - 24 * H, id, 'storage.volume', {}, String(10 + (r % 50)));
    add(
      'resource.updated',
      NOV_START + Math.floor(random() * 600 * H),
      id,
      'storage.volume',
      null,
      String(80 + (r % 20)),
    );
  }
  for (let r = 0; r < 100; r += 1) {
    const id = `lb-${String(r).padStart(4, '0')}`;
    for (let t = NOV_START + H; t < NOV_END; t += 6 * H) {
      add(
        'usage.recorded',
        t,
        id,
        'network.egress',
        {},
        String(Math.floor(random() * 5_000_000_000)),
      );
    }
  }
  return events.sort((a, b) => a.timestampMs - b.timestampMs);
}

/**
 * Wall time and this process's CPU time (user + system, all of Node's threads) per run. On a
 * shared machine the wall time includes waiting for a core; the CPU time does not (nor does it
 * count PostgreSQL's own work).
 */
let baseline: { p50: number; p99: number } | null = null;

async function time(
  label: string,
  work: () => Promise<unknown>,
  before: () => void = () => undefined,
): Promise<void> {
  before();
  await work(); // warm-up
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < RUNS; i += 1) {
    before();
    const start = performance.now();
    const startCpu = process.cpuUsage();
    await work();
    const used = process.cpuUsage(startCpu);
    wall.push(performance.now() - start);
    cpu.push((used.user + used.system) / 1000);
  }
  const p50 = percentile(wall, 50);
  const p99 = percentile(wall, 99);
  const verdict = label.startsWith('baseline')
    ? ''
    : p99 <= TARGET_MS
      ? '  (meets 300 ms)'
      : '  (ABOVE 300 ms)';
  const ms = (value: number) => value.toFixed(1).padStart(7);
  baseline ??= { p50, p99 };
  const ratio = `x${(p50 / baseline.p50).toFixed(1)}/x${(p99 / baseline.p99).toFixed(1)}`;
  console.log(
    `${label.padEnd(50)} wall p50 ${ms(p50)} ms  p99 ${ms(p99)} ms (${ratio.padStart(11)} baseline) | cpu p50 ${ms(percentile(cpu, 50))} ms  p99 ${ms(percentile(cpu, 99))} ms${verdict}`,
  );
}

async function main(): Promise<void> {
  const database = await createTestDatabase();
  try {
    const { db } = database;
    const customer: Customer = {
      id: 'cus-bench-timeseries',
      name: 'Bench GmbH',
      email: 'bench@example.com',
      currency: 'EUR',
      timezone: 'Europe/Berlin',
      billingSchedule: 'monthly',
      billingAnchorMs: null,
      gracePeriodSeconds: 0,
    };
    await saveNewCustomer(db, customer, DEFAULT_BILLING_PROFILE);
    await saveNewPlan(db, {
      id: 'plan-bench',
      name: 'Bench',
      currency: 'EUR',
      minimumCommitment: null,
      prices: [
        {
          id: 'vm',
          meter: 'compute.vm',
          dimensionsFilter: {},
          model: {
            type: 'run_time',
            unit: 'hour',
            unitPrice: '0.0066',
            minimumSeconds: 60,
            periodCapAmount: '4.80',
          },
        },
        {
          id: 'vm-xlarge',
          meter: 'compute.vm',
          dimensionsFilter: { flavor: 'xlarge' },
          model: { type: 'run_time', unit: 'hour', unitPrice: '0.0264' },
        },
        {
          id: 'volume',
          meter: 'storage.volume',
          dimensionsFilter: {},
          unitLabel: 'GB-month',
          model: { type: 'quantity_time', unit: 'month', unitPrice: '0.044' },
        },
        {
          id: 'egress',
          meter: 'network.egress',
          dimensionsFilter: {},
          freeUnits: '10',
          model: { type: 'counter', unitPrice: '0.01', unitDivisor: '1000000000' },
        },
      ],
    });
    await saveNewSubscription(db, {
      id: 'sub-bench',
      customerId: customer.id,
      planId: 'plan-bench',
      effectiveFromMs: NOV_START - 30 * 24 * H,
    });
    const events = ledger(customer.id);
    for (let i = 0; i < events.length; i += 1000) await appendEvents(db, events.slice(i, i + 1000));
    await db.execute(sql`analyze usage_events`);

    console.log(
      `usage timeseries bench: 1,000 resources, ${events.length} ledger events, hourly buckets of November 2026 (Europe/Berlin)`,
    );
    const load = () =>
      os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' ');
    console.log(
      `machine: ${os.cpus().length} x ${os.cpus()[0]?.model ?? 'cpu'}, node ${process.version}, ${new Date().toISOString()}, load average ${load()}`,
    );
    const deps = { db, now: () => NOW };
    const operator = { kind: 'operator' } as const;
    // groupBy=resource: every resource on its own (top 1000) and the API's default (top 25).
    const query = (groupBy: 'resource' | 'meter', top?: number) => ({
      fromMs: NOV_START,
      toMs: NOV_END,
      granularity: 'hour' as const,
      groupBy,
      ...(top === undefined ? {} : { top }),
    });
    let cells = 0;
    await time('baseline: raw ledger read (loadEventsForReplay)', () =>
      loadEventsForReplay(db, customer.id, { countersFromMs: NOV_START, untilMs: NOV_END }),
    );
    const cases: { label: string; groupBy: 'resource' | 'meter'; top?: number }[] = [
      { label: 'groupBy=meter', groupBy: 'meter' },
      { label: 'groupBy=resource (default top 25)', groupBy: 'resource' },
      { label: 'groupBy=resource top=1000', groupBy: 'resource', top: 1000 },
    ];
    const only = process.env.BENCH_CASES?.split(',');
    for (const { label, groupBy, top } of cases) {
      if (only && !only.some((name) => label.includes(name))) continue;
      let bytes = 0;
      const answer = async () => {
        const result = await getUsageTimeseries(deps, operator, customer.id, query(groupBy, top));
        cells = result.buckets.reduce((sum, b) => sum + b.groups.length, 0);
        bytes = JSON.stringify(timeseriesView(result)).length;
      };
      await time(`hour ${label} + JSON, cold`, answer, () => clearPricedUsageCache(db));
      await time(`hour ${label} + JSON, warm`, answer);
      console.log(`  ${cells} bucket x group cells, ${(bytes / 1e6).toFixed(2)} MB of JSON`);
    }
    console.log(`load average at the end: ${load()}`);
  } finally {
    await database.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
