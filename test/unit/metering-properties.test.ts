import fc from 'fast-check';
import { Decimal } from '../../domain/decimal';
import type { Period } from '../../domain/calendar/types';
import type { Dimensions, EventType, LedgerEvent } from '../../domain/events';
import {
  advanceHorizon,
  applyEvent,
  compactTimeline,
  computeUsageReport,
  createMeteringState,
  replayTimeline,
  type MeteringState,
  type UsageReport,
} from '../../domain/metering';
import { propertyRuns } from '../support/property-runs';

// A small world so that random events collide often: periods of 10 s starting at T0, events
// from 15 s before T0 (some older than the initial horizon, so clamped) to 35 s after.
const T0 = Date.UTC(2026, 2, 1);
const PERIOD_MS = 10_000;
const HORIZON = T0 - 5_000;
const periodStartOf = (instantMs: number): number =>
  T0 + Math.floor((instantMs - T0) / PERIOD_MS) * PERIOD_MS;
const periodAt = (index: number): Period => ({
  startMs: T0 + index * PERIOD_MS,
  endMs: T0 + (index + 1) * PERIOD_MS,
});

const RESOURCES: [string, string][] = [
  ['vm-1', 'compute.vm'],
  ['vm-2', 'compute.vm'],
  ['vol-1', 'storage.volume'],
];
const TYPES: EventType[] = [
  'resource.started',
  'resource.stopped',
  'resource.updated',
  'usage.recorded',
];
const DIMENSIONS: (Dimensions | null)[] = [
  null,
  {},
  { size: 's' },
  { size: 'l' },
  { zone: 'a', size: 'l' },
];
const QUANTITIES: (string | null)[] = [null, '1', '2.5', '100', '0.001'];

type Draft = Omit<LedgerEvent, 'seq' | 'id'>;

const draftArb: fc.Arbitrary<Draft> = fc
  .record({
    type: fc.constantFrom(...TYPES),
    // Few distinct instants, so same-timestamp ties (broken by seq) are common.
    timestampMs: fc
      .integer({ min: -15, max: 35 })
      .map((s) => T0 + s * 1000 + (s % 3 === 0 ? 500 : 0)),
    resource: fc.constantFrom(...RESOURCES),
    dimensions: fc.constantFrom(...DIMENSIONS),
    quantity: fc.constantFrom(...QUANTITIES),
  })
  .map(({ resource: [resourceId, meter], ...rest }) => ({ resourceId, meter, ...rest }));

/** seq = position in the original order, so ties break the same way in any arrival order. */
const numbered = (drafts: Draft[], firstSeq = 1): LedgerEvent[] =>
  drafts.map((draft, index) => ({
    ...draft,
    seq: firstSeq + index,
    id: `evt-${firstSeq + index}`,
  }));

const eventsArb = fc.array(draftArb, { maxLength: 30 }).map((drafts) => numbered(drafts));

function stateFrom(events: LedgerEvent[], horizonMs = HORIZON): MeteringState {
  const state = createMeteringState(horizonMs);
  for (const event of events) applyEvent(state, event, periodStartOf);
  return state;
}

/** A deep copy: the state is plain JSON (it crosses continue-as-new). */
const copy = (state: MeteringState): MeteringState =>
  JSON.parse(JSON.stringify(state)) as MeteringState;

/** Report totals per (resource, meter, dimensions) group: run time, quantity-time and runs. */
function totals(
  reports: UsageReport[],
): Map<string, { seconds: Decimal; quantitySeconds: Decimal; runs: number }> {
  const result = new Map<string, { seconds: Decimal; quantitySeconds: Decimal; runs: number }>();
  for (const report of reports) {
    for (const usage of report.resources) {
      const key = JSON.stringify([
        usage.resourceId,
        usage.meter,
        Object.entries(usage.dimensions).sort(),
      ]);
      const total = result.get(key) ?? {
        seconds: new Decimal(0),
        quantitySeconds: new Decimal(0),
        runs: 0,
      };
      result.set(key, {
        seconds: total.seconds.plus(usage.seconds),
        quantitySeconds: total.quantitySeconds.plus(usage.quantitySeconds),
        runs: total.runs + usage.runs,
      });
    }
  }
  // Groups with nothing in them may appear in one report and not in another.
  return new Map(
    [...result].filter(([, t]) => !t.seconds.isZero() || !t.quantitySeconds.isZero() || t.runs > 0),
  );
}

/** Totals as plain strings for a readable diff. */
const printable = (reports: UsageReport[]) =>
  Object.fromEntries(
    [...totals(reports)].map(([key, t]) => [
      key,
      [t.seconds.toFixed(), t.quantitySeconds.toFixed(), t.runs],
    ]),
  );

describe('metering properties', () => {
  it('(a) arrival order does not change the report', () => {
    fc.assert(
      fc.property(
        eventsArb.chain((events) =>
          fc.tuple(
            fc.constant(events),
            fc.shuffledSubarray(events, { minLength: events.length, maxLength: events.length }),
            fc.integer({ min: -1, max: 3 }),
            fc.integer({ min: 0, max: PERIOD_MS }),
          ),
        ),
        ([events, arrival, periodIndex, asOfOffset]) => {
          const period = periodAt(periodIndex);
          const asOfMs = period.startMs + asOfOffset;
          expect(computeUsageReport(stateFrom(arrival), period, asOfMs)).toEqual(
            computeUsageReport(stateFrom(events), period, asOfMs),
          );
        },
      ),
      propertyRuns(500),
    );
  });

  it('(b) splitting a period at any instant never changes its totals', () => {
    const lifecycle = eventsArb.map((events) =>
      events.filter((event) => event.type !== 'usage.recorded'),
    );
    fc.assert(
      fc.property(
        lifecycle,
        fc.integer({ min: 0, max: 3 }),
        fc.integer({ min: 0, max: PERIOD_MS - 1 }),
        (events, index, at) => {
          const state = stateFrom(events);
          const period = periodAt(index);
          const split = period.startMs + at;
          const whole = computeUsageReport(state, period, period.endMs);
          const first = computeUsageReport(state, { startMs: period.startMs, endMs: split }, split);
          const second = computeUsageReport(
            state,
            { startMs: split, endMs: period.endMs },
            period.endMs,
          );
          expect(printable([first, second])).toEqual(printable([whole]));
          // Per meter too, with seconds compared as decimals.
          for (const meter of whole.meters) {
            const parts = [first, second].map(
              (r) => r.meters.find((m) => m.meter === meter.meter)?.seconds ?? '0',
            );
            expect(new Decimal(parts[0] ?? '0').plus(parts[1] ?? '0').toFixed()).toEqual(
              meter.seconds,
            );
          }
        },
      ),
      propertyRuns(500),
    );
  });

  it('(b) example: a run across the split is not counted twice or lost', () => {
    // vm-1 runs from T0 + 2.5 s to T0 + 7.25 s (4.75 s); split at T0 + 5 s: 2.5 s + 2.25 s.
    const state = stateFrom(
      numbered([
        {
          type: 'resource.started',
          timestampMs: T0 + 2_500,
          resourceId: 'vm-1',
          meter: 'compute.vm',
          dimensions: null,
          quantity: null,
        },
        {
          type: 'resource.stopped',
          timestampMs: T0 + 7_250,
          resourceId: 'vm-1',
          meter: 'compute.vm',
          dimensions: null,
          quantity: null,
        },
      ]),
    );
    const seconds = (startMs: number, endMs: number) =>
      computeUsageReport(state, { startMs, endMs }, endMs).resources.map((r) => r.seconds);
    expect([
      seconds(T0, T0 + 5_000),
      seconds(T0 + 5_000, T0 + 10_000),
      seconds(T0, T0 + 10_000),
    ]).toEqual([['2.5'], ['2.25'], ['4.75']]);
  });

  // What compaction may change in a later period's report: an open run is reported open since
  // the horizon at the latest, and counters of periods before the horizon are released. The
  // workflow only moves the horizon to period starts; for such a horizon the late usage left is
  // exactly that of periods from the horizon on. (Anomalies are counted since the horizon, so
  // they are not compared.)
  function expectSameLaterReport(before: UsageReport, after: UsageReport, horizonMs: number): void {
    expect(after.resources).toEqual(before.resources);
    expect(after.meters).toEqual(before.meters);
    expect(after.asOfMs).toEqual(before.asOfMs);
    // An open run keeps its start instant across compaction.
    expect(after.openRuns).toEqual(before.openRuns);
    if (periodStartOf(horizonMs) === horizonMs) {
      expect(after.lateUsage).toEqual(
        before.lateUsage.filter((late) => late.periodStartMs >= horizonMs),
      );
    }
  }

  const compactionCase = fc
    .tuple(
      eventsArb,
      fc.array(draftArb, { maxLength: 10 }),
      fc.integer({ min: 0, max: 3 }),
      fc.integer({ min: 0, max: PERIOD_MS }),
    )
    .chain(([events, laterDrafts, index, asOfOffset]) => {
      const period = periodAt(index);
      return fc.record({
        events: fc.constant(events),
        laterDrafts: fc.constant(laterDrafts),
        period: fc.constant(period),
        asOfMs: fc.constant(period.startMs + asOfOffset),
        horizonMs: fc.oneof(
          fc.integer({ min: HORIZON, max: period.startMs }),
          fc.integer({ min: 0, max: index }).map((k) => periodAt(k).startMs),
        ),
      });
    });

  it('(c) advanceHorizon to H leaves the report of a period starting at or after H unchanged', () => {
    fc.assert(
      fc.property(compactionCase, ({ events, laterDrafts, period, asOfMs, horizonMs }) => {
        // Events arriving after the compaction, timestamped at or after H (older ones would be
        // clamped to the new horizon: see the usage-report tests).
        const later = numbered(
          laterDrafts.map((draft) => ({
            ...draft,
            timestampMs: Math.max(draft.timestampMs, horizonMs),
          })),
          events.length + 1,
        );
        const full = stateFrom([...events, ...later]);
        const compacted = stateFrom(events);
        advanceHorizon(compacted, horizonMs);
        for (const event of later) applyEvent(compacted, event, periodStartOf);
        const report = computeUsageReport(full, period, asOfMs);
        expectSameLaterReport(report, computeUsageReport(compacted, period, asOfMs), horizonMs);
        const compactedLast = copy(full);
        advanceHorizon(compactedLast, horizonMs);
        expectSameLaterReport(report, computeUsageReport(compactedLast, period, asOfMs), horizonMs);
      }),
      propertyRuns(500),
    );
  });

  it('(c) compactTimeline at H leaves every segment, run start and open run from H on unchanged', () => {
    fc.assert(
      fc.property(compactionCase, ({ events, asOfMs, horizonMs }) => {
        const state = stateFrom(events);
        for (const timeline of Object.values(state.timelines)) {
          const compacted = JSON.parse(JSON.stringify(timeline)) as typeof timeline;
          compactTimeline(compacted, horizonMs);
          const fromHorizon = (replay: ReturnType<typeof replayTimeline>) => ({
            segments: replay.segments
              .filter((segment) => segment.toMs > horizonMs)
              .map((segment) => ({ ...segment, fromMs: Math.max(segment.fromMs, horizonMs) })),
            runStarts: replay.runStarts.filter((start) => start.atMs >= horizonMs),
            open: replay.open,
          });
          expect(fromHorizon(replayTimeline(compacted, asOfMs))).toEqual(
            fromHorizon(replayTimeline(timeline, asOfMs)),
          );
        }
      }),
      propertyRuns(500),
    );
  });
});
