import type { Period } from '../../domain/calendar/types';
import type { LedgerEvent } from '../../domain/events';
import { draftInvoice, type PlanTerms } from '../../domain/invoice';
import {
  meterSegment,
  planSpansOf,
  projectSegmentsToPeriodEnd,
  prorate,
  proratedCommitment,
  segmentTerms,
  type SegmentUsage,
} from '../../domain/invoice/plan-segments';
import { usageGroupsOf } from '../../domain/invoice';
import { planIdOfLine, segmentLineId } from '../../domain/invoice/plan-line-id';
import { describeLine } from '../../domain/documents/line-description';
import { projectOfLine } from '../../domain/projects/sections';
import type { Price } from '../../domain/rating';

/**
 * Mid-period plan changes (docs/billing-rules.md, "Plan changes within a period"): hand-computed tables for
 * the split, the proration of caps, free units and the commitment, line ids, and per-run
 * minimums of a run crossing the change.
 */
const H = 3_600_000;
const DAY = 24 * H;
const day: Period = { startMs: 100 * DAY, endMs: 101 * DAY };
const at = (hours: number) => day.startMs + hours * H;

describe('planSpansOf: where the plans of a period start and end', () => {
  const cases: [string, { planId: string; effectiveFromMs: number }[], string[]][] = [
    ['one plan since before', [{ planId: 'a', effectiveFromMs: at(-50) }], ['a 0-24']],
    [
      'change at 12:00',
      [
        { planId: 'a', effectiveFromMs: at(-50) },
        { planId: 'b', effectiveFromMs: at(12) },
      ],
      ['a 0-12', 'b 12-24'],
    ],
    [
      'same plan again is one span',
      [
        { planId: 'a', effectiveFromMs: at(-50) },
        { planId: 'b', effectiveFromMs: at(6) },
        { planId: 'b', effectiveFromMs: at(18) },
      ],
      ['a 0-6', 'b 6-24'],
    ],
    [
      'first subscription inside the period covers from the start',
      [
        { planId: 'a', effectiveFromMs: at(3) },
        { planId: 'b', effectiveFromMs: at(9) },
      ],
      ['a 0-9', 'b 9-24'],
    ],
    [
      'back and forth',
      [
        { planId: 'a', effectiveFromMs: at(0) },
        { planId: 'b', effectiveFromMs: at(8) },
        { planId: 'a', effectiveFromMs: at(16) },
      ],
      ['a 0-8', 'b 8-16', 'a 16-24'],
    ],
    ['none', [], []],
  ];
  it.each(cases)('%s', (_name, subscriptions, expected) => {
    const spans = planSpansOf(day, subscriptions).map(
      (s) => `${s.planId} ${(s.startMs - day.startMs) / H}-${(s.endMs - day.startMs) / H}`,
    );
    expect(spans).toEqual(expected);
  });
});

describe('prorate: amount x segment / period, 12 decimals half up', () => {
  const month: Period = { startMs: 0, endMs: 30 * DAY };
  const cases: [string, Period, number, number, string][] = [
    ['half a day', day, at(0), at(12), '0.5'],
    ['10 of 30 days of 9.99', month, 0, 10 * DAY, '3.33'],
    ['a third of 10', month, 0, 10 * DAY, '3.333333333333'],
    ['two thirds of 10', month, 10 * DAY, 30 * DAY, '6.666666666667'],
    ['the whole period', day, at(0), at(24), '1'],
  ];
  const amounts = ['1.00', '9.99', '10', '10', '1'];
  it.each(cases.map((c, i) => [...c, amounts[i]] as const))(
    '%s',
    (_name, period, startMs, endMs, expected, amount) => {
      expect(prorate(amount as string, { startMs, endMs }, period)).toBe(expected);
    },
  );
});

describe('line ids of a split period carry their plan, before the project', () => {
  const cases: [string, string | undefined, string, string][] = [
    ['vm:[]', undefined, 'plan-b', 'vm:[]@plan-b'],
    ['vm:[]#web', 'web', 'plan-b', 'vm:[]@plan-b#web'],
    ['vm:[["size","s-1"]]', undefined, 'p.1:x-y', 'vm:[["size","s-1"]]@p.1:x-y'],
  ];
  it.each(cases)('%s on %s', (lineId, projectId, planId, expected) => {
    const line = projectId === undefined ? { lineId } : { lineId, projectId };
    expect(segmentLineId(line, planId)).toBe(expected);
    expect(planIdOfLine(expected, 'invoice-plan')).toBe(planId);
  });
  it('a line without the suffix is on the invoice plan', () => {
    expect(planIdOfLine('vm:[]', 'invoice-plan')).toBe('invoice-plan');
    expect(planIdOfLine('vm:[]#web', 'invoice-plan')).toBe('invoice-plan');
    expect(planIdOfLine('adj-1700000000000-vm:[]@plan-a#web', 'x')).toBe('plan-a');
    expect(planIdOfLine('vm:[["mail","a@b"]]', 'x')).toBe('x');
  });
});

const vmPrice = (model: Partial<Extract<Price['model'], { type: 'run_time' }>>): Price => ({
  id: 'vm',
  meter: 'compute.vm',
  dimensionsFilter: {},
  groupBy: [],
  model: { type: 'run_time', unit: 'hour', unitPrice: '0.10', ...model },
});
const egressPrice = (unitPrice: string): Price => ({
  id: 'egress',
  meter: 'network.egress',
  dimensionsFilter: {},
  groupBy: [],
  model: { type: 'counter', unitPrice },
});
const terms = (planId: string, prices: Price[], minimumCommitment: string | null = null) =>
  ({ planId, currency: 'EUR', prices, minimumCommitment }) satisfies PlanTerms;

let seq = 0;
const event = (
  type: LedgerEvent['type'],
  hours: number,
  fields: Partial<LedgerEvent> = {},
): LedgerEvent => ({
  seq: ++seq,
  id: `e${seq}`,
  type,
  timestampMs: at(hours),
  resourceId: 'vm-1',
  meter: 'compute.vm',
  dimensions: null,
  quantity: null,
  ...fields,
});
const periodStartOf = (ms: number) => Math.floor(ms / DAY) * DAY;

/** Both segments of `day` split at `changeAt` hours, metered from `events`, on plans a and b. */
function split(
  events: LedgerEvent[],
  changeAt: number,
  a: PlanTerms,
  b: PlanTerms,
  asOfMs = day.endMs,
): SegmentUsage[] {
  const spans = planSpansOf(day, [
    { planId: a.planId, effectiveFromMs: at(-100) },
    { planId: b.planId, effectiveFromMs: at(changeAt) },
  ]);
  return spans.map((span) => {
    const segment = segmentTerms(span.planId === a.planId ? a : b, span, day);
    return {
      ...segment,
      usage: usageGroupsOf(meterSegment(events, segment, asOfMs, periodStartOf, day)),
    };
  });
}

describe('meterSegment: run time, quantity-time and counters split exactly at the change', () => {
  it('splits a VM, a volume and counters at 12:00', () => {
    const events = [
      event('resource.started', 6),
      event('resource.stopped', 18),
      event('resource.started', -2, { resourceId: 'vol-1', meter: 'storage', quantity: '100' }),
      event('usage.recorded', 8, { resourceId: 'nic', meter: 'network.egress', quantity: '2' }),
      event('usage.recorded', 12, { resourceId: 'nic', meter: 'network.egress', quantity: '3' }),
      event('usage.recorded', 30, { resourceId: 'nic', meter: 'network.egress', quantity: '99' }),
    ];
    const [a, b] = split(events, 12, terms('a', []), terms('b', []));
    const pick = (s: SegmentUsage | undefined, resourceId: string) =>
      s?.usage.find((u) => u.resourceId === resourceId);
    expect(pick(a, 'vm-1')).toMatchObject({ seconds: '21600', runs: [{ durationMs: 6 * H }] });
    expect(pick(b, 'vm-1')).toMatchObject({
      seconds: '21600',
      runs: [{ durationMs: 6 * H, priorMs: 6 * H }],
    });
    // The volume: 100 x 12 h per segment; it started before the period (priorMs 2 h).
    expect(pick(a, 'vol-1')).toMatchObject({ quantitySeconds: '4320000' });
    expect(pick(a, 'vol-1')?.runs).toEqual([
      { durationMs: 12 * H, quantity: '100', priorMs: 2 * H },
    ]);
    expect(pick(b, 'vol-1')).toMatchObject({ quantitySeconds: '4320000' });
    // A counter at 12:00 sharp is the new plan's; one of the next day is nobody's here.
    expect(pick(a, 'nic')?.quantity).toBe('2');
    expect(pick(b, 'nic')?.quantity).toBe('3');
  });
});

describe('a period split at 12:00, each segment on its plan', () => {
  // Plan a: vm 0.10/h, cap 1.00 per period, 1 h minimum per run; egress 0.05 with 10 free.
  // Plan b: vm 0.20/h, no cap, no minimum; egress 0.04; commitment 20.00.
  const a = terms('plan-a', [
    vmPrice({ periodCapAmount: '1.00', minimumSeconds: 3600 }),
    { ...egressPrice('0.05'), freeUnits: '10' },
  ]);
  const b = terms('plan-b', [vmPrice({ unitPrice: '0.20' }), egressPrice('0.04')], '20.00');

  const cases: {
    name: string;
    events: LedgerEvent[];
    lines: Record<string, string>;
    total: string;
  }[] = [
    {
      // a: 12 h x 0.10 = 1.20 > cap 1.00 x 12/24 = 0.50 -> 0.50; b: 12 h x 0.20 = 2.40.
      // Commitment 0 x 1/2 + 20.00 x 1/2 = 10.00: top-up 10.00 - 2.90 = 7.10.
      name: 'a VM all day: prorated cap, prorated commitment',
      events: [event('resource.started', -1)],
      lines: { 'vm:[]@plan-a': '0.50', 'vm:[]@plan-b': '2.40', 'minimum-commitment': '7.10' },
      total: '10.00',
    },
    {
      // 11:50-12:20. a: 10 min -> 1 h minimum -> 0.10. b (no minimum): whole run 30 min minus
      // the 10 min before -> 20 min x 0.20 = 0.0666.. -> 0.07. Commitment top-up 9.83.
      name: 'a run crossing the change pays its minimum where it started',
      events: [event('resource.started', 11 + 50 / 60), event('resource.stopped', 12 + 20 / 60)],
      lines: { 'vm:[]@plan-a': '0.10', 'vm:[]@plan-b': '0.07', 'minimum-commitment': '9.83' },
      total: '10.00',
    },
    {
      // Egress a: 25 GB - 10 x 12/24 = 5 free -> 20 x 0.05 = 1.00; b: 300 x 0.04 = 12.00.
      // VM 00:00-24:00 as above: 0.50 + 2.40. Sum 15.90 > 10.00: no top-up.
      name: 'counters split and free units prorated',
      events: [
        event('resource.started', 0),
        event('usage.recorded', 3, { resourceId: 'nic', meter: 'network.egress', quantity: '25' }),
        event('usage.recorded', 23, {
          resourceId: 'nic',
          meter: 'network.egress',
          quantity: '300',
        }),
      ],
      lines: {
        'egress:[]@plan-a': '1.00',
        'egress:[]@plan-b': '12.00',
        'vm:[]@plan-a': '0.50',
        'vm:[]@plan-b': '2.40',
      },
      total: '15.90',
    },
  ];
  it.each(cases)('$name', ({ events, lines, total }) => {
    const draft = draftInvoice({
      customerId: 'c',
      period: day,
      terms: b,
      usage: [],
      segments: split(events, 12, a, b),
    });
    expect(Object.fromEntries(draft.lines.map((l) => [l.lineId, l.amount]))).toEqual(lines);
    expect(draft.totals.total).toBe(total);
    expect(draft.planId).toBe('plan-b');
  });

  it('the new plan rates a crossing run as one run: its minimum counts the time before', () => {
    // a: 0.10/h, no minimum; c: 0.20/h, 1 h minimum. The run 11:50-13:50.
    // a: 10 min x 0.10 = 0.01666.. -> 0.02. c: billed(2 h) - billed(10 min) = 2 h - 1 h
    // (c's minimum on the earlier part) = 1 h x 0.20 = 0.20, though 1 h 50 min ran on c:
    // the documented bound, c's minimum less the time before the change (50 min).
    const plain = terms('plan-a', [vmPrice({})]);
    const c = terms('plan-c', [vmPrice({ unitPrice: '0.20', minimumSeconds: 3600 })]);
    const events = [
      event('resource.started', 11 + 50 / 60),
      event('resource.stopped', 13 + 50 / 60),
    ];
    const draft = draftInvoice({
      customerId: 'c',
      period: day,
      terms: c,
      usage: [],
      segments: split(events, 12, plain, c),
    });
    expect(draft.lines.map((l) => [l.lineId, l.quantity, l.amount])).toEqual([
      ['vm:[]@plan-a', '0.16666666666666666666666666666666666666666666666667', '0.02'],
      ['vm:[]@plan-c', '1', '0.20'],
    ]);
  });

  it("a project's part carries the plan, then the project", () => {
    // vm-1 of project web, 00:00-24:00: a 12 h x 0.10 = 1.20, capped 0.50; b 2.40.
    const events = [event('resource.started', -1, { dimensions: { $project: 'web' } })];
    const draft = draftInvoice({
      customerId: 'c',
      period: day,
      terms: terms('plan-b', b.prices),
      usage: [],
      segments: split(events, 12, a, terms('plan-b', b.prices)),
    });
    expect(
      draft.lines.map((l) => [
        l.lineId,
        l.amount,
        projectOfLine({ lineId: l.lineId }),
        planIdOfLine(l.lineId, 'x'),
      ]),
    ).toEqual([
      ['vm:[]@plan-a#web', '0.50', 'web', 'plan-a'],
      ['vm:[]@plan-b#web', '2.40', 'web', 'plan-b'],
    ]);
  });

  it('one segment is exactly the unsplit draft (ids, amounts, commitment)', () => {
    const events = [event('resource.started', -1)];
    const [whole] = planSpansOf(day, [{ planId: 'plan-a', effectiveFromMs: at(-5) }]).map((span) =>
      segmentTerms(a, span, day),
    );
    const usage = usageGroupsOf(meterSegment(events, day, day.endMs, periodStartOf, day));
    const segmented = draftInvoice({
      customerId: 'c',
      period: day,
      terms: a,
      usage,
      segments: [{ ...(whole as NonNullable<typeof whole>), usage }],
    });
    const plain = draftInvoice({ customerId: 'c', period: day, terms: a, usage });
    expect(segmented).toEqual(plain);
    expect(plain.lines.map((l) => [l.lineId, l.amount])).toEqual([['vm:[]', '1.00']]);
  });

  it('documents name the plan of a split line only', () => {
    const line = { meter: 'compute.vm', dimensions: {} };
    expect(describeLine({ ...line, lineId: 'vm:[]@plan-b' })).toBe('compute.vm · plan plan-b');
    expect(describeLine({ ...line, lineId: 'vm:[]' })).toBe('compute.vm');
  });
});

describe('proratedCommitment', () => {
  const month: Period = { startMs: 0, endMs: 30 * DAY };
  const seg = (planId: string, from: number, to: number, commitment: string | null) => ({
    planId,
    startMs: from * DAY,
    endMs: to * DAY,
    terms: terms(planId, [], commitment),
  });
  const cases: [string, ReturnType<typeof seg>[], string, string | null][] = [
    ['none has one', [seg('a', 0, 10, null), seg('b', 10, 30, null)], 'EUR', null],
    // 10.00 x 10/30 + 20.00 x 20/30 = 3.333.. + 13.333.. = 16.666.. -> 16.67
    ['both, one rounding', [seg('a', 0, 10, '10.00'), seg('b', 10, 30, '20.00')], 'EUR', '16.67'],
    ['only the second', [seg('a', 0, 15, null), seg('b', 15, 30, '20.00')], 'EUR', '10.00'],
    // JPY: 1000 x 10/30 = 333.33.. -> 333
    ['JPY', [seg('a', 0, 10, '1000'), seg('b', 10, 30, null)], 'JPY', '333'],
  ];
  it.each(cases)('%s', (_name, segments, currency, expected) => {
    expect(proratedCommitment(segments, month, currency)).toBe(expected);
  });
});

describe('the forecast of a split period', () => {
  it('projects an open VM and a counter on each plan: the rest of segment a, all of b', () => {
    // Now 08:00; VM running since 06:00. a: 6 h x 0.10 = 0.60; b: 12 h x 0.20 = 2.40.
    const a = terms('plan-a', [vmPrice({}), egressPrice('0.05')]);
    const b = terms('plan-b', [vmPrice({ unitPrice: '0.20' }), egressPrice('0.04')]);
    // 2 GB of egress by 08:00 (8 h into a): 2 x 12/8 = 3 GB in a, 3 GB in b.
    const events = [
      event('resource.started', 6),
      event('usage.recorded', 7, { resourceId: 'nic', meter: 'network.egress', quantity: '2' }),
    ];
    const segments = split(events, 12, a, b, at(8));
    const projected = projectSegmentsToPeriodEnd(segments, at(8), [
      { resourceId: 'vm-1', meter: 'compute.vm', dimensions: {}, quantity: '1', sinceMs: at(6) },
    ]);
    expect(projected.map((s) => s.usage.map((u) => [u.resourceId, u.quantity, u.runs]))).toEqual([
      [
        ['nic', '3', []],
        ['vm-1', '0', [{ durationMs: 6 * H, quantity: '1' }]],
      ],
      [
        ['nic', '3', []],
        ['vm-1', '0', [{ durationMs: 12 * H, quantity: '1', priorMs: 6 * H }]],
      ],
    ]);
    const draft = draftInvoice({
      customerId: 'c',
      period: day,
      terms: a,
      usage: [],
      segments: projected,
    });
    // Egress: a 3 x 0.05 = 0.15, b 3 x 0.04 = 0.12.
    expect(draft.lines.map((l) => [l.lineId, l.amount])).toEqual([
      ['egress:[]@plan-a', '0.15'],
      ['vm:[]@plan-a', '0.60'],
      ['egress:[]@plan-b', '0.12'],
      ['vm:[]@plan-b', '2.40'],
    ]);
  });
});
