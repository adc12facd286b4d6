import { periodContaining } from '../../domain/calendar';
import type { BillingCycle, Period } from '../../domain/calendar/types';
import type { LedgerEvent } from '../../domain/events';
import type { Price } from '../../domain/rating';
import { bucketEdges } from '../../domain/usage/bucket-edges';
import { bucketizeUsage } from '../../domain/usage/bucketize';
import { filterUsage } from '../../domain/usage/filter';
import type { GroupBy } from '../../domain/usage/group-keys';
import { priceUsage, type PricedPeriod } from '../../domain/usage/price-usage';
import { projectGroupLineId } from '../../domain/usage/project-line-id';
import {
  NO_PROJECT_KEY,
  projectOfDimensionsKey,
  splitByProject,
} from '../../domain/usage/project-scope';
import { replayLedger } from '../../domain/usage/replay-ledger';
import {
  sumDecimalStrings,
  totalsPerMeter,
  totalsPerResource,
} from '../../domain/usage/resource-totals';

const iso = (ms: number) => new Date(ms).toISOString();
const at = (text: string) => Date.parse(text);
const NOV: Period = { startMs: at('2026-11-01T00:00:00Z'), endMs: at('2026-12-01T00:00:00Z') };
const UTC_MONTHLY: BillingCycle = { schedule: 'monthly', timezone: 'UTC' };

const VM: Price = {
  id: 'vm',
  meter: 'compute.vm',
  dimensionsFilter: {},
  model: { type: 'run_time', unit: 'hour', unitPrice: '0.60' },
};
// Graduated egress: the first 10 GB at 0.10 per GB, beyond at 0.05; rated on the
// organization's total across projects.
const EGRESS: Price = {
  id: 'egress',
  meter: 'network.egress',
  dimensionsFilter: {},
  model: {
    type: 'graduated',
    measure: 'quantity',
    tiers: [
      { upTo: '10', unitPrice: '0.10' },
      { upTo: null, unitPrice: '0.05' },
    ],
  },
};

let seq = 0;
function event(
  type: LedgerEvent['type'],
  timestamp: string,
  resourceId: string,
  projectId: string | null,
  fields: Partial<LedgerEvent> = {},
): LedgerEvent {
  seq += 1;
  return {
    seq,
    id: `e${seq}`,
    type,
    timestampMs: at(timestamp),
    resourceId,
    meter: 'compute.vm',
    dimensions: projectId === null ? null : { $project: projectId },
    quantity: null,
    ...fields,
  };
}

/**
 * 2 Nov: vm-a (web) 10:00-12:00, vm-b (data) 11:30-12:30, vm-c (the account) 10:00-10:30.
 * 3 Nov: vm-m runs 00:00-02:00, in web for the first hour, resized into data at 01:00.
 * At 0.60 per hour: web 2 h + 1 h = 1.80, data 1 h + 1 h = 1.20, the account 0.5 h = 0.30;
 * 5.5 h = 3.30 in all.
 */
const EVENTS: LedgerEvent[] = [
  event('resource.started', '2026-11-02T10:00:00Z', 'vm-a', 'web'),
  event('resource.stopped', '2026-11-02T12:00:00Z', 'vm-a', 'web'),
  event('resource.started', '2026-11-02T11:30:00Z', 'vm-b', 'data'),
  event('resource.stopped', '2026-11-02T12:30:00Z', 'vm-b', 'data'),
  event('resource.started', '2026-11-02T10:00:00Z', 'vm-c', null),
  event('resource.stopped', '2026-11-02T10:30:00Z', 'vm-c', null),
  event('resource.started', '2026-11-03T00:00:00Z', 'vm-m', 'web'),
  event('resource.updated', '2026-11-03T01:00:00Z', 'vm-m', 'data'),
  event('resource.stopped', '2026-11-03T02:00:00Z', 'vm-m', 'data'),
];

function priced(events: LedgerEvent[], prices: Price[]): PricedPeriod[] {
  return replayLedger({
    events,
    closes: [],
    periods: [NOV],
    periodStartOf: (ms) => periodContaining(UTC_MONTHLY, ms).startMs,
    horizonMs: NOV.startMs,
    nowMs: at('2027-01-01T00:00:00Z'),
  }).map((usage) => priceUsage(usage, { currency: 'EUR', prices }));
}

function bucketed(
  periods: readonly PricedPeriod[],
  from: string,
  to: string,
  granularity: 'hour' | 'day',
  groupBy: GroupBy,
  filter: { meter?: string; projectId?: string } = {},
) {
  const edges = bucketEdges(at(from), at(to), granularity, 'UTC');
  const result = bucketizeUsage(filterUsage(periods, filter, groupBy), edges, groupBy);
  return {
    buckets: result.buckets.map((b) => [
      iso(b.startMs).slice(0, 16),
      b.groups.map((g) => [g.key, g.quantity, g.cost ?? null]),
    ]),
    totals: result.totals.map((g) => [g.key, g.quantity, g.cost ?? null]),
  };
}

describe('usage grouped by project', () => {
  const periods = priced(EVENTS, [VM]);

  test('hour buckets of 2 Nov: each project, the account as "(no project)"', () => {
    expect(
      bucketed(periods, '2026-11-02T10:00:00Z', '2026-11-02T13:00:00Z', 'hour', 'project'),
    ).toEqual({
      buckets: [
        [
          '2026-11-02T10:00',
          [
            [NO_PROJECT_KEY, '1800', '0.3'],
            ['web', '3600', '0.6'],
          ],
        ],
        [
          '2026-11-02T11:00',
          [
            ['data', '1800', '0.3'],
            ['web', '3600', '0.6'],
          ],
        ],
        ['2026-11-02T12:00', [['data', '1800', '0.3']]],
      ],
      totals: [
        [NO_PROJECT_KEY, '1800', '0.3'],
        ['data', '3600', '0.6'],
        ['web', '7200', '1.2'],
      ],
    });
  });

  test('a resource moved between projects counts in each for its own time', () => {
    expect(
      bucketed(periods, '2026-11-02T00:00:00Z', '2026-11-04T00:00:00Z', 'day', 'project'),
    ).toEqual({
      buckets: [
        [
          '2026-11-02T00:00',
          [
            [NO_PROJECT_KEY, '1800', '0.3'],
            ['data', '3600', '0.6'],
            ['web', '7200', '1.2'],
          ],
        ],
        [
          '2026-11-03T00:00',
          [
            ['data', '3600', '0.6'],
            ['web', '3600', '0.6'],
          ],
        ],
      ],
      // 0.3 + 1.2 + 1.8 = 3.3: 5.5 h at 0.60, the whole line.
      totals: [
        [NO_PROJECT_KEY, '1800', '0.3'],
        ['data', '7200', '1.2'],
        ['web', '10800', '1.8'],
      ],
    });
    expect(
      bucketed(periods, '2026-11-01T00:00:00Z', '2026-12-01T00:00:00Z', 'day', 'meter').totals,
    ).toEqual([['compute.vm', '19800', '3.3']]);
  });

  test.each([
    [
      'web',
      [
        ['vm-a', '7200', '1.2'],
        ['vm-m', '3600', '0.6'],
      ],
    ],
    [
      'data',
      [
        ['vm-b', '3600', '0.6'],
        ['vm-m', '3600', '0.6'],
      ],
    ],
  ] as const)('projectId=%s keeps that project only, by resource', (projectId, totals) => {
    expect(
      bucketed(periods, '2026-11-01T00:00:00Z', '2026-12-01T00:00:00Z', 'day', 'resource', {
        projectId,
      }).totals,
    ).toEqual(totals);
  });

  test('projectId with groupBy=project is one group; with a meter filter too', () => {
    expect(
      bucketed(periods, '2026-11-01T00:00:00Z', '2026-12-01T00:00:00Z', 'day', 'project', {
        projectId: 'web',
        meter: 'compute.vm',
      }).totals,
    ).toEqual([['web', '10800', '1.8']]);
    expect(
      bucketed(periods, '2026-11-01T00:00:00Z', '2026-12-01T00:00:00Z', 'day', 'project', {
        projectId: 'web',
        meter: 'network.egress',
      }).totals,
    ).toEqual([]);
  });

  test('the resources and meters of one project (the drill-down)', () => {
    const web = filterUsage(periods, { projectId: 'web' });
    const resources = totalsPerResource(web, NOV.startMs, NOV.endMs);
    expect(resources.map((r) => [r.resourceId, r.quantity, r.cost, r.runCount])).toEqual([
      ['vm-a', '7200', '1.2', 1],
      ['vm-m', '3600', '0.6', 1],
    ]);
    expect(totalsPerMeter(resources)).toEqual([
      { meter: 'compute.vm', unit: 'second', quantity: '10800', cost: '1.8', resourceCount: 2 },
    ]);
  });
});

describe('organization-wide tiers, per project', () => {
  // web sends 8 GB, data 6 GB: neither reaches 10 GB alone; together 14 GB =
  // 10 x 0.10 + 4 x 0.05 = 1.20. Sub-lines by units: web 8/14 x 1.20 = 0.685714...,
  // data 6/14 x 1.20 = 0.514285...; the project costs add up to the line exactly.
  const egress = (resourceId: string, projectId: string, quantity: string) =>
    event('usage.recorded', '2026-11-05T09:15:00Z', resourceId, projectId, {
      meter: 'network.egress',
      quantity,
    });
  const periods = priced([egress('lb-1', 'web', '8'), egress('lb-2', 'data', '6')], [EGRESS]);

  test('each project carries its share of the tiered line', () => {
    const result = bucketed(
      periods,
      '2026-11-05T00:00:00Z',
      '2026-11-06T00:00:00Z',
      'day',
      'project',
    );
    expect(result.totals).toEqual([
      // 6/14 x 1.2 cut at 30 decimals; web the rest of the line's precise 1.2.
      ['data', '6', '0.514285714285714285714285714285'],
      ['web', '8', '0.685714285714285714285714285715'],
    ]);
    expect(sumDecimalStrings(result.totals.map((t) => t[2] as string))).toEqual('1.2');
    expect(periods[0]?.lines.map((l) => [l.lineId, l.amount])).toEqual([
      ['egress:[]#data', '0.51'],
      ['egress:[]#web', '0.69'],
    ]);
  });
});

describe('the parts', () => {
  test.each([
    ['[["$project","web"],["region","fsn1"]]', 'web'],
    ['[["region","fsn1"]]', null],
    ['[]', null],
  ])('projectOfDimensionsKey(%s) = %s', (key, project) => {
    expect(projectOfDimensionsKey(key)).toEqual(project);
  });

  test.each([
    [VM, { region: 'fsn1', $project: 'web' }, 'vm:[["region","fsn1"]]#web'],
    [VM, { region: 'fsn1' }, 'vm:[["region","fsn1"]]'],
    [
      { ...VM, groupBy: ['region'] },
      { region: 'fsn1', $project: 'web' },
      'vm:[["region","fsn1"]]#web',
    ],
    [{ ...VM, groupBy: ['region'] }, { region: 'fsn1', zone: 'a' }, 'vm:[["region","fsn1"]]'],
  ] as const)('the line id of a group (%#)', (price, dimensions, lineId) => {
    expect(projectGroupLineId(price as Price, dimensions)).toEqual(lineId);
  });

  test("priceUsage puts each project's usage under its part of the line", () => {
    const [raw] = replayLedger({
      events: EVENTS,
      closes: [],
      periods: [NOV],
      periodStartOf: (ms) => periodContaining(UTC_MONTHLY, ms).startMs,
      horizonMs: NOV.startMs,
      nowMs: at('2027-01-01T00:00:00Z'),
    }).map((usage) => priceUsage(usage, { currency: 'EUR', prices: [VM] }));
    const once = raw as PricedPeriod;
    const view = (p: PricedPeriod) =>
      [...p.costs.entries()]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([k, parts]) => [
          k,
          parts.map((part) => [part.lineId, part.amount, [...part.dimensionsKeys].sort()]),
        ]);
    expect(view(once)).toEqual([
      ['["vm-a","compute.vm"]', [['vm:[]#web', '1.2', ['[["$project","web"]]']]]],
      ['["vm-b","compute.vm"]', [['vm:[]#data', '0.6', ['[["$project","data"]]']]]],
      ['["vm-c","compute.vm"]', [['vm:[]', '0.3', ['[]']]]],
      [
        '["vm-m","compute.vm"]',
        [
          ['vm:[]#data', '0.6', ['[["$project","data"]]']],
          ['vm:[]#web', '0.6', ['[["$project","web"]]']],
        ],
      ],
    ]);
  });

  // Found by the property test: under a price with groupBy [], a resource in the account and
  // in project web. The account's line `vm:[]` must not take web's usage as its own.
  test('a resource of the account and of a project under a groupBy price: each its part', () => {
    const GROUPED: Price = { ...VM, groupBy: [] };
    const periods = priced(
      [
        event('resource.started', '2026-11-02T10:00:00Z', 'vm-x', 'web'),
        // Dimensions {} (not absent: that keeps the run's): the account from 11:00.
        event('resource.updated', '2026-11-02T11:00:00Z', 'vm-x', null, { dimensions: {} }),
        event('resource.stopped', '2026-11-02T13:00:00Z', 'vm-x', null),
      ],
      [GROUPED],
    );
    // web 1 h = 0.60, the account 2 h = 1.20.
    expect(
      bucketed(periods, '2026-11-02T00:00:00Z', '2026-11-03T00:00:00Z', 'day', 'project').totals,
    ).toEqual([
      [NO_PROJECT_KEY, '7200', '1.2'],
      ['web', '3600', '0.6'],
    ]);
  });

  test('splitByProject of a period without projects is the period itself', () => {
    const periods = priced([EVENTS[4] as LedgerEvent, EVENTS[5] as LedgerEvent], [VM]);
    const [only] = splitByProject(periods);
    expect(only?.series.map((s) => s.resourceId)).toEqual(['vm-c']);
    expect(only?.costs.get('["vm-c","compute.vm"]')).toEqual(
      periods[0]?.costs.get('["vm-c","compute.vm"]'),
    );
  });
});
