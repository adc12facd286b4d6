import type { Database } from '../db/client';
import { loadEventsAfter } from '../db/repositories/ledger.repository';
import type { LedgerEvent } from '../domain/events';

export interface ReadLedgerDeps {
  db: Database;
}

/**
 * A customer's ledger events after a sequence number, in sequence order, at most `limit`:
 * the billing cycle fills signal gaps and reconciles a period close with them.
 */
export async function readLedgerRange(
  deps: ReadLedgerDeps,
  input: { customerId: string; afterSequence: number; limit: number },
): Promise<LedgerEvent[]> {
  return loadEventsAfter(deps.db, input.customerId, input.afterSequence, input.limit);
}
