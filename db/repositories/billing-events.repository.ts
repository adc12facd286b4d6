import { and, asc, eq, isNull, lt } from 'drizzle-orm';
import type { Database, Transaction } from '../client';
import { billingEvents } from '../schema';
import type { BillingEventType } from '../../domain/billing-events';

export interface BillingEvent {
  /** Derived from what happened, so a retried change reports it once: evt_invoice.paid_<id>. */
  id: string;
  type: BillingEventType;
  customerId: string;
  subjectId: string;
  payload: Record<string, unknown>;
  occurredAtMs: number;
}

export function billingEventId(type: BillingEventType, subjectId: string): string {
  return `evt_${type}_${subjectId}`;
}

/** Adds an event to the outbox inside the caller's transaction; once per id. */
export async function recordBillingEvent(
  tx: Transaction | Database,
  event: Omit<BillingEvent, 'id'> & { id?: string },
): Promise<string> {
  const id = event.id ?? billingEventId(event.type, event.subjectId);
  await tx
    .insert(billingEvents)
    .values({
      id,
      type: event.type,
      customerId: event.customerId,
      subjectId: event.subjectId,
      payload: event.payload,
      occurredAt: new Date(event.occurredAtMs),
    })
    .onConflictDoNothing();
  return id;
}

/** Adds a change's events to the outbox, in order, inside the caller's transaction. */
export async function recordBillingEvents(
  tx: Transaction | Database,
  events: readonly Omit<BillingEvent, 'id'>[],
): Promise<void> {
  for (const event of events) await recordBillingEvent(tx, event);
}

type EventRow = typeof billingEvents.$inferSelect;

function toEvent(row: EventRow): BillingEvent {
  return {
    id: row.id,
    type: row.type as BillingEventType,
    customerId: row.customerId,
    subjectId: row.subjectId,
    payload: row.payload,
    occurredAtMs: row.occurredAt.getTime(),
  };
}

export async function loadBillingEvent(db: Database, id: string): Promise<BillingEvent | null> {
  const [row] = await db.select().from(billingEvents).where(eq(billingEvents.id, id));
  return row ? toEvent(row) : null;
}

/** Events not handed to their delivery workflow yet, oldest first. */
export async function loadUndispatchedEvents(
  db: Database,
  filter: { customerId?: string; olderThanMs?: number; limit: number },
): Promise<BillingEvent[]> {
  const rows = await db
    .select()
    .from(billingEvents)
    .where(
      and(
        isNull(billingEvents.dispatchedAt),
        filter.customerId === undefined
          ? undefined
          : eq(billingEvents.customerId, filter.customerId),
        filter.olderThanMs === undefined
          ? undefined
          : lt(billingEvents.occurredAt, new Date(filter.olderThanMs)),
      ),
    )
    .orderBy(asc(billingEvents.occurredAt), asc(billingEvents.id))
    .limit(filter.limit);
  return rows.map(toEvent);
}

export async function markEventDispatched(db: Database, id: string, atMs: number): Promise<void> {
  await db
    .update(billingEvents)
    .set({ dispatchedAt: new Date(atMs) })
    .where(and(eq(billingEvents.id, id), isNull(billingEvents.dispatchedAt)));
}

/** A customer's events by id, for operators and tests. */
export async function loadCustomerBillingEvents(
  db: Database,
  customerId: string,
): Promise<BillingEvent[]> {
  const rows = await db
    .select()
    .from(billingEvents)
    .where(eq(billingEvents.customerId, customerId))
    .orderBy(asc(billingEvents.id));
  return rows.map(toEvent);
}
