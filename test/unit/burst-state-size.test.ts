import type { LedgerEvent } from '../../domain/events';
import {
  advanceHorizon,
  applyEvent,
  COUNTER_INTERVAL_MS,
  createMeteringState,
} from '../../domain/metering';
import { anEvent } from '../fixtures/builders';

// The percentile's interval table is the only per-interval state of the workflow: bounded by
// the intervals of a period (8,640 in a 30-day month), not by the number of counters sent.
// Figures measured here are reported in docs/billing-rules.md ("95th percentile").

const NOV_START = Date.UTC(2026, 10, 1);
const DEC_START = Date.UTC(2026, 11, 1);
const periodStartOf = (ms: number): number => (ms < DEC_START ? NOV_START : DEC_START);

/** One port sending a counter every minute for the whole month: 43,200 events. */
function month(burstMeters: string[] | undefined) {
  const state = createMeteringState(NOV_START, burstMeters);
  let seq = 0;
  for (let atMs = NOV_START; atMs < DEC_START; atMs += 60_000) {
    const event: LedgerEvent = anEvent({
      seq: (seq += 1),
      type: 'usage.recorded',
      timestampMs: atMs,
      resourceId: 'port-1',
      meter: 'network.transit',
      // About 900 Mbps for a minute, in bytes: an 11-digit quantity per interval.
      quantity: String(6_750_000_000 + (seq % 997)),
    });
    applyEvent(state, event, periodStartOf);
  }
  return state;
}

test('a month of one port: 8,640 intervals, about 200 KB of state, released at the close', () => {
  const withTable = month(['network.transit']);
  const [counter] = Object.values(withTable.counters);
  expect(Object.keys(counter?.intervals ?? {})).toHaveLength(8_640);
  expect((DEC_START - NOV_START) / COUNTER_INTERVAL_MS).toEqual(8_640);
  const bytes = JSON.stringify(withTable).length;
  const without = JSON.stringify(month(undefined)).length;
  // Printed for the docs: the table's size per series and month.
  process.stdout.write(`percentile state: ${bytes} bytes with the table, ${without} without\n`);
  expect(bytes).toBeGreaterThan(150_000);
  expect(bytes).toBeLessThan(250_000);
  expect(without).toBeLessThan(500);
  // The close releases the period's counters, table included.
  advanceHorizon(withTable, DEC_START);
  expect(withTable.counters).toEqual({});
});
