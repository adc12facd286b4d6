import { admitEvents, hasGap, type SequencerState } from '../../domain/metering';
import type { LedgerEvent } from '../../domain/events';
import { anEvent } from '../fixtures/builders';

const T = Date.UTC(2026, 2, 1);

const event = (seq: number): LedgerEvent =>
  anEvent({ seq, id: `evt-${seq}`, type: 'usage.recorded', timestampMs: T + seq });

/** Admits each batch in turn; returns the seqs applied and the final state. */
function admitAll(batches: number[][], state: SequencerState = { lastSequence: 0, pending: [] }) {
  const applied: number[] = [];
  for (const batch of batches)
    admitEvents(
      state,
      batch.map((seq) => event(seq)),
      (e) => applied.push(e.seq),
    );
  return {
    applied,
    lastSequence: state.lastSequence,
    pending: state.pending.map((e) => e.seq),
    gap: hasGap(state),
  };
}

describe('admitEvents', () => {
  // prettier-ignore
  it.each<[string, number[][], number[], number, number[]]>([
    ['in order, one batch', [[1, 2, 3]], [1, 2, 3], 3, []],
    ['in order, several batches', [[1], [2, 3], [4]], [1, 2, 3, 4], 4, []],
    ['out of order within a batch', [[3, 1, 2]], [1, 2, 3], 3, []],
    ['duplicates within a batch', [[1, 1, 2, 2]], [1, 2], 2, []],
    ['a batch redelivered', [[1, 2], [2, 1], [1, 2, 3]], [1, 2, 3], 3, []],
    ['an empty batch', [[]], [], 0, []],
    ['seq 0 (never ledgered) is never applied', [[0, 1]], [1], 1, []],
    ['a gap holds later events', [[1, 3, 4]], [1], 1, [3, 4]],
    ['held events are kept sorted', [[5, 3], [1]], [1], 1, [3, 5]],
    ['filling the gap releases the held events', [[1, 3, 4], [2]], [1, 2, 3, 4], 4, []],
    ['a partial fill releases up to the next gap', [[1, 3, 6], [2]], [1, 2, 3], 3, [6]],
    ['a held event redelivered is held once', [[2], [2], [2]], [], 0, [2]],
    // The ledger read (2..4) overlaps the held 3: applied once, nothing left held.
    ['a fill from the ledger overlapping the held events', [[1, 3], [2, 3, 4]], [1, 2, 3, 4], 4, []],
    ['a redelivery after the fill is dropped', [[1, 3], [2], [3, 2, 1]], [1, 2, 3], 3, []],
  ])('%s', (_name, batches, applied, lastSequence, pending) => {
    expect(admitAll(batches)).toEqual({ applied, lastSequence, pending, gap: pending.length > 0 });
  });

  it('drops held events at or below the last sequence (stale after a fill), without applying them', () => {
    // Carried state: sequence 5 already applied (e.g. by a ledger read), yet 3 and 5 still held.
    const state: SequencerState = { lastSequence: 5, pending: [event(3), event(5), event(7)] };
    expect(admitAll([[]], state)).toEqual({
      applied: [],
      lastSequence: 5,
      pending: [7],
      gap: true,
    });
    expect(admitAll([[6]], state)).toEqual({
      applied: [6, 7],
      lastSequence: 7,
      pending: [],
      gap: false,
    });
  });

  it('advances lastSequence only past events whose apply returned', () => {
    const state: SequencerState = { lastSequence: 0, pending: [] };
    const fail = (e: LedgerEvent): void => {
      if (e.seq === 2) throw new Error('apply failed');
    };
    expect(() => admitEvents(state, [event(1), event(2)], fail)).toThrow('apply failed');
    expect(state.lastSequence).toEqual(1);
  });
});

describe('hasGap', () => {
  it.each<[string, SequencerState, boolean]>([
    ['fresh', { lastSequence: 0, pending: [] }, false],
    ['caught up', { lastSequence: 4, pending: [] }, false],
    ['6 held behind 5', { lastSequence: 4, pending: [event(6)] }, true],
  ])('%s', (_name, state, gap) => {
    expect(hasGap(state)).toEqual(gap);
  });
});
