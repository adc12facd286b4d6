import type { Database } from '../db/client';
import { loadCustomers } from '../db/repositories/customers.repository';
import { appendEvents, type AppendResult } from '../db/repositories/ledger.repository';
import type { Customer } from '../domain/customer';
import type { LedgerEvent } from '../domain/events';
import {
  conflictingEvents,
  eventConflict,
  invalidEvents,
  foldProjects,
  ledgeredEventsByCustomer,
  projectKey,
  unknownCustomerIssues,
  unknownProjectIssues,
  type NewEvent,
} from '../domain/ingest';
import { usageNoticesOf, type UsageNotice } from './portal-usage-stream';
import { loadExistingProjectPairs } from '../db/repositories/projects.repository';

export interface IngestEventsDeps {
  db: Database;
  /** Hands ledgered events to the customers' billing-cycle workflows (coalesced, at least once). */
  forwarder: { enqueue(customer: Customer, events: LedgerEvent[]): void };
  /** Tells open portals, after the commit, which customers have new events (best effort). */
  usageFeed?: { publish(notices: readonly UsageNotice[]): void };
  now?: () => number;
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
  const unknownProjects = unknownProjectIssues(events, await knownProjects(deps.db, events));
  if (unknownProjects.length > 0) throw invalidEvents(unknownProjects);
  // The ledger holds the project as a dimension: duplicates compare with what is stored.
  const folded = foldProjects(events);
  const results = await appendEvents(deps.db, folded, (appended) => {
    const conflicts = conflictingEvents(folded, appended);
    if (conflicts.length > 0) throw eventConflict(conflicts);
  });
  for (const { customerId, events: ledgered } of ledgeredEventsByCustomer(results)) {
    deps.forwarder.enqueue(customers.get(customerId) as Customer, ledgered);
  }
  deps.usageFeed?.publish(usageNoticesOf(results, (deps.now ?? Date.now)()));
  return results;
}

/** The (customer, project) pairs the batch names that exist, as projectKey()s. */
async function knownProjects(db: Database, events: readonly NewEvent[]): Promise<Set<string>> {
  const named = new Map<string, { customerId: string; projectId: string }>();
  for (const { customerId, projectId } of events) {
    if (projectId != null) named.set(projectKey(customerId, projectId), { customerId, projectId });
  }
  if (named.size === 0) return new Set();
  const existing = await loadExistingProjectPairs(db, [...named.values()]);
  return new Set(existing.map((pair) => projectKey(pair.customerId, pair.projectId)));
}
