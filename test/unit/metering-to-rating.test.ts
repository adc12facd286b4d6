import { Decimal } from '../../domain/decimal';
import type { LedgerEvent } from '../../domain/events';
import {
  applyEvent,
  computeUsageReport,
  createMeteringState,
  type ResourceUsage,
} from '../../domain/metering';
import { ratePeriod, type Price, type UsageGroup } from '../../domain/rating';
import type { Period } from '../../domain/calendar/types';
import { anEvent } from '../fixtures/builders';

const S = 1000;
const MARCH: Period = { startMs: Date.UTC(2026, 2, 1), endMs: Date.UTC(2026, 3, 1) };
const APRIL: Period = { startMs: Date.UTC(2026, 3, 1), endMs: Date.UTC(2026, 4, 1) };
const periodStartOf = (ms: number): number => (ms < APRIL.startMs ? MARCH.startMs : APRIL.startMs);

type Fields = Partial<LedgerEvent> & Pick<LedgerEvent, 'type' | 'timestampMs'>;
function report(events: Fields[], period: Period) {
  const state = createMeteringState(MARCH.startMs);
  events.forEach((fields, i) =>
    applyEvent(state, anEvent({ seq: i + 1, ...fields }), periodStartOf),
  );
  return computeUsageReport(state, period, period.endMs, { includeRuns: true });
}

const toUsage = (r: ResourceUsage): UsageGroup => ({ ...r, runs: r.runShares ?? [] });

const END = MARCH.endMs;
const events: Fields[] = [
  // A 7 s container, a 30 s job, and a VM running 50 s before the boundary and 30 s after.
  { type: 'resource.started', timestampMs: END - 600 * S, resourceId: 'ctr-7' },
  { type: 'resource.stopped', timestampMs: END - 593 * S, resourceId: 'ctr-7' },
  { type: 'resource.started', timestampMs: END - 500 * S, resourceId: 'job-30' },
  { type: 'resource.stopped', timestampMs: END - 470 * S, resourceId: 'job-30' },
  { type: 'resource.started', timestampMs: END - 50 * S, resourceId: 'vm-80' },
  { type: 'resource.stopped', timestampMs: END + 30 * S, resourceId: 'vm-80' },
  // A zero-length run: started and stopped in the same millisecond.
  { type: 'resource.started', timestampMs: END - 10 * S, resourceId: 'blip' },
  { type: 'resource.stopped', timestampMs: END - 10 * S, resourceId: 'blip' },
];

test('run shares per period: the part before the boundary, then the rest with its prior time', () => {
  const share = (r: ReturnType<typeof report>, id: string) =>
    r.resources.find((x) => x.resourceId === id)?.runShares;
  const march = report(events, MARCH);
  const april = report(events, APRIL);
  expect(share(march, 'ctr-7')).toEqual([{ durationMs: 7 * S, quantity: '1' }]);
  expect(share(march, 'vm-80')).toEqual([{ durationMs: 50 * S, quantity: '1' }]);
  expect(share(april, 'vm-80')).toEqual([{ durationMs: 30 * S, quantity: '1', priorMs: 50 * S }]);
  expect(march.resources.find((x) => x.resourceId === 'blip')).toEqual({
    resourceId: 'blip',
    meter: 'compute.vm',
    dimensions: {},
    seconds: '0',
    quantitySeconds: '0',
    quantity: '0',
    runs: 1,
    runShares: [{ durationMs: 0, quantity: '1' }],
  });
  // Live reports leave the shares out.
  expect(computeUsageReport(createMeteringState(0), MARCH, END).resources).toEqual([]);
});

test('a 60 s minimum per run: the period a run starts in pays it, the split never changes the total', () => {
  const price: Price = {
    id: 'vm-per-second',
    meter: 'compute.vm',
    dimensionsFilter: {},
    groupBy: [],
    model: { type: 'run_time', unit: 'second', unitPrice: '0.001', minimumSeconds: 60 },
  };
  const rate = (period: Period) =>
    ratePeriod({
      currency: 'EUR',
      prices: [price],
      usage: report(events, period).resources.map(toUsage),
    });
  // March: 7 s -> 60, 30 s -> 60, 50 s of the VM -> 60 (its minimum), blip 0 s -> 60: 240 s x 0.001 = 0.24.
  // April: the VM's whole run is 80 s, 60 already billed: 20 s x 0.001 = 0.02.
  const march = rate(MARCH);
  const april = rate(APRIL);
  expect(march.lines.map((l) => [l.quantity, l.amount])).toEqual([['240', '0.24']]);
  expect(april.lines.map((l) => [l.quantity, l.amount])).toEqual([['20', '0.02']]);
  // Unsplit: 60 + 60 + 80 + 60 = 260 s = 0.26 = 0.24 + 0.02.
  expect(new Decimal(march.lines[0]!.amount).plus(april.lines[0]!.amount).toFixed(2)).toEqual(
    '0.26',
  );
});
