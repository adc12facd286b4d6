import fc from 'fast-check';
import { periodContaining } from '../../domain/calendar';
import type { BillingCycle, Period } from '../../domain/calendar/types';
import type { LedgerEvent } from '../../domain/events';
import type { Price } from '../../domain/rating';
import { bucketEdges } from '../../domain/usage/bucket-edges';
import { bucketizeUsage } from '../../domain/usage/bucketize';
import { priceUsage } from '../../domain/usage/price-usage';
import { replayLedger } from '../../domain/usage/replay-ledger';
import { totalsPerResource } from '../../domain/usage/resource-totals';
import { runsOfResource } from '../../domain/usage/runs';
import { propertyRuns } from '../support/property-runs';

const H = 3_600_000;
const ZONES = ['UTC', 'Europe/Berlin', 'Asia/Kolkata', 'America/New_York'];
const RESOURCES = ['a', 'b', 'c'];
const METERS = ['compute.vm', 'storage.volume', 'network.egress'];

/** Every price model, minimums, increments, caps, tiers and free units. */
const PRICES: Price[] = [
  {
    id: 'vm',
    meter: 'compute.vm',
    dimensionsFilter: {},
    groupBy: [],
    model: {
      type: 'run_time',
      unit: 'hour',
      unitPrice: '0.0066',
      minimumSeconds: 60,
      roundingIncrementSeconds: 30,
      minimumAmount: '0.001',
      periodCapAmount: '0.5',
    },
  },
  {
    id: 'vm-big',
    meter: 'compute.vm',
    dimensionsFilter: { size: 'big' },
    freeUnits: '1',
    model: { type: 'run_time', unit: 'minute', unitPrice: '0.0007' },
  },
  {
    id: 'volume',
    meter: 'storage.volume',
    dimensionsFilter: {},
    model: {
      type: 'graduated',
      measure: 'quantitySeconds',
      unit: 'hour',
      tiers: [
        { upTo: '10', unitPrice: '0' },
        { upTo: null, unitPrice: '0.0003', flatPrice: '0.01' },
      ],
    },
  },
  {
    id: 'egress',
    meter: 'network.egress',
    dimensionsFilter: {},
    freeUnits: '0.5',
    model: { type: 'counter', unitPrice: '0.09', unitDivisor: '1000000000' },
  },
];

interface Step {
  resource: number;
  meter: number;
  kind: number;
  offsetMs: number;
  quantity: number;
  big: boolean;
}

const stepArb = fc.record({
  resource: fc.nat(RESOURCES.length - 1),
  meter: fc.nat(METERS.length - 1),
  kind: fc.nat(3),
  // Within the month and a little before it (runs open at the start).
  offsetMs: fc.integer({ min: -3 * 24 * H, max: 30 * 24 * H }),
  quantity: fc.integer({ min: 1, max: 40 }),
  big: fc.boolean(),
});

function toEvents(steps: Step[], monthStartMs: number): LedgerEvent[] {
  return steps.map((step, i): LedgerEvent => {
    const meter = METERS[step.meter] as string;
    const counter = meter === 'network.egress';
    const type = counter
      ? 'usage.recorded'
      : ((
          ['resource.started', 'resource.stopped', 'resource.updated', 'resource.started'] as const
        )[step.kind] ?? 'resource.started');
    return {
      seq: i + 1,
      id: `e${i + 1}`,
      type,
      timestampMs: monthStartMs + step.offsetMs,
      resourceId: RESOURCES[step.resource] as string,
      meter,
      dimensions: step.big ? { size: 'big' } : {},
      quantity: counter
        ? String(step.quantity * 123_456_789)
        : meter === 'storage.volume'
          ? (step.quantity / 4).toString()
          : '1',
    };
  });
}

/** An exact sum of decimal strings, whatever their digits (decimal.js keeps 50). */
function sum(values: readonly string[]): string {
  const scale = Math.max(0, ...values.map((v) => (v.split('.')[1] ?? '').length));
  const total = values.reduce((acc, v) => {
    const [whole = '0', fraction = ''] = v.split('.');
    return acc + BigInt(whole + fraction.padEnd(scale, '0'));
  }, 0n);
  return trim(total.toString().padStart(scale + 1, '0'), scale);
}

function trim(digits: string, scale: number): string {
  if (scale === 0) return digits;
  const text = `${digits.slice(0, -scale)}.${digits.slice(-scale)}`.replace(/\.?0+$/, '');
  return text === '' ? '0' : text;
}

test('buckets add up to each group total, and over the period to the invoice amounts', () => {
  fc.assert(
    fc.property(
      fc.array(stepArb, { minLength: 1, maxLength: 25 }),
      fc.constantFrom(...ZONES),
      fc.constantFrom('hour' as const, 'day' as const),
      fc.integer({ min: 0, max: 29 * 24 * H }),
      fc.integer({ min: 1, max: 30 * 24 * H }),
      (steps, zone, granularity, fromOffset, length) => {
        const cycle: BillingCycle = { schedule: 'monthly', timezone: zone };
        const period: Period = periodContaining(cycle, Date.UTC(2026, 9, 15));
        const [usage] = replayLedger({
          events: toEvents(steps, period.startMs),
          closes: [],
          periods: [period],
          periodStartOf: (ms) => periodContaining(cycle, ms).startMs,
          horizonMs: period.startMs - 31 * 24 * H,
          nowMs: period.endMs + H,
        });
        const priced = [
          priceUsage(usage as NonNullable<typeof usage>, { currency: 'EUR', prices: PRICES }),
        ];

        // 1. Any range: every group's buckets add up to its total.
        const fromMs = period.startMs + fromOffset;
        const toMs = Math.min(period.endMs, fromMs + length);
        const ranged = bucketizeUsage(
          priced,
          bucketEdges(fromMs, toMs, granularity, zone),
          'resource',
        );
        for (const total of ranged.totals) {
          const groups = ranged.buckets.flatMap((b) =>
            b.groups.filter((g) => g.key === total.key && g.unit === total.unit),
          );
          expect(sum(groups.map((g) => g.quantity))).toEqual(total.quantity);
          if (total.cost !== undefined)
            expect(sum(groups.map((g) => g.cost ?? '0'))).toEqual(total.cost);
        }

        // 2. The whole period: each resource's cost is its invoice sub-lines' precise amounts.
        const edges = bucketEdges(period.startMs, period.endMs, granularity, zone);
        const whole = totalsPerResource(priced, period.startMs, period.endMs);
        const lines = priced[0]?.lines ?? [];
        for (const resource of whole) {
          const invoiced = lines
            .filter((line) => line.meter === resource.meter)
            .flatMap((line) => line.subLines.filter((s) => s.resourceId === resource.resourceId))
            .map((s) => s.preciseAmount);
          expect(resource.cost ?? '0').toEqual(sum(invoiced));
        }
        const byMeter = bucketizeUsage(priced, edges, 'meter');
        expect(sum(byMeter.totals.map((t) => t.cost ?? '0'))).toEqual(
          sum(whole.map((r) => r.cost ?? '0')),
        );

        // 3. A resource's runs add up to its run time and cost (counters have no runs).
        for (const resource of whole.filter((r) => r.meter !== 'network.egress')) {
          const runs = runsOfResource(
            priced,
            resource.resourceId,
            period.startMs,
            period.endMs,
          ).filter((run) => run.meter === resource.meter);
          expect(sum(runs.map((run) => run.quantity))).toEqual(resource.quantity);
          if (resource.cost !== null)
            expect(sum(runs.map((run) => run.cost ?? '0'))).toEqual(resource.cost);
        }
      },
    ),
    propertyRuns(60),
  );
});
