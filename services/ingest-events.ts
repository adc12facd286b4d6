import type { Database } from '../db/client';
import { loadCustomers } from '../db/repositories/customers.repository';
import { appendEvents, type AppendResult } from '../db/repositories/ledger.repository';
import type { Customer } from '../domain/customer';
import type { LedgerEvent } from '../domain/events';
import {
  conflictingEvents,
  eventConflict,
  invalidEvents,
  ledgeredEventsByCustomer,
  unknownCustomerIssues,
  type NewEvent,
} from '../domain/ingest';

export interface IngestEventsDeps {
  db: Database;
  /** Hands ledgered events to the customers' billing-cycle workflows (coalesced, at least once). */
  forwarder: { enqueue(customer: Customer, events: LedgerEvent[]): void };
}

/**
 * POST /v1/events: a validated batch is ledgered whole or not at all. Events of unknown
 * customers reject the batch (invalid_events, by index); otherwise the batch is appended in
 * one transaction (a retried event is a duplicate, answered with the ledger's copy) and,
 * after the commit, handed to the forwarder. An id the ledger holds with other content
 * rejects the batch inside that transaction (event_conflict, 409, by index): the same
 * content is an idempotent retry, other content is a client bug that must not pass silently.
 */
export async function ingestEvents(
  deps: IngestEventsDeps,
  events: readonly NewEvent[],
): Promise<AppendResult[]> {
  const customers = await loadCustomers(deps.db, [...new Set(events.map((e) => e.customerId))]);
  const unknown = unknownCustomerIssues(events, customers);
  if (unknown.length > 0) throw invalidEvents(unknown);
  const results = await appendEvents(deps.db, [...events], (appended) => {
    const conflicts = conflictingEvents(events, appended);
    if (conflicts.length > 0) throw eventConflict(conflicts);
  });
  for (const { customerId, events: ledgered } of ledgeredEventsByCustomer(results)) {
    deps.forwarder.enqueue(customers.get(customerId) as Customer, ledgered);
  }
  return results;
}
