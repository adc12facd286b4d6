import type { EventDispatcher } from '../adapters/temporal/event-dispatcher';
import type { Database } from '../db/client';
import {
  loadUndispatchedEvents,
  markEventDispatched,
} from '../db/repositories/billing-events.repository';

/**
 * Dispatches the outbox: every event not yet handed over (of one customer, or older than an
 * instant), then marks it dispatched. Crash-safe in any order: dispatching twice is a no-op
 * and an event left unmarked is dispatched again by the next pass.
 */
export async function dispatchPendingEvents(
  db: Database,
  dispatcher: EventDispatcher,
  filter: { customerId?: string; olderThanMs?: number; limit?: number },
  nowMs: number,
): Promise<number> {
  const events = await loadUndispatchedEvents(db, { ...filter, limit: filter.limit ?? 500 });
  for (const event of events) {
    await dispatcher.dispatch(event.id);
    await markEventDispatched(db, event.id, nowMs);
  }
  return events.length;
}
