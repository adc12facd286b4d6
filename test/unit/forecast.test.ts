import type { Period } from '../../domain/calendar/types';
import type { LedgerEvent } from '../../domain/events';
import {
  costPerMeter,
  draftInvoice,
  projectUsageToPeriodEnd,
  usageGroupsOf,
  type PlanTerms,
} from '../../domain/invoice';
import {
  applyEvent,
  computeUsageReport,
  createMeteringState,
  type OpenRun,
} from '../../domain/metering';
import type { Price, RatedLine, UsageGroup } from '../../domain/rating';
import { anEvent } from '../fixtures/builders';
import { anEgressPrice } from '../fixtures/catalog';

const H = 3_600_000;
/** April 2030 in UTC: 30 days, 720 h. */
const APRIL: Period = { startMs: Date.UTC(2030, 3, 1), endMs: Date.UTC(2030, 4, 1) };
const START = APRIL.startMs;

const group = (fields: Partial<UsageGroup> & Pick<UsageGroup, 'resourceId'>): UsageGroup => ({
  meter: 'compute.vm',
  dimensions: {},
  seconds: '0',
  quantitySeconds: '0',
  quantity: '0',
  runs: [],
  ...fields,
});
const open = (fields: Partial<OpenRun> & Pick<OpenRun, 'resourceId' | 'sinceMs'>): OpenRun => ({
  meter: 'compute.vm',
  dimensions: {},
  quantity: '1',
  ...fields,
});

describe('projectUsageToPeriodEnd: the state at asOf, carried to the period end', () => {
  test.each<{
    name: string;
    asOfMs: number;
    usage: UsageGroup[];
    openRuns: OpenRun[];
    expected: UsageGroup[];
  }>([
    {
      name: 'a VM running since the period start, 1 h in, runs all 720 h (2,592,000 s)',
      asOfMs: START + H,
      usage: [
        group({
          resourceId: 'vm',
          seconds: '3600',
          quantitySeconds: '3600',
          runs: [{ durationMs: H, quantity: '1' }],
        }),
      ],
      openRuns: [open({ resourceId: 'vm', sinceMs: START })],
      expected: [
        group({
          resourceId: 'vm',
          seconds: '2592000',
          quantitySeconds: '2592000',
          runs: [{ durationMs: 720 * H, quantity: '1' }],
        }),
      ],
    },
    {
      name: 'a run from the previous period keeps its prior time; its share grows by 718 h',
      asOfMs: START + 2 * H,
      usage: [
        group({
          resourceId: 'vm',
          seconds: '7200',
          quantitySeconds: '7200',
          runs: [{ durationMs: 2 * H, quantity: '1', priorMs: 5 * H }],
        }),
      ],
      openRuns: [open({ resourceId: 'vm', sinceMs: START - 5 * H })],
      expected: [
        group({
          resourceId: 'vm',
          seconds: '2592000',
          quantitySeconds: '2592000',
          runs: [{ durationMs: 720 * H, quantity: '1', priorMs: 5 * H }],
        }),
      ],
    },
    {
      // 100 GB x 36,000 s = 3,600,000 GB-s so far; 700 h = 2,520,000 s left:
      // + 252,000,000 GB-s = 255,600,000 GB-s.
      name: 'attached storage stays: 100 GB attached at 10 h, 20 h in, held for 700 h more',
      asOfMs: START + 20 * H,
      usage: [
        group({
          resourceId: 'vol',
          meter: 'storage.volume',
          seconds: '36000',
          quantitySeconds: '3600000',
          runs: [{ durationMs: 10 * H, quantity: '100' }],
        }),
      ],
      openRuns: [
        open({
          resourceId: 'vol',
          meter: 'storage.volume',
          quantity: '100',
          sinceMs: START + 10 * H,
        }),
      ],
      expected: [
        group({
          resourceId: 'vol',
          meter: 'storage.volume',
          seconds: '2556000',
          quantitySeconds: '255600000',
          runs: [{ durationMs: 710 * H, quantity: '100' }],
        }),
      ],
    },
    {
      // Resized 100 -> 200 GB at 1 h; 2 h in: 100 x 3,600 + 200 x 3,600 = 1,080,000 GB-s.
      // The open share is the second (3,600,000 + prior 3,600,000 = the run's 2 h age):
      // + 200 x 2,584,800 s = 516,960,000 -> 518,040,000 GB-s.
      name: 'a resized volume grows at its current size; the earlier share stays',
      asOfMs: START + 2 * H,
      usage: [
        group({
          resourceId: 'vol',
          meter: 'storage.volume',
          seconds: '7200',
          quantitySeconds: '1080000',
          runs: [
            { durationMs: H, quantity: '100' },
            { durationMs: H, quantity: '200', priorMs: H },
          ],
        }),
      ],
      openRuns: [
        open({ resourceId: 'vol', meter: 'storage.volume', quantity: '200', sinceMs: START }),
      ],
      expected: [
        group({
          resourceId: 'vol',
          meter: 'storage.volume',
          seconds: '2592000',
          quantitySeconds: '518040000',
          runs: [
            { durationMs: H, quantity: '100' },
            { durationMs: 719 * H, quantity: '200', priorMs: H },
          ],
        }),
      ],
    },
    {
      name: 'a VM resized into another flavor at 2 h, 3 h in: only the current flavor grows',
      asOfMs: START + 3 * H,
      usage: [
        group({
          resourceId: 'vm',
          dimensions: { flavor: 'large' },
          seconds: '3600',
          quantitySeconds: '3600',
          runs: [{ durationMs: H, quantity: '1', priorMs: 2 * H }],
        }),
        group({
          resourceId: 'vm',
          dimensions: { flavor: 'small' },
          seconds: '7200',
          quantitySeconds: '7200',
          runs: [{ durationMs: 2 * H, quantity: '1' }],
        }),
      ],
      openRuns: [open({ resourceId: 'vm', dimensions: { flavor: 'large' }, sinceMs: START })],
      expected: [
        group({
          resourceId: 'vm',
          dimensions: { flavor: 'large' },
          seconds: '2584800',
          quantitySeconds: '2584800',
          runs: [{ durationMs: 718 * H, quantity: '1', priorMs: 2 * H }],
        }),
        group({
          resourceId: 'vm',
          dimensions: { flavor: 'small' },
          seconds: '7200',
          quantitySeconds: '7200',
          runs: [{ durationMs: 2 * H, quantity: '1' }],
        }),
      ],
    },
    {
      name: 'counters keep the average rate so far: 2 GB in 1 h -> 1,440 GB; a stopped run stays',
      asOfMs: START + H,
      usage: [
        group({
          resourceId: 'ctr',
          meter: 'compute.container',
          seconds: '7',
          quantitySeconds: '7',
          runs: [{ durationMs: 7000, quantity: '1' }],
        }),
        group({ resourceId: 'net', meter: 'network.egress', quantity: '2' }),
      ],
      openRuns: [],
      expected: [
        group({
          resourceId: 'ctr',
          meter: 'compute.container',
          seconds: '7',
          quantitySeconds: '7',
          runs: [{ durationMs: 7000, quantity: '1' }],
        }),
        group({ resourceId: 'net', meter: 'network.egress', quantity: '1440' }),
      ],
    },
    {
      // 1 x 720 / 7 = 102.857142857142..., kept to 6 decimals (half up).
      name: 'a projected counter keeps 6 decimals: 1 call in 7 h -> 102.857143',
      asOfMs: START + 7 * H,
      usage: [group({ resourceId: 'client', meter: 'api.calls', quantity: '1' })],
      openRuns: [],
      expected: [group({ resourceId: 'client', meter: 'api.calls', quantity: '102.857143' })],
    },
    {
      name: 'at the period start a carried run gets a share with its prior time; a counter stays',
      asOfMs: START,
      usage: [group({ resourceId: 'client', meter: 'api.calls', quantity: '5' })],
      openRuns: [open({ resourceId: 'vm', sinceMs: START - 5 * H })],
      expected: [
        group({ resourceId: 'client', meter: 'api.calls', quantity: '5' }),
        group({
          resourceId: 'vm',
          seconds: '2592000',
          quantitySeconds: '2592000',
          runs: [{ durationMs: 720 * H, quantity: '1', priorMs: 5 * H }],
        }),
      ],
    },
    {
      name: 'a run started at asOf (a zero share so far) runs the rest: 710 h',
      asOfMs: START + 10 * H,
      usage: [group({ resourceId: 'vm', runs: [{ durationMs: 0, quantity: '1' }] })],
      openRuns: [open({ resourceId: 'vm', sinceMs: START + 10 * H })],
      expected: [
        group({
          resourceId: 'vm',
          seconds: '2556000',
          quantitySeconds: '2556000',
          runs: [{ durationMs: 710 * H, quantity: '1' }],
        }),
      ],
    },
    {
      name: 'at the period end nothing is left to project',
      asOfMs: APRIL.endMs + H,
      usage: [
        group({ resourceId: 'client', meter: 'api.calls', quantity: '3' }),
        group({
          resourceId: 'vm',
          seconds: '2592000',
          quantitySeconds: '2592000',
          runs: [{ durationMs: 720 * H, quantity: '1' }],
        }),
      ],
      openRuns: [open({ resourceId: 'vm', sinceMs: START })],
      expected: [
        group({ resourceId: 'client', meter: 'api.calls', quantity: '3' }),
        group({
          resourceId: 'vm',
          seconds: '2592000',
          quantitySeconds: '2592000',
          runs: [{ durationMs: 720 * H, quantity: '1' }],
        }),
      ],
    },
  ])('$name', ({ asOfMs, usage, openRuns, expected }) => {
    const before = JSON.stringify(usage);
    expect(projectUsageToPeriodEnd({ period: APRIL, asOfMs, usage, openRuns })).toEqual(expected);
    expect(JSON.stringify(usage)).toEqual(before);
  });
});

type Fields = Partial<LedgerEvent> & Pick<LedgerEvent, 'type' | 'timestampMs'>;

test('projecting open runs equals metering to the period end when nothing else happens', () => {
  const state = createMeteringState(START - 24 * H);
  const events: Fields[] = [
    // Carried in from March; resized at 3 h; still running.
    { type: 'resource.started', timestampMs: START - 5 * H, resourceId: 'vm-a' },
    {
      type: 'resource.updated',
      timestampMs: START + 3 * H,
      resourceId: 'vm-a',
      dimensions: { flavor: 'large' },
    },
    // A volume attached at 1 h, grown at 2 h 30 min.
    {
      type: 'resource.started',
      timestampMs: START + H,
      resourceId: 'vol',
      meter: 'storage.volume',
      quantity: '50',
    },
    {
      type: 'resource.updated',
      timestampMs: START + 2.5 * H,
      resourceId: 'vol',
      meter: 'storage.volume',
      quantity: '80',
    },
    // A container that ran 7 s and stopped.
    { type: 'resource.started', timestampMs: START + 1000, resourceId: 'ctr' },
    { type: 'resource.stopped', timestampMs: START + 8000, resourceId: 'ctr' },
  ];
  events.forEach((fields, i) =>
    applyEvent(state, anEvent({ seq: i + 1, ...fields }), (ms) =>
      ms < START ? START - 30 * 24 * H : START,
    ),
  );
  const asOfMs = START + 4 * H + 1234;
  const now = computeUsageReport(state, APRIL, asOfMs, { includeRuns: true });
  const end = computeUsageReport(state, APRIL, APRIL.endMs, { includeRuns: true });
  expect(
    projectUsageToPeriodEnd({
      period: APRIL,
      asOfMs: now.asOfMs,
      usage: usageGroupsOf(now.resources),
      openRuns: now.openRuns,
    }),
  ).toEqual(usageGroupsOf(end.resources));
});

describe('the projection rated with the plan: caps, tiers and the commitment bend it', () => {
  const terms = (prices: Price[], minimumCommitment: string | null = null): PlanTerms => ({
    planId: 'plan',
    currency: 'EUR',
    prices,
    minimumCommitment,
  });
  const vmPrice = (model: Partial<Price['model']> = {}): Price => ({
    id: 'vm',
    meter: 'compute.vm',
    dimensionsFilter: {},
    groupBy: [],
    model: { type: 'run_time', unit: 'hour', unitPrice: '0.0416', ...model } as Price['model'],
  });
  const vmOneHourIn = group({
    resourceId: 'vm',
    seconds: '3600',
    quantitySeconds: '3600',
    runs: [{ durationMs: H, quantity: '1' }],
  });
  const total = (plan: PlanTerms, usage: UsageGroup[]) =>
    draftInvoice({ customerId: 'c', period: APRIL, terms: plan, usage }).totals.total;
  const forecast = (plan: PlanTerms, usage: UsageGroup[], openRuns: OpenRun[], asOfMs: number) =>
    total(plan, projectUsageToPeriodEnd({ period: APRIL, asOfMs, usage, openRuns }));

  test.each<{
    name: string;
    plan: PlanTerms;
    usage: UsageGroup[];
    openRuns: OpenRun[];
    asOfMs: number;
    accrued: string;
    forecast: string;
  }>([
    {
      // 0.0416 x 1 h = 0.0416 -> 0.04 so far; 0.0416 x 720 h = 29.952 -> 29.95.
      name: 'one VM at 0.0416/h since the period start, 720 h: 29.95',
      plan: terms([vmPrice()]),
      usage: [vmOneHourIn],
      openRuns: [open({ resourceId: 'vm', sinceMs: START })],
      asOfMs: START + H,
      accrued: '0.04',
      forecast: '29.95',
    },
    {
      // 0.01 x 1 s = 0.01, topped up to 20.00; the run is over, so the forecast is 20.00
      // (a linear burn rate said 20.00 x 720 = 14,400.00).
      name: 'a 20.00 commitment with 0.01 of usage: 20.00',
      plan: terms([{ ...vmPrice({ unit: 'second', unitPrice: '0.01' }) }], '20.00'),
      usage: [
        group({
          resourceId: 'vm',
          seconds: '1',
          quantitySeconds: '1',
          runs: [{ durationMs: 1000, quantity: '1' }],
        }),
      ],
      openRuns: [],
      asOfMs: START + H,
      accrued: '20.00',
      forecast: '20.00',
    },
    {
      // 1 call at 0.01 in 1 h -> 720 calls = 7.20, under the 20.00 commitment.
      name: 'a 20.00 commitment with 0.01 of calls at a steady rate: 20.00',
      plan: terms(
        [
          {
            id: 'api',
            meter: 'api.calls',
            dimensionsFilter: {},
            model: { type: 'counter', unitPrice: '0.01' },
          },
        ],
        '20.00',
      ),
      usage: [group({ resourceId: 'client', meter: 'api.calls', quantity: '1' })],
      openRuns: [],
      asOfMs: START + H,
      accrued: '20.00',
      forecast: '20.00',
    },
    {
      // 29.952 would exceed the 25.00 monthly cap of the resource.
      name: 'a per-period cap of 25.00 caps the VM: 25.00',
      plan: terms([vmPrice({ periodCapAmount: '25.00' })]),
      usage: [vmOneHourIn],
      openRuns: [open({ resourceId: 'vm', sinceMs: START })],
      asOfMs: START + H,
      accrued: '0.04',
      forecast: '25.00',
    },
    {
      // 1 GB in 24 h -> 30 GB: 10 x 0.09 + 20 x 0.05 = 1.90 (not 0.09 x 30 = 2.70).
      name: 'graduated egress: 1 GB in the first day of 30 -> 30 GB -> 1.90',
      plan: terms([anEgressPrice()]),
      usage: [group({ resourceId: 'net', meter: 'network.egress', quantity: '1' })],
      openRuns: [],
      asOfMs: START + 24 * H,
      accrued: '0.09',
      forecast: '1.90',
    },
  ])('$name', ({ plan, usage, openRuns, asOfMs, accrued, forecast: expected }) => {
    expect({
      accrued: total(plan, usage),
      forecast: forecast(plan, usage, openRuns, asOfMs),
    }).toEqual({ accrued, forecast: expected });
  });
});

describe('costPerMeter', () => {
  const line = (lineId: string, meter: string, amount: string): RatedLine => ({
    lineId,
    priceId: lineId,
    meter,
    dimensions: {},
    quantity: '1',
    unit: 'unit',
    unitPrice: amount,
    preciseAmount: amount,
    amount,
    subLines: [],
  });

  test('sums the lines per meter, adjustments included, the commitment top-up left out', () => {
    const adjustment = line('adj-1-vm:[]', 'compute.vm', '0.10');
    expect(
      costPerMeter({
        currency: 'EUR',
        meters: ['storage.volume', 'compute.vm'],
        accrued: [
          line('vm:[]', 'compute.vm', '0.04'),
          line('minimum-commitment', '', '19.86'),
          adjustment,
        ],
        forecast: [
          line('vm:[]', 'compute.vm', '29.95'),
          line('egress:[]', 'network.egress', '1.90'),
          adjustment,
        ],
      }),
    ).toEqual([
      { meter: 'compute.vm', accrued: '0.14', forecast: '30.05' },
      { meter: 'network.egress', accrued: '0.00', forecast: '1.90' },
      { meter: 'storage.volume', accrued: '0.00', forecast: '0.00' },
    ]);
  });

  test('amounts have the currency decimals: JPY', () => {
    expect(
      costPerMeter({
        currency: 'JPY',
        meters: [],
        accrued: [line('vm:[]', 'compute.vm', '4')],
        forecast: [line('vm:[]', 'compute.vm', '2995')],
      }),
    ).toEqual([{ meter: 'compute.vm', accrued: '4', forecast: '2995' }]);
  });
});
