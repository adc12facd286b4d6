import type { Database } from '../db/client';
import { loadEventsAfter } from '../db/repositories/ledger.repository';
import type { LedgerEvent } from '../domain/events';

export interface LedgerActivityDeps {
  db: Database;
}

export function createLedgerActivities({ db }: LedgerActivityDeps) {
  return {
    /** Reads ledger events after a sequence number: fills signal gaps and reconciles a close. */
    async loadLedgerEvents(input: {
      customerId: string;
      afterSequence: number;
      limit: number;
    }): Promise<LedgerEvent[]> {
      return loadEventsAfter(db, input.customerId, input.afterSequence, input.limit);
    },
  };
}

export type LedgerActivities = ReturnType<typeof createLedgerActivities>;
