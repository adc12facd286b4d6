import type { LedgerEvent } from '../events';

/**
 * Applies ledger events exactly once and in sequence order, whatever the delivery: a
 * sequence number at or below `lastSequence` is a duplicate delivery and is dropped; one
 * beyond the next expected is held until the gap before it is filled.
 */
export interface SequencerState {
  lastSequence: number;
  pending: LedgerEvent[];
}

export function admitEvents(
  state: SequencerState,
  events: LedgerEvent[],
  apply: (event: LedgerEvent) => void,
): void {
  const held = new Map<number, LedgerEvent>();
  for (const event of [...state.pending, ...events]) {
    if (event.seq > state.lastSequence) held.set(event.seq, event);
  }
  for (let next = held.get(state.lastSequence + 1); next; next = held.get(state.lastSequence + 1)) {
    apply(next);
    held.delete(next.seq);
    state.lastSequence = next.seq;
  }
  state.pending = [...held.values()].sort((a, b) => a.seq - b.seq);
}

/** True when events are held behind a missing sequence number. */
export function hasGap(state: SequencerState): boolean {
  return state.pending.length > 0;
}
