import {
  advanceHorizon,
  applyEvent,
  computeUsageReport,
  createMeteringState,
  type MeteringState,
  type ResourceUsage,
} from '../../domain/metering';
import type { Period } from '../../domain/calendar/types';
import type { LedgerEvent } from '../../domain/events';
import { anEvent } from '../fixtures/builders';

const SECOND = 1000;
const HOUR = 3_600_000;
const FEB: Period = { startMs: Date.UTC(2026, 1, 1), endMs: Date.UTC(2026, 2, 1) };
const MARCH: Period = { startMs: Date.UTC(2026, 2, 1), endMs: Date.UTC(2026, 3, 1) };
const APRIL: Period = { startMs: Date.UTC(2026, 3, 1), endMs: Date.UTC(2026, 4, 1) };
const T = MARCH.startMs + 10 * HOUR; // an instant well inside March

/** Monthly UTC periods: the start of the month an instant falls in. */
const periodStartOf = (instantMs: number): number => {
  const date = new Date(instantMs);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
};

type EventFields = Partial<LedgerEvent> & Pick<LedgerEvent, 'type' | 'timestampMs'>;

/** A state with horizon March 1st and the events applied in the given order, seq 1, 2, ... */
function stateWith(events: EventFields[], horizonMs = MARCH.startMs): MeteringState {
  const state = createMeteringState(horizonMs);
  events.forEach((fields, index) =>
    applyEvent(state, anEvent({ seq: index + 1, ...fields }), periodStartOf),
  );
  return state;
}

const started = (timestampMs: number, fields: Partial<LedgerEvent> = {}): EventFields => ({
  type: 'resource.started',
  timestampMs,
  ...fields,
});
const stopped = (timestampMs: number, fields: Partial<LedgerEvent> = {}): EventFields => ({
  type: 'resource.stopped',
  timestampMs,
  ...fields,
});
const updated = (timestampMs: number, fields: Partial<LedgerEvent> = {}): EventFields => ({
  type: 'resource.updated',
  timestampMs,
  ...fields,
});
const recorded = (
  timestampMs: number,
  quantity: string | null,
  fields: Partial<LedgerEvent> = {},
): EventFields => ({
  type: 'usage.recorded',
  timestampMs,
  resourceId: 'lb-1',
  meter: 'network.egress',
  quantity,
  ...fields,
});

const usage = (fields: Partial<ResourceUsage>): ResourceUsage => ({
  resourceId: 'vm-1',
  meter: 'compute.vm',
  dimensions: {},
  seconds: '0',
  quantitySeconds: '0',
  quantity: '0',
  runs: 0,
  ...fields,
});

const closed = (state: MeteringState, period: Period = MARCH) =>
  computeUsageReport(state, period, period.endMs);

describe('computeUsageReport: run time', () => {
  // prettier-ignore
  it.each<[string, EventFields[], ResourceUsage]>([
    // 7 000 ms = 7 s; quantity defaults to 1, so quantity-seconds = 7.
    ['a 7-second container', [started(T, { resourceId: 'ctr-7', meter: 'compute.container' }), stopped(T + 7 * SECOND, { resourceId: 'ctr-7', meter: 'compute.container' })],
      usage({ resourceId: 'ctr-7', meter: 'compute.container', seconds: '7', quantitySeconds: '7', runs: 1 })],
    // 100 GB x 100 s = 10 000 GB-s.
    ['a 100 GB volume for 100 s', [started(T, { resourceId: 'vol-1', meter: 'storage.volume', quantity: '100' }), stopped(T + 100 * SECOND, { resourceId: 'vol-1', meter: 'storage.volume' })],
      usage({ resourceId: 'vol-1', meter: 'storage.volume', seconds: '100', quantitySeconds: '10000', runs: 1 })],
    // 3 600 250 ms = 3600.25 s.
    ['a VM for 1 h 250 ms', [started(T), stopped(T + 3_600_250)], usage({ seconds: '3600.25', quantitySeconds: '3600.25', runs: 1 })],
    // 1 ms = 0.001 s; 0.5 vCPU x 0.001 s = 0.0005.
    ['one millisecond of half a vCPU', [started(T, { quantity: '0.5' }), stopped(T + 1)], usage({ seconds: '0.001', quantitySeconds: '0.0005', runs: 1 })],
    // 123456789012345678901234.000000001 x 1 ms / 1000: the decimal point moves 3 places.
    ['a huge quantity for 1 ms', [started(T, { quantity: '123456789012345678901234.000000001' }), stopped(T + 1)],
      usage({ seconds: '0.001', quantitySeconds: '123456789012345678901.234000000001', runs: 1 })],
    // Two runs of 10 s and 20.5 s add up.
    ['two runs', [started(T), stopped(T + 10 * SECOND), started(T + HOUR), stopped(T + HOUR + 20_500)],
      usage({ seconds: '30.5', quantitySeconds: '30.5', runs: 2 })],
    ['a zero-length run', [started(T), stopped(T)], usage({ runs: 1 })],
  ])('%s', (_name, events, expected) => {
    expect(closed(stateWith(events)).resources).toEqual([expected]);
  });

  it('splits a resized run between its dimension groups; the run counts once, under its start', () => {
    // small 2 vCPU for 30 s (60 vCPU-s), then large 4 vCPU for 60 s (240 vCPU-s).
    const report = closed(
      stateWith([
        started(T, { dimensions: { size: 'small' }, quantity: '2' }),
        updated(T + 30 * SECOND, { dimensions: { size: 'large' }, quantity: '4' }),
        stopped(T + 90 * SECOND),
      ]),
    );
    expect(report.resources).toEqual([
      usage({ dimensions: { size: 'large' }, seconds: '60', quantitySeconds: '240' }),
      usage({ dimensions: { size: 'small' }, seconds: '30', quantitySeconds: '60', runs: 1 }),
    ]);
    expect(report.meters).toEqual([
      { meter: 'compute.vm', seconds: '90', quantitySeconds: '300', quantity: '0' },
    ]);
  });

  it('clips a run crossing the period end; the run counts in the period it starts in', () => {
    // Started 90 s before April, stopped 30 s into April.
    const state = stateWith([
      started(MARCH.endMs - 90 * SECOND),
      stopped(APRIL.startMs + 30 * SECOND),
    ]);
    const march = closed(state, MARCH);
    expect(march.resources).toEqual([usage({ seconds: '90', quantitySeconds: '90', runs: 1 })]);
    expect(march.asOfMs).toEqual(MARCH.endMs);
    expect(march.openRuns).toEqual([
      {
        resourceId: 'vm-1',
        meter: 'compute.vm',
        dimensions: {},
        quantity: '1',
        sinceMs: MARCH.endMs - 90 * SECOND,
      },
    ]);
    expect(closed(state, APRIL).resources).toEqual([
      usage({ seconds: '30', quantitySeconds: '30' }),
    ]);
    expect(closed(state, APRIL).openRuns).toEqual([]);
  });

  it('counts a run started before the period (open at the horizon) without counting it as a run', () => {
    const state = stateWith(
      [started(FEB.endMs - HOUR), stopped(MARCH.startMs + HOUR)],
      FEB.startMs,
    );
    expect(closed(state, MARCH).resources).toEqual([
      usage({ seconds: '3600', quantitySeconds: '3600' }),
    ]);
    expect(closed(state, FEB).resources).toEqual([
      usage({ seconds: '3600', quantitySeconds: '3600', runs: 1 }),
    ]);
  });

  // prettier-ignore
  it.each<[string, number, number, string, number]>([
    // Open since T + 10 s, stopped at T + 100 s.
    ['live, 60 s after the start', T + 70 * SECOND, T + 70 * SECOND, '60', 1],
    ['live, before the start', T, T, '0', 0],
    ['live, after the stop', T + HOUR, T + HOUR, '90', 0],
    ['after the period end: clamped to the end', APRIL.endMs, MARCH.endMs, '90', 0],
    ['before the period start: clamped to the start', FEB.startMs, MARCH.startMs, '0', 0],
  ])('asOf %s counts up to asOf only', (_name, asOfMs, expectedAsOf, seconds, openRuns) => {
    const state = stateWith([started(T + 10 * SECOND), stopped(T + 100 * SECOND)]);
    const report = computeUsageReport(state, MARCH, asOfMs);
    expect(report.asOfMs).toEqual(expectedAsOf);
    expect(report.resources.map((r) => r.seconds)).toEqual(seconds === '0' ? [] : [seconds]);
    expect(report.openRuns).toHaveLength(openRuns);
  });

  it('reports open runs live with their attributes', () => {
    const state = stateWith([
      started(T, { resourceId: 'vol-2', meter: 'storage.volume', quantity: '50' }),
      started(T, { resourceId: 'vm-2', dimensions: { size: 'l' } }),
      started(T, { resourceId: 'vm-1' }),
      stopped(T + SECOND, { resourceId: 'vm-1' }),
    ]);
    expect(computeUsageReport(state, MARCH, T + 2 * SECOND).openRuns).toEqual([
      {
        resourceId: 'vm-2',
        meter: 'compute.vm',
        dimensions: { size: 'l' },
        quantity: '1',
        sinceMs: T,
      },
      { resourceId: 'vol-2', meter: 'storage.volume', dimensions: {}, quantity: '50', sinceMs: T },
    ]);
  });

  it('sorts resources by resource, meter and dimensions, and totals per meter', () => {
    const report = closed(
      stateWith([
        started(T, { resourceId: 'vol-1', meter: 'storage.volume', quantity: '20' }),
        started(T, { resourceId: 'vm-2', dimensions: { size: 'l' } }),
        started(T, { resourceId: 'vm-1', dimensions: { size: 's' }, quantity: '2' }),
        stopped(T + 10 * SECOND, { resourceId: 'vm-1' }),
        stopped(T + 5 * SECOND, { resourceId: 'vm-2' }),
        stopped(T + 3 * SECOND, { resourceId: 'vol-1', meter: 'storage.volume' }),
        recorded(T, '4', { resourceId: 'vm-2', meter: 'compute.vm', dimensions: { size: 'l' } }),
        recorded(T, '2.5'),
      ]),
    );
    expect(report.resources).toEqual([
      usage({ resourceId: 'lb-1', meter: 'network.egress', quantity: '2.5' }),
      usage({
        resourceId: 'vm-1',
        dimensions: { size: 's' },
        seconds: '10',
        quantitySeconds: '20',
        runs: 1,
      }),
      usage({
        resourceId: 'vm-2',
        dimensions: { size: 'l' },
        seconds: '5',
        quantitySeconds: '5',
        quantity: '4',
        runs: 1,
      }),
      usage({
        resourceId: 'vol-1',
        meter: 'storage.volume',
        seconds: '3',
        quantitySeconds: '60',
        runs: 1,
      }),
    ]);
    // compute.vm: 10 + 5 = 15 s, 20 + 5 = 25, quantity 4; storage.volume: 3 s, 20 GB x 3 s = 60.
    expect(report.meters).toEqual([
      { meter: 'compute.vm', seconds: '15', quantitySeconds: '25', quantity: '4' },
      { meter: 'network.egress', seconds: '0', quantitySeconds: '0', quantity: '2.5' },
      { meter: 'storage.volume', seconds: '3', quantitySeconds: '60', quantity: '0' },
    ]);
  });
});

describe('computeUsageReport: recorded usage', () => {
  // prettier-ignore
  it.each<[string, (string | null)[], string]>([
    ['1.5 + 2 + 0.25', ['1.5', '2', '0.25'], '3.75'],
    ['no quantity counts 1 each', [null, null, '0.5'], '2.5'],
    ['0.1 + 0.2 exactly', ['0.1', '0.2'], '0.3'],
    ['trailing zeros dropped', ['1.50', '2.50'], '4'],
    ['big quantities keep every digit', ['123456789012345678901234.000000001', '1'], '123456789012345678901235.000000001'],
    ['tiny quantities keep every digit', ['0.000000000000000001', '1000000000000'], '1000000000000.000000000000000001'],
  ])('sums %s', (_name, quantities, expected) => {
    const report = closed(stateWith(quantities.map((quantity, i) => recorded(T + i, quantity))));
    expect(report.resources).toEqual([usage({ resourceId: 'lb-1', meter: 'network.egress', quantity: expected })]);
    expect(report.meters).toEqual([{ meter: 'network.egress', seconds: '0', quantitySeconds: '0', quantity: expected }]);
  });

  it('sums per resource, meter and dimensions (dimension key order does not matter)', () => {
    const report = closed(
      stateWith([
        recorded(T, '1', { dimensions: { region: 'eu', tier: 'premium' } }),
        recorded(T + 1, '2', { dimensions: { tier: 'premium', region: 'eu' } }),
        recorded(T + 2, '4', { dimensions: { region: 'us', tier: 'premium' } }),
        recorded(T + 3, '8', { resourceId: 'lb-2' }),
        recorded(T + 4, '16', { meter: 'network.ingress' }),
      ]),
    );
    expect(report.resources).toEqual([
      usage({
        resourceId: 'lb-1',
        meter: 'network.egress',
        dimensions: { region: 'eu', tier: 'premium' },
        quantity: '3',
      }),
      usage({
        resourceId: 'lb-1',
        meter: 'network.egress',
        dimensions: { region: 'us', tier: 'premium' },
        quantity: '4',
      }),
      usage({ resourceId: 'lb-1', meter: 'network.ingress', quantity: '16' }),
      usage({ resourceId: 'lb-2', meter: 'network.egress', quantity: '8' }),
    ]);
    expect(report.meters).toEqual([
      { meter: 'network.egress', seconds: '0', quantitySeconds: '0', quantity: '15' },
      { meter: 'network.ingress', seconds: '0', quantitySeconds: '0', quantity: '16' },
    ]);
  });

  it('puts counters in the period of their timestamp; earlier ones are late usage, later ones wait', () => {
    const state = stateWith([
      recorded(T, '1'),
      recorded(FEB.startMs + HOUR, '2'), // late: February
      recorded(FEB.endMs - 1, '0.5'), // late: February, last millisecond
      recorded(FEB.startMs - 1, '7', { resourceId: 'lb-9' }), // late: January
      recorded(MARCH.endMs, '100'), // April: not in March at all
    ]);
    const report = closed(state);
    expect(report.resources).toEqual([
      usage({ resourceId: 'lb-1', meter: 'network.egress', quantity: '1' }),
    ]);
    expect(report.lateUsage).toEqual([
      {
        periodStartMs: Date.UTC(2026, 0, 1),
        resourceId: 'lb-9',
        meter: 'network.egress',
        dimensions: {},
        quantity: '7',
      },
      {
        periodStartMs: FEB.startMs,
        resourceId: 'lb-1',
        meter: 'network.egress',
        dimensions: {},
        quantity: '2.5',
      },
    ]);
    expect(closed(state, APRIL).resources).toEqual([
      usage({ resourceId: 'lb-1', meter: 'network.egress', quantity: '100' }),
    ]);
  });
});

describe('computeUsageReport: anomalies', () => {
  it('counts duplicate starts, stops and updates without a run', () => {
    const report = closed(
      stateWith([
        stopped(T), // stop without run
        updated(T + 1, { quantity: '3' }), // update without run
        started(T + 2),
        started(T + 3), // duplicate
        stopped(T + 4),
        stopped(T + 5, { resourceId: 'vm-2' }), // stop without run
      ]),
    );
    expect(report.anomalies).toEqual({
      duplicateStarts: 1,
      stopsWithoutRun: 2,
      updatesWithoutRun: 1,
      lateLifecycleEvents: 0,
    });
    expect(report.resources).toEqual([
      usage({ seconds: '0.002', quantitySeconds: '0.002', runs: 1 }),
    ]);
  });

  it('clamps lifecycle events older than the horizon to the horizon and counts them', () => {
    // Start an hour before the horizon (March 1st) -> applied at March 1st; stop 10 s after.
    const report = closed(
      stateWith([started(MARCH.startMs - HOUR), stopped(MARCH.startMs + 10 * SECOND)]),
    );
    expect(report.resources).toEqual([usage({ seconds: '10', quantitySeconds: '10', runs: 1 })]);
    expect(report.anomalies.lateLifecycleEvents).toEqual(1);
  });

  it('a late stop clamped to the horizon ends a run open at the horizon there', () => {
    const state = stateWith([started(FEB.startMs + HOUR)], FEB.startMs);
    advanceHorizon(state, MARCH.startMs);
    applyEvent(
      state,
      anEvent({ seq: 2, type: 'resource.stopped', timestampMs: FEB.endMs - HOUR }),
      periodStartOf,
    );
    const report = computeUsageReport(state, MARCH, T);
    expect([report.resources, report.openRuns, report.anomalies.lateLifecycleEvents]).toEqual([
      [],
      [],
      1,
    ]);
  });

  it('does not count late usage.recorded events as late lifecycle events', () => {
    expect(closed(stateWith([recorded(FEB.startMs, '1')])).anomalies.lateLifecycleEvents).toEqual(
      0,
    );
  });
});

describe('advanceHorizon', () => {
  it('keeps open runs, drops finished ones and counters of earlier periods', () => {
    const state = stateWith(
      [
        started(FEB.startMs + HOUR, { resourceId: 'vm-done' }),
        stopped(FEB.startMs + 2 * HOUR, { resourceId: 'vm-done' }),
        started(FEB.startMs + HOUR, {
          resourceId: 'vm-open',
          dimensions: { size: 's' },
          quantity: '2',
        }),
        started(FEB.startMs + HOUR, { resourceId: 'vm-later' }),
        stopped(MARCH.startMs + HOUR, { resourceId: 'vm-later' }),
        stopped(FEB.startMs, { resourceId: 'vm-never' }),
        recorded(FEB.startMs, '1'),
        recorded(MARCH.startMs, '2'),
      ],
      FEB.startMs,
    );
    advanceHorizon(state, MARCH.startMs);
    expect(state).toEqual<MeteringState>({
      horizonMs: MARCH.startMs,
      lateLifecycleEvents: 0,
      timelines: {
        '["vm-open","compute.vm"]': {
          resourceId: 'vm-open',
          meter: 'compute.vm',
          baseMs: MARCH.startMs,
          baseOpen: { dimensions: { size: 's' }, quantity: '2' },
          baseRunStartMs: FEB.startMs + HOUR,
          entries: [],
        },
        '["vm-later","compute.vm"]': {
          resourceId: 'vm-later',
          meter: 'compute.vm',
          baseMs: MARCH.startMs,
          baseOpen: { dimensions: {}, quantity: '1' },
          baseRunStartMs: FEB.startMs + HOUR,
          entries: [
            {
              seq: 5,
              timestampMs: MARCH.startMs + HOUR,
              type: 'resource.stopped',
              dimensions: null,
              quantity: null,
            },
          ],
        },
      },
      counters: {
        [JSON.stringify([MARCH.startMs, 'lb-1', 'network.egress', '[]'])]: {
          periodStartMs: MARCH.startMs,
          resourceId: 'lb-1',
          meter: 'network.egress',
          dimensions: {},
          quantity: '2',
          events: 1,
        },
      },
    });
    // The March report is the same as before the advance.
    expect(closed(state).resources).toEqual([
      usage({ resourceId: 'lb-1', meter: 'network.egress', quantity: '2' }),
      usage({ resourceId: 'vm-later', seconds: '3600', quantitySeconds: '3600' }),
      usage({
        resourceId: 'vm-open',
        dimensions: { size: 's' },
        seconds: '2678400',
        quantitySeconds: '5356800',
      }),
    ]);
  });

  it('resets the late lifecycle count', () => {
    const state = stateWith([started(FEB.startMs)]);
    expect(state.lateLifecycleEvents).toEqual(1);
    advanceHorizon(state, APRIL.startMs);
    expect(state.lateLifecycleEvents).toEqual(0);
  });
});

describe('the grace period', () => {
  it('keeps counters of the period in grace out of lateUsage until that period is finalized', () => {
    // Horizon at February's start: February is closed but still in its grace period.
    const state = stateWith([recorded(FEB.startMs + HOUR, '2')], FEB.startMs);
    expect(computeUsageReport(state, MARCH, T).lateUsage).toEqual([]);
    // Once February is finalized (horizon moved to March) a new February record is late.
    advanceHorizon(state, MARCH.startMs);
    applyEvent(state, anEvent({ seq: 99, ...recorded(FEB.startMs + HOUR, '3') }), periodStartOf);
    expect(computeUsageReport(state, MARCH, T).lateUsage).toEqual([
      {
        periodStartMs: FEB.startMs,
        resourceId: 'lb-1',
        meter: 'network.egress',
        dimensions: {},
        quantity: '3',
      },
    ]);
  });
});
