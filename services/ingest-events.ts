import type { Database } from '../db/client';
import { loadCustomers } from '../db/repositories/customers.repository';
import {
  appendEvents,
  appendNewEvents,
  type AppendResult,
  type NewEventsAppended,
} from '../db/repositories/ledger.repository';
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
  // The common batch (new events of existing customers, no project) is one statement that
  // also returns the customers; anything else (a duplicate, an unknown customer or project)
  // writes nothing there and is checked and appended below.
  const tryNew = !events.some((e) => e.projectId != null);
  const fast = tryNew ? await ledgerQueueOf(deps.db).append(foldProjects(events)) : null;
  const { results, customers } = fast ?? (await checkedAppend(deps.db, events, tryNew));
  for (const { customerId, events: ledgered } of ledgeredEventsByCustomer(results)) {
    deps.forwarder.enqueue(customers.get(customerId) as Customer, ledgered);
  }
  deps.usageFeed?.publish(usageNoticesOf(results, (deps.now ?? Date.now)()));
  return results;
}

/**
 * The general path: unknown customers or projects reject the batch; duplicates are compared
 * with the ledger's copies inside the append's transaction. `triedNew`: appendNewEvents has
 * just failed for this batch, so the append goes to its general path at once.
 */
async function checkedAppend(
  db: Database,
  events: readonly NewEvent[],
  triedNew: boolean,
): Promise<{ results: AppendResult[]; customers: Map<string, Customer> }> {
  const customers = await loadCustomers(db, [...new Set(events.map((e) => e.customerId))]);
  const unknown = unknownCustomerIssues(events, customers);
  if (unknown.length > 0) throw invalidEvents(unknown);
  const unknownProjects = unknownProjectIssues(events, await knownProjects(db, events));
  if (unknownProjects.length > 0) throw invalidEvents(unknownProjects);
  // The ledger holds the project as a dimension: duplicates compare with what is stored.
  const folded = foldProjects(events);
  const results = await appendEvents(
    db,
    folded,
    (appended) => {
      const conflicts = conflictingEvents(folded, appended);
      if (conflicts.length > 0) throw eventConflict(conflicts);
    },
    { tryNewFirst: !triedNew },
  );
  return { results, customers };
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

/** Events one combined append carries at most (eight batches of 500). */
const MAX_GROUP_EVENTS = 4_000;
/** Combined appends in flight per database: the next waits on the current one's locks. */
const MAX_GROUPS_IN_FLIGHT = 2;

interface Waiting {
  events: NewEvent[];
  resolve(appended: NewEventsAppended | null): void;
  reject(error: unknown): void;
}

/**
 * Group commit for appendNewEvents. Batches that arrive while earlier ones are being written
 * wait, and go into the ledger together: one statement (one lock of each customer, one
 * counter update, one commit) for all of them, in arrival order, each batch's numbers still
 * dense and in its own order. Concurrent batches of the same customers would serialize on
 * the customers' rows anyway; together they pay for the locks and the commit once. A batch
 * arriving at an idle queue goes at once (no waiting for company), so a lone batch's latency
 * is unchanged.
 *
 * A batch stays atomic: if the combined statement fails (one of them repeats an event, names
 * an unknown customer, or breaks anything else), nothing of it was written, and each batch is
 * appended again on its own, answering for itself.
 */
class LedgerQueue {
  private readonly waiting: Waiting[] = [];
  private inFlight = 0;

  constructor(private readonly db: Database) {}

  append(events: NewEvent[]): Promise<NewEventsAppended | null> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ events, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.inFlight < MAX_GROUPS_IN_FLIGHT && this.waiting.length > 0) {
      const group = [this.waiting.shift() as Waiting];
      let size = group[0]?.events.length ?? 0;
      for (let next = this.waiting[0]; next; next = this.waiting[0]) {
        if (size + next.events.length > MAX_GROUP_EVENTS) break;
        group.push(this.waiting.shift() as Waiting);
        size += next.events.length;
      }
      this.inFlight += 1;
      void this.write(group).finally(() => {
        this.inFlight -= 1;
        this.pump();
      });
    }
  }

  private async write(group: Waiting[]): Promise<void> {
    if (group.length > 1) {
      let combined: NewEventsAppended | null = null;
      try {
        combined = await appendNewEvents(
          this.db,
          group.flatMap((waiting) => waiting.events),
        );
      } catch {
        // Nothing was written: each batch below answers for itself.
      }
      if (combined !== null) {
        let offset = 0;
        for (const waiting of group) {
          const results = combined.results.slice(offset, offset + waiting.events.length);
          offset += waiting.events.length;
          waiting.resolve({ results, customers: combined.customers });
        }
        return;
      }
    }
    for (const waiting of group) {
      try {
        waiting.resolve(await appendNewEvents(this.db, waiting.events));
      } catch (error) {
        waiting.reject(error);
      }
    }
  }
}

const ledgerQueues = new WeakMap<Database, LedgerQueue>();

function ledgerQueueOf(db: Database): LedgerQueue {
  let queue = ledgerQueues.get(db);
  if (!queue) {
    queue = new LedgerQueue(db);
    ledgerQueues.set(db, queue);
  }
  return queue;
}
