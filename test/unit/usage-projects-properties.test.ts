import fc from 'fast-check';
import { periodContaining } from '../../domain/calendar';
import type { BillingCycle, Period } from '../../domain/calendar/types';
import type { LedgerEvent } from '../../domain/events';
import type { Price } from '../../domain/rating';
import { bucketEdges } from '../../domain/usage/bucket-edges';
import { bucketizeUsage } from '../../domain/usage/bucketize';
import { filterUsage } from '../../domain/usage/filter';
import { priceUsage } from '../../domain/usage/price-usage';
import { NO_PROJECT_KEY } from '../../domain/usage/project-scope';
import { replayLedger } from '../../domain/usage/replay-ledger';
import { sumDecimalStrings as sum } from '../../domain/usage/resource-totals';
import { propertyRuns } from '../support/property-runs';

const H = 3_600_000;
const RESOURCES = ['a', 'b', 'c'];
const METERS = ['compute.vm', 'storage.volume', 'network.egress'];
const PROJECTS = [null, 'web', 'data'];

/** Organization-wide prices: minimums, caps, tiers and free units count every project. */
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
      periodCapAmount: '0.5',
    },
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

const stepArb = fc.record({
  resource: fc.nat(RESOURCES.length - 1),
  meter: fc.nat(METERS.length - 1),
  kind: fc.nat(3),
  offsetMs: fc.integer({ min: -3 * 24 * H, max: 30 * 24 * H }),
  quantity: fc.integer({ min: 1, max: 40 }),
  // Each event names its project: an update with another one moves the resource.
  project: fc.nat(PROJECTS.length - 1),
});

type Step = ReturnType<typeof stepArb.generate>['value'];

function toEvents(steps: Step[], startMs: number): LedgerEvent[] {
  return steps.map((step, i): LedgerEvent => {
    const meter = METERS[step.meter] as string;
    const counter = meter === 'network.egress';
    const project = PROJECTS[step.project] ?? null;
    return {
      seq: i + 1,
      id: `e${i + 1}`,
      type: counter
        ? 'usage.recorded'
        : ((
            [
              'resource.started',
              'resource.stopped',
              'resource.updated',
              'resource.started',
            ] as const
          )[step.kind] ?? 'resource.started'),
      timestampMs: startMs + step.offsetMs,
      resourceId: RESOURCES[step.resource] as string,
      meter,
      dimensions: project === null ? {} : { $project: project },
      quantity: counter
        ? String(step.quantity * 123_456_789)
        : meter === 'storage.volume'
          ? (step.quantity / 4).toString()
          : '1',
    };
  });
}

test('project buckets add up to project totals, projects to the account, each to its invoice part', () => {
  fc.assert(
    fc.property(
      fc.array(stepArb, { minLength: 1, maxLength: 25 }),
      fc.constantFrom('hour' as const, 'day' as const),
      (steps, granularity) => {
        const cycle: BillingCycle = { schedule: 'monthly', timezone: 'Europe/Berlin' };
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
        const edges = bucketEdges(period.startMs, period.endMs, granularity, cycle.timezone);

        // 1. Each project's buckets add up to its total.
        const byProject = bucketizeUsage(filterUsage(priced, {}, 'project'), edges, 'project');
        for (const total of byProject.totals) {
          const groups = byProject.buckets.flatMap((b) =>
            b.groups.filter((g) => g.key === total.key && g.unit === total.unit),
          );
          expect(sum(groups.map((g) => g.quantity))).toEqual(total.quantity);
          if (total.cost !== undefined)
            expect(sum(groups.map((g) => g.cost ?? '0'))).toEqual(total.cost);
        }

        // 2. The projects add up to the account, unit by unit.
        const byMeter = bucketizeUsage(priced, edges, 'meter');
        for (const unit of ['second', 'unit-second', 'unit']) {
          const of = (totals: typeof byMeter.totals) => totals.filter((t) => t.unit === unit);
          expect(sum(of(byProject.totals).map((t) => t.quantity))).toEqual(
            sum(of(byMeter.totals).map((t) => t.quantity)),
          );
        }
        expect(sum(byProject.totals.map((t) => t.cost ?? '0'))).toEqual(
          sum(byMeter.totals.map((t) => t.cost ?? '0')),
        );

        // 3. One project's usage (projectId) is its group, and over the whole period its
        // cost is the precise amounts of its part of the invoice lines.
        const lines = priced[0]?.lines ?? [];
        for (const projectId of PROJECTS) {
          const key = projectId ?? NO_PROJECT_KEY;
          const own = byProject.totals.filter((t) => t.key === key);
          const invoiced = lines
            .filter((line) => (line.projectId ?? null) === projectId)
            .flatMap((line) => line.subLines.map((s) => s.preciseAmount));
          expect(sum(own.map((t) => t.cost ?? '0'))).toEqual(sum(['0', ...invoiced]));
          if (projectId === null) continue;
          const filtered = bucketizeUsage(
            filterUsage(priced, { projectId }, 'meter'),
            edges,
            'meter',
          );
          expect(sum(filtered.totals.map((t) => t.cost ?? '0'))).toEqual(
            sum(own.map((t) => t.cost ?? '0')),
          );
        }
      },
    ),
    propertyRuns(60),
  );
});
