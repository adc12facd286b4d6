/**
 * `npx tsx bench/rating.bench.ts`: rating one customer-month, pure CPU, no I/O.
 *
 * 10,000 resources in 3 regions and 4 sizes, each with:
 * - a VM meter of 100 runs (1,000,000 runs in all) of various lengths: 7 s containers,
 *   61 s jobs, minutes, hours; every tenth resource runs long enough to reach the cap;
 * - a volume (one run the whole month, 10 to 500 GB): quantity-seconds;
 * - egress bytes: a counter.
 * Prices: run_time 0.0066/h with a 60 s minimum, a 60 s increment and a 3.85 cap, per
 * region and size; graduated GB-month storage per region; egress per GB over all regions.
 * Prints the median of 5 timed runs after one warm-up.
 */
import { Decimal } from '../domain/decimal';
import { sumDecimals } from '../domain/money';
import { ratePeriod, type Price, type UsageGroup, type UsageRun } from '../domain/rating';
import { percentile } from './stats';

const RESOURCES = Number(process.env.BENCH_RESOURCES ?? 10_000);
const RUNS_PER_RESOURCE = Number(process.env.BENCH_RUNS ?? 100);
const MONTH_MS = 30 * 24 * 3_600_000;
const REGIONS = ['fsn1', 'hel1', 'nbg1'];
const SIZES = ['cx22', 'cx32', 'cx42', 'cx52'];

/** A small deterministic generator (LCG), so every run of the benchmark rates the same data. */
function lcg(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

function usage(): UsageGroup[] {
  const random = lcg(42);
  const groups: UsageGroup[] = [];
  for (let r = 0; r < RESOURCES; r += 1) {
    const resourceId = `vm-${String(r).padStart(5, '0')}`;
    const dimensions = {
      region: REGIONS[r % REGIONS.length] as string,
      size: SIZES[r % SIZES.length] as string,
    };
    // Every tenth resource runs up to 27 h a run (about 675 h: capped), the others up to an hour.
    const longest = r % 10 === 0 ? 27 * 3_600_000 : 3_600_000;
    const runs: UsageRun[] = [];
    let millis = 0;
    for (let i = 0; i < RUNS_PER_RESOURCE; i += 1) {
      const kind = i % 4;
      const durationMs =
        kind === 0 ? 7_000 : kind === 1 ? 61_000 : Math.floor(random() * longest) + 1;
      runs.push({ durationMs, quantity: '1' });
      millis += durationMs;
    }
    groups.push({
      resourceId,
      meter: 'compute.vm',
      dimensions,
      seconds: String(millis / 1000),
      quantitySeconds: String(millis / 1000),
      quantity: '0',
      runs,
    });
    const gigabytes = 10 + (r % 50) * 10;
    groups.push({
      resourceId,
      meter: 'storage.volume',
      dimensions: { region: dimensions.region },
      seconds: String(MONTH_MS / 1000),
      quantitySeconds: String((gigabytes * MONTH_MS) / 1000),
      quantity: '0',
      runs: [{ durationMs: MONTH_MS, quantity: String(gigabytes) }],
    });
    groups.push({
      resourceId,
      meter: 'network.egress',
      dimensions: { region: dimensions.region },
      seconds: '0',
      quantitySeconds: '0',
      quantity: String(Math.floor(random() * 50_000_000_000)),
      runs: [],
    });
  }
  return groups;
}

const prices: Price[] = [
  {
    id: 'vm',
    meter: 'compute.vm',
    dimensionsFilter: {},
    groupBy: ['region', 'size'],
    model: {
      type: 'run_time',
      unit: 'hour',
      unitPrice: '0.0066',
      minimumSeconds: 60,
      roundingIncrementSeconds: 60,
      periodCapAmount: '3.85',
    },
  },
  {
    id: 'storage',
    meter: 'storage.volume',
    dimensionsFilter: {},
    groupBy: ['region'],
    unitLabel: 'GB-month',
    model: {
      type: 'graduated',
      measure: 'quantitySeconds',
      unit: 'month',
      tiers: [
        { upTo: '1000', unitPrice: '0.05' },
        { upTo: '100000', unitPrice: '0.04' },
        { upTo: null, unitPrice: '0.03' },
      ],
    },
  },
  {
    id: 'egress',
    meter: 'network.egress',
    dimensionsFilter: {},
    groupBy: [],
    freeUnits: '20000',
    unitLabel: 'GB',
    model: { type: 'counter', unitPrice: '0.001', unitDivisor: '1000000000' },
  },
];

function main(): void {
  const started = performance.now();
  const groups = usage();
  const runs = groups.reduce((sum, g) => sum + g.runs.length, 0);
  console.log(
    `generated ${groups.length} usage groups, ${runs} runs in ${(performance.now() - started).toFixed(0)} ms`,
  );
  const input = { currency: 'EUR', prices, usage: groups };
  let result = ratePeriod(input); // warm-up
  const times: number[] = [];
  for (let i = 0; i < 5; i += 1) {
    const t0 = performance.now();
    result = ratePeriod(input);
    times.push(performance.now() - t0);
  }
  const total = sumDecimals(result.lines.map((line) => new Decimal(line.amount)));
  console.log(
    `ratePeriod: median ${percentile(times, 50).toFixed(0)} ms (runs: ${times.map((t) => t.toFixed(0)).join(', ')} ms)`,
  );
  console.log(
    `${result.lines.length} lines, ${result.lines.reduce((n, l) => n + l.subLines.length, 0)} sub-lines, ${result.unmatched.length} unmatched, total ${total.toFixed(2)} EUR`,
  );
  for (const line of result.lines) {
    console.log(`  ${line.lineId}  ${line.quantity.slice(0, 14)} ${line.unit}  ${line.amount}`);
  }
}

main();
