import { periodContaining } from '../../domain/calendar';
import type { BillingCycle, Period } from '../../domain/calendar/types';
import type { LedgerEvent } from '../../domain/events';
import type { Price } from '../../domain/rating';
import { bucketEdges } from '../../domain/usage/bucket-edges';
import { bucketizeUsage } from '../../domain/usage/bucketize';
import { costCurve } from '../../domain/usage/cost-curve';
import { priceUsage, type PricedPeriod } from '../../domain/usage/price-usage';
import { replayLedger, type LedgerClose } from '../../domain/usage/replay-ledger';
import { totalsPerMeter, totalsPerResource } from '../../domain/usage/resource-totals';
import { pageOfResources } from '../../domain/usage/resource-page';
import { runsOfResource } from '../../domain/usage/runs';
import { formatScaled, toScaled } from '../../domain/usage/scaled';
import { timeseriesCsv } from '../../domain/usage/timeseries-csv';
import { amountsOwed, nextInvoiceAtMs } from '../../domain/usage/overview';

const iso = (ms: number) => new Date(ms).toISOString();
const at = (text: string) => Date.parse(text);
const NOV: Period = { startMs: at('2026-11-01T00:00:00Z'), endMs: at('2026-12-01T00:00:00Z') };
const UTC_MONTHLY: BillingCycle = { schedule: 'monthly', timezone: 'UTC' };

const VM: Price = {
  id: 'vm',
  meter: 'compute.vm',
  dimensionsFilter: {},
  model: { type: 'run_time', unit: 'hour', unitPrice: '0.0066', minimumSeconds: 60 },
};
const VOLUME: Price = {
  id: 'volume',
  meter: 'storage.volume',
  dimensionsFilter: {},
  model: { type: 'quantity_time', unit: 'hour', unitPrice: '0.0001' },
};
const EGRESS: Price = {
  id: 'egress',
  meter: 'network.egress',
  dimensionsFilter: {},
  model: { type: 'counter', unitPrice: '0.01', unitDivisor: '1000000000' },
};

let seq = 0;
function event(
  type: LedgerEvent['type'],
  timestamp: string,
  fields: Partial<LedgerEvent> = {},
): LedgerEvent {
  seq += 1;
  return {
    seq,
    id: `e${seq}`,
    type,
    timestampMs: at(timestamp),
    resourceId: 'vm-1',
    meter: 'compute.vm',
    dimensions: null,
    quantity: null,
    ...fields,
  };
}

function priced(
  events: LedgerEvent[],
  prices: Price[] | null,
  options: {
    periods?: Period[];
    closes?: LedgerClose[];
    nowMs?: number;
    cycle?: BillingCycle;
  } = {},
): PricedPeriod[] {
  const cycle = options.cycle ?? UTC_MONTHLY;
  const periods = options.periods ?? [NOV];
  return replayLedger({
    events,
    closes: options.closes ?? [],
    periods,
    periodStartOf: (ms) => periodContaining(cycle, ms).startMs,
    horizonMs: (periods[0] as Period).startMs,
    nowMs: options.nowMs ?? at('2027-01-01T00:00:00Z'),
  }).map((usage) => priceUsage(usage, prices && { currency: 'EUR', prices }));
}

/** [start, groups as key/quantity/cost] per bucket, for compact expectations. */
function table(result: ReturnType<typeof bucketizeUsage>) {
  return result.buckets.map((b) => [
    iso(b.startMs).slice(0, 16),
    b.groups.map((g) => [g.key, g.quantity, g.unit, g.cost ?? null]),
  ]);
}

describe('bucket edges in the customer time zone', () => {
  test.each([
    // Berlin spring forward: 29 Mar 2026 is 23 h, the next day 24 h.
    [
      'Europe/Berlin',
      'day',
      '2026-03-28T23:00:00Z',
      '2026-03-30T22:00:00Z',
      ['2026-03-28T23:00:00.000Z', '2026-03-29T22:00:00.000Z', '2026-03-30T22:00:00.000Z'],
    ],
    // Berlin fall back: 25 Oct 2026 is 25 h.
    [
      'Europe/Berlin',
      'day',
      '2026-10-24T22:00:00Z',
      '2026-10-26T23:00:00Z',
      ['2026-10-24T22:00:00.000Z', '2026-10-25T23:00:00.000Z', '2026-10-26T23:00:00.000Z'],
    ],
    // A range that does not start on a boundary gets a short first bucket.
    [
      'UTC',
      'day',
      '2026-11-01T18:00:00Z',
      '2026-11-03T00:00:00Z',
      ['2026-11-01T18:00:00.000Z', '2026-11-02T00:00:00.000Z', '2026-11-03T00:00:00.000Z'],
    ],
    // Half-hour offset: local hours start at :30 UTC.
    [
      'Asia/Kolkata',
      'hour',
      '2026-11-01T00:00:00Z',
      '2026-11-01T02:00:00Z',
      [
        '2026-11-01T00:00:00.000Z',
        '2026-11-01T00:30:00.000Z',
        '2026-11-01T01:30:00.000Z',
        '2026-11-01T02:00:00.000Z',
      ],
    ],
  ] as const)('%s %s buckets of %s..%s', (zone, granularity, from, to, expected) => {
    expect(bucketEdges(at(from), at(to), granularity, zone).map(iso)).toEqual(expected);
  });

  test('a 25 h local day has 25 hour buckets, a 23 h day 23', () => {
    const long = bucketEdges(
      at('2026-10-24T22:00:00Z'),
      at('2026-10-25T23:00:00Z'),
      'hour',
      'Europe/Berlin',
    );
    const short = bucketEdges(
      at('2026-03-28T23:00:00Z'),
      at('2026-03-29T22:00:00Z'),
      'hour',
      'Europe/Berlin',
    );
    expect([long.length - 1, short.length - 1]).toEqual([25, 23]);
  });
});

describe('the cost curve (worked examples of cost-curve.ts)', () => {
  test('2 h at 0.0066/h from 10:30: 0.0033, 0.0066, 0.0033', () => {
    const curve = costCurve('0.0132', 7_200_000n);
    const f = [0n, 1_800_000n, 5_400_000n, 7_200_000n].map((c) => curve.at(c));
    const shares = [1, 2, 3].map((i) =>
      formatScaled((f[i] as bigint) - (f[i - 1] as bigint), curve.scale),
    );
    expect(shares).toEqual(['0.0033', '0.0066', '0.0033']);
  });

  test('the last share takes the remainder of a cut', () => {
    const curve = costCurve('0.00011', 7_000n);
    const first = curve.at(2_000n);
    const second = curve.at(7_000n) - first;
    expect([formatScaled(first, curve.scale), formatScaled(second, curve.scale)]).toEqual([
      '0.000031428571428571428571428571',
      '0.000078571428571428571428571429',
    ]);
    expect(first + second).toEqual(toScaled('0.00011', curve.scale));
  });
});

describe('usage and cost per bucket', () => {
  test('a VM 10:30-12:30 at 0.0066/h in hour buckets', () => {
    const periods = priced(
      [
        event('resource.started', '2026-11-02T10:30:00Z'),
        event('resource.stopped', '2026-11-02T12:30:00Z'),
      ],
      [VM],
    );
    const edges = bucketEdges(
      at('2026-11-02T10:00:00Z'),
      at('2026-11-02T13:00:00Z'),
      'hour',
      'UTC',
    );
    const result = bucketizeUsage(periods, edges, 'meter');
    expect(table(result)).toEqual([
      ['2026-11-02T10:00', [['compute.vm', '1800', 'second', '0.0033']]],
      ['2026-11-02T11:00', [['compute.vm', '3600', 'second', '0.0066']]],
      ['2026-11-02T12:00', [['compute.vm', '1800', 'second', '0.0033']]],
    ]);
    expect(result.totals).toEqual([
      { key: 'compute.vm', quantity: '7200', unit: 'second', cost: '0.0132' },
    ]);
  });

  test('a 7 s run under a 60 s minimum across an hour edge', () => {
    const periods = priced(
      [
        event('resource.started', '2026-11-02T10:59:58Z'),
        event('resource.stopped', '2026-11-02T11:00:05Z'),
      ],
      [VM],
    );
    const edges = bucketEdges(
      at('2026-11-02T10:00:00Z'),
      at('2026-11-02T12:00:00Z'),
      'hour',
      'UTC',
    );
    expect(table(bucketizeUsage(periods, edges, 'resource'))).toEqual([
      ['2026-11-02T10:00', [['vm-1', '2', 'second', '0.000031428571428571428571428571']]],
      ['2026-11-02T11:00', [['vm-1', '5', 'second', '0.000078571428571428571428571429']]],
    ]);
  });

  test('a resized volume: unit-seconds and cost follow the size', () => {
    const volume = { resourceId: 'vol-1', meter: 'storage.volume' };
    const periods = priced(
      [
        event('resource.started', '2026-11-02T10:00:00Z', { ...volume, quantity: '100' }),
        event('resource.updated', '2026-11-02T11:00:00Z', { ...volume, quantity: '200' }),
        event('resource.stopped', '2026-11-02T12:00:00Z', volume),
      ],
      [VOLUME],
    );
    const edges = bucketEdges(
      at('2026-11-02T10:00:00Z'),
      at('2026-11-02T12:00:00Z'),
      'hour',
      'UTC',
    );
    // 100 GB x 1 h = 360,000 GB-s = 100 GB-h at 0.0001 -> 0.01; then 200 GB-h -> 0.02.
    expect(table(bucketizeUsage(periods, edges, 'resource'))).toEqual([
      ['2026-11-02T10:00', [['vol-1', '360000', 'unit-second', '0.01']]],
      ['2026-11-02T11:00', [['vol-1', '720000', 'unit-second', '0.02']]],
    ]);
    expect(runsOfResource(periods, 'vol-1', NOV.startMs, NOV.endMs)).toEqual([
      {
        runId: `storage.volume@${at('2026-11-02T10:00:00Z')}`,
        meter: 'storage.volume',
        startMs: at('2026-11-02T10:00:00Z'),
        stopMs: at('2026-11-02T12:00:00Z'),
        durationSeconds: '7200',
        quantity: '1080000',
        unit: 'unit-second',
        cost: '0.03',
        dimensions: {},
        segments: [
          {
            startMs: at('2026-11-02T10:00:00Z'),
            endMs: at('2026-11-02T11:00:00Z'),
            quantity: '100',
            seconds: '3600',
            usage: '360000',
            cost: '0.01',
          },
          {
            startMs: at('2026-11-02T11:00:00Z'),
            endMs: at('2026-11-02T12:00:00Z'),
            quantity: '200',
            seconds: '3600',
            usage: '720000',
            cost: '0.02',
          },
        ],
      },
    ]);
  });

  test('counters land at their timestamps', () => {
    const egress = { resourceId: 'lb-1', meter: 'network.egress' };
    const periods = priced(
      [
        event('usage.recorded', '2026-11-02T10:15:00Z', { ...egress, quantity: '1000000000' }),
        event('usage.recorded', '2026-11-02T11:45:00Z', { ...egress, quantity: '2000000000' }),
        // Exactly on an edge: the bucket that starts there.
        event('usage.recorded', '2026-11-02T12:00:00Z', { ...egress, quantity: '500000000' }),
      ],
      [EGRESS],
    );
    const edges = bucketEdges(
      at('2026-11-02T10:00:00Z'),
      at('2026-11-02T13:00:00Z'),
      'hour',
      'UTC',
    );
    expect(table(bucketizeUsage(periods, edges, 'meter'))).toEqual([
      ['2026-11-02T10:00', [['network.egress', '1000000000', 'unit', '0.01']]],
      ['2026-11-02T11:00', [['network.egress', '2000000000', 'unit', '0.02']]],
      ['2026-11-02T12:00', [['network.egress', '500000000', 'unit', '0.005']]],
    ]);
  });

  test('a capped VM: the cap is spread over the days by run time', () => {
    const capped: Price = {
      ...VM,
      model: { type: 'run_time', unit: 'hour', unitPrice: '0.0066', periodCapAmount: '3.00' },
    };
    // Runs 1 Nov 00:00 to 4 Nov 00:00 (72 h = 0.4752 uncapped) and all of the month else:
    // the whole month (720 h = 4.752) is capped at 3.00: 0.10 per day.
    const periods = priced([event('resource.started', '2026-11-01T00:00:00Z')], [capped]);
    const edges = bucketEdges(NOV.startMs, NOV.endMs, 'day', 'UTC');
    const result = bucketizeUsage(periods, edges, 'resource');
    expect(result.buckets.every((b) => b.groups[0]?.cost === '0.1')).toBe(true);
    expect(result.buckets.length).toEqual(30);
    expect(result.totals).toEqual([
      { key: 'vm-1', quantity: '2592000', unit: 'second', cost: '3' },
    ]);
  });

  test('unpriced usage has no cost, and usage without a plan neither', () => {
    const events = [
      event('resource.started', '2026-11-02T10:00:00Z', { meter: 'compute.gpu' }),
      event('resource.stopped', '2026-11-02T11:00:00Z', { meter: 'compute.gpu' }),
    ];
    const edges = [at('2026-11-02T00:00:00Z'), at('2026-11-03T00:00:00Z')];
    for (const prices of [[VM], null]) {
      expect(bucketizeUsage(priced(events, prices), edges, 'meter').totals).toEqual([
        { key: 'compute.gpu', quantity: '3600', unit: 'second' },
      ]);
    }
  });

  test('Berlin day buckets: the 25 h day holds 25 h of a running VM', () => {
    const cycle: BillingCycle = { schedule: 'monthly', timezone: 'Europe/Berlin' };
    const october = periodContaining(cycle, at('2026-10-15T00:00:00Z'));
    const periods = priced([event('resource.started', '2026-10-20T00:00:00Z')], [VM], {
      cycle,
      periods: [october],
    });
    const edges = bucketEdges(
      at('2026-10-24T22:00:00Z'),
      at('2026-10-26T23:00:00Z'),
      'day',
      'Europe/Berlin',
    );
    expect(
      table(bucketizeUsage(periods, edges, 'meter')).map(([start, groups]) => [
        start,
        (groups as unknown[][])[0]?.[1],
      ]),
    ).toEqual([
      ['2026-10-24T22:00', '90000'],
      ['2026-10-25T23:00', '86400'],
    ]);
  });
});

describe('the ledger replayed as the billing cycle applied it', () => {
  const DEC: Period = { startMs: NOV.endMs, endMs: at('2027-01-01T00:00:00Z') };

  test('a stop that arrives after the close: November as invoiced, December from its start', () => {
    const start = event('resource.started', '2026-11-30T00:00:00Z');
    const lateStop = event('resource.stopped', '2026-11-30T12:00:00Z');
    const periods = priced([start, lateStop], [VM], {
      periods: [NOV, DEC],
      closes: [{ periodStartMs: NOV.startMs, periodEndMs: NOV.endMs, lastSequence: start.seq }],
    });
    const totals = totalsPerResource(periods, NOV.startMs, DEC.endMs);
    // November's invoice saw the run open to its end (24 h); the late stop was applied at
    // December's start, the horizon: December has nothing.
    expect(periods.map((p) => p.report.resources.map((r) => r.seconds))).toEqual([['86400'], []]);
    expect(totals).toEqual([
      {
        resourceId: 'vm-1',
        meter: 'compute.vm',
        unit: 'second',
        quantity: '86400',
        cost: '0.1584',
        runCount: 1,
        dimensions: {},
      },
    ]);
  });

  test('the current period counts open runs up to now', () => {
    const periods = priced([event('resource.started', '2026-11-02T00:00:00Z')], [VM], {
      nowMs: at('2026-11-02T06:00:00Z'),
    });
    const [run] = runsOfResource(periods, 'vm-1', NOV.startMs, NOV.endMs);
    expect([run?.stopMs, run?.durationSeconds, run?.cost]).toEqual([null, '21600', '0.0396']);
  });

  test('late counters of a finalized period are not shown in it', () => {
    const egress = { resourceId: 'lb-1', meter: 'network.egress' };
    const first = event('usage.recorded', '2026-11-10T00:00:00Z', {
      ...egress,
      quantity: '1000000000',
    });
    const late = event('usage.recorded', '2026-11-11T00:00:00Z', {
      ...egress,
      quantity: '7000000000',
    });
    const periods = priced([first, late], [EGRESS], {
      periods: [NOV, DEC],
      closes: [{ periodStartMs: NOV.startMs, periodEndMs: NOV.endMs, lastSequence: first.seq }],
    });
    expect(totalsPerMeter(totalsPerResource(periods, NOV.startMs, DEC.endMs))).toEqual([
      {
        meter: 'network.egress',
        unit: 'unit',
        quantity: '1000000000',
        cost: '0.01',
        resourceCount: 1,
      },
    ]);
    expect(periods[1]?.report.lateUsage.map((l) => l.quantity)).toEqual(['7000000000']);
  });
});

describe('resource pages, CSV and amounts owed', () => {
  const periods = priced(
    ['a', 'b', 'c'].flatMap((id, i) => [
      event('resource.started', '2026-11-02T00:00:00Z', { resourceId: id }),
      event('resource.stopped', `2026-11-02T0${i + 1}:00:00Z`, { resourceId: id }),
    ]),
    [VM],
  );

  test('pages by cost, highest first', () => {
    const sorted = totalsPerResource(periods, NOV.startMs, NOV.endMs);
    expect(sorted.map((r) => [r.resourceId, r.cost])).toEqual([
      ['c', '0.0198'],
      ['b', '0.0132'],
      ['a', '0.0066'],
    ]);
    const first = pageOfResources(sorted, { limit: 2 });
    expect(first.items.map((r) => r.resourceId)).toEqual(['c', 'b']);
    const second = pageOfResources(sorted, { limit: 2, cursor: first.nextCursor as string });
    expect([second.items.map((r) => r.resourceId), second.nextCursor]).toEqual([['a'], null]);
    expect(() => pageOfResources(sorted, { limit: 2, cursor: 'bm9wZQ' })).toThrow('cursor');
  });

  test('stacked by resource with a limit: the top ones, and the others added up', () => {
    const edges = [
      at('2026-11-02T00:00:00Z'),
      at('2026-11-02T01:00:00Z'),
      at('2026-11-02T04:00:00Z'),
    ];
    const result = bucketizeUsage(periods, edges, 'resource', { limit: 1 });
    expect(table(result)).toEqual([
      [
        '2026-11-02T00:00',
        [
          ['(others)', '7200', 'second', '0.0132'],
          ['c', '3600', 'second', '0.0066'],
        ],
      ],
      [
        '2026-11-02T01:00',
        [
          ['(others)', '3600', 'second', '0.0066'],
          ['c', '7200', 'second', '0.0132'],
        ],
      ],
    ]);
    expect(result.totals).toEqual([
      { key: '(others)', quantity: '10800', unit: 'second', cost: '0.0198', others: 2 },
      { key: 'c', quantity: '10800', unit: 'second', cost: '0.0198' },
    ]);
  });

  test('the CSV has a row per bucket and group', () => {
    const edges = [
      at('2026-11-02T00:00:00Z'),
      at('2026-11-02T01:00:00Z'),
      at('2026-11-02T02:00:00Z'),
    ];
    expect(timeseriesCsv(bucketizeUsage(periods, edges, 'meter').buckets)).toEqual(
      'start,end,key,quantity,unit,cost\r\n' +
        '2026-11-02T00:00:00.000Z,2026-11-02T01:00:00.000Z,compute.vm,10800,second,0.0198\r\n' +
        '2026-11-02T01:00:00.000Z,2026-11-02T02:00:00.000Z,compute.vm,7200,second,0.0132\r\n',
    );
  });

  test('open and overdue amounts', () => {
    const now = at('2026-12-10T00:00:00Z');
    const invoice = (
      status: 'open' | 'partially_paid' | 'paid' | 'draft',
      amountDue: string,
      amountPaid: string,
      due: string,
    ) => ({
      status,
      currency: 'EUR',
      amountDue,
      amountPaid,
      dueAtMs: at(due),
    });
    expect(
      amountsOwed(
        [
          invoice('open', '10.00', '0.00', '2026-12-09T00:00:00Z'),
          invoice('partially_paid', '30.00', '5.00', '2026-12-17T00:00:00Z'),
          invoice('paid', '7.00', '7.00', '2026-12-01T00:00:00Z'),
          invoice('draft', '9.00', '0.00', '2026-12-01T00:00:00Z'),
        ],
        'EUR',
        now,
      ),
    ).toEqual({ openAmount: '35.00', overdueAmount: '10.00' });
  });

  test('the next invoice: the grace period of the last period, then the current one', () => {
    const cycle: BillingCycle = { schedule: 'monthly', timezone: 'UTC' };
    const dec = periodContaining(cycle, at('2026-12-01T10:00:00Z'));
    const grace = 2 * 86_400_000;
    expect(iso(nextInvoiceAtMs(cycle, dec, grace, at('2026-12-01T10:00:00Z')))).toEqual(
      '2026-12-03T00:00:00.000Z',
    );
    expect(iso(nextInvoiceAtMs(cycle, dec, grace, at('2026-12-05T00:00:00Z')))).toEqual(
      '2027-01-03T00:00:00.000Z',
    );
  });
});
