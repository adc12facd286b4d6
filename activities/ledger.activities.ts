import type { LedgerEvent } from '../domain/events';
import { readLedgerRange, type ReadLedgerDeps } from '../services/read-ledger-range';

export type LedgerActivityDeps = ReadLedgerDeps;

export function createLedgerActivities(deps: LedgerActivityDeps) {
  return {
    /** Reads ledger events after a sequence number: fills signal gaps and reconciles a close. */
    async loadLedgerEvents(input: {
      customerId: string;
      afterSequence: number;
      limit: number;
    }): Promise<LedgerEvent[]> {
      return readLedgerRange(deps, input);
    },
  };
}

export type LedgerActivities = ReturnType<typeof createLedgerActivities>;
