import { and, asc, count, eq, gt, inArray, sql } from 'drizzle-orm';
import type { LedgerEvent } from '../../domain/events';
import type { Database } from '../client';
import { customers, usageEvents } from '../schema';

/** A validated event not yet in the ledger. */
export type NewEvent = Omit<LedgerEvent, 'seq'> & { customerId: string };

export interface AppendResult {
  customerId: string;
  status: 'accepted' | 'duplicate';
  /** The ledger's copy: for a duplicate, the event as first stored. */
  event: LedgerEvent;
}

type EventRow = typeof usageEvents.$inferSelect;

function toLedgerEvent(row: EventRow): LedgerEvent {
  return {
    seq: row.sequence,
    id: row.eventId,
    type: row.type,
    timestampMs: row.occurredAt.getTime(),
    resourceId: row.resourceId,
    meter: row.meter,
    dimensions: row.dimensions ?? null,
    quantity: row.quantity ?? null,
  };
}

const pairKey = (customerId: string, eventId: string): string =>
  JSON.stringify([customerId, eventId]);
const INSERT_CHUNK = 1000;

/**
 * Appends a batch to the ledger in one transaction: events already present (same customer
 * and event id, in an earlier request or earlier in this batch) are duplicates, the others
 * get dense per-customer sequence numbers. The customers' rows are locked in id order, so
 * concurrent batches of one customer serialize and numbers never skip or repeat.
 */
export async function appendEvents(db: Database, events: NewEvent[]): Promise<AppendResult[]> {
  return db.transaction(async (tx) => {
    const customerIds = [...new Set(events.map((e) => e.customerId))].sort();
    const locked = await tx
      .select({ id: customers.id, lastSequence: customers.lastSequence })
      .from(customers)
      .where(inArray(customers.id, customerIds))
      .orderBy(asc(customers.id))
      .for('update');
    const nextSequence = new Map(locked.map((row) => [row.id, row.lastSequence]));

    const existingRows = await tx
      .select()
      .from(usageEvents)
      .where(
        and(
          inArray(usageEvents.customerId, customerIds),
          inArray(usageEvents.eventId, [...new Set(events.map((e) => e.id))]),
        ),
      );
    const known = new Map(
      existingRows.map((row) => [pairKey(row.customerId, row.eventId), toLedgerEvent(row)]),
    );

    const results: AppendResult[] = [];
    const inserts: (typeof usageEvents.$inferInsert)[] = [];
    for (const event of events) {
      const key = pairKey(event.customerId, event.id);
      const existing = known.get(key);
      if (existing) {
        results.push({ customerId: event.customerId, status: 'duplicate', event: existing });
        continue;
      }
      const seq = (nextSequence.get(event.customerId) ?? 0) + 1;
      nextSequence.set(event.customerId, seq);
      const { customerId, ...fields } = event;
      const stored: LedgerEvent = { ...fields, seq };
      known.set(key, stored);
      results.push({ customerId, status: 'accepted', event: stored });
      inserts.push({
        customerId,
        sequence: seq,
        eventId: event.id,
        type: event.type,
        occurredAt: new Date(event.timestampMs),
        resourceId: event.resourceId,
        meter: event.meter,
        dimensions: event.dimensions,
        quantity: event.quantity,
      });
    }
    for (let i = 0; i < inserts.length; i += INSERT_CHUNK) {
      await tx.insert(usageEvents).values(inserts.slice(i, i + INSERT_CHUNK));
    }
    const advanced = locked.filter((row) => nextSequence.get(row.id) !== row.lastSequence);
    if (advanced.length > 0) {
      const values = sql.join(
        advanced.map((row) => sql`(${row.id}, ${nextSequence.get(row.id)}::bigint)`),
        sql`, `,
      );
      await tx.execute(
        sql`update customers set last_sequence = v.seq from (values ${values}) as v(id, seq) where customers.id = v.id`,
      );
    }
    return results;
  });
}

/** Ledger events of a customer after a sequence number, in sequence order. */
export async function loadEventsAfter(
  db: Database,
  customerId: string,
  afterSequence: number,
  limit: number,
): Promise<LedgerEvent[]> {
  const rows = await db
    .select()
    .from(usageEvents)
    .where(and(eq(usageEvents.customerId, customerId), gt(usageEvents.sequence, afterSequence)))
    .orderBy(asc(usageEvents.sequence))
    .limit(limit);
  return rows.map(toLedgerEvent);
}

export async function countLedgerEvents(db: Database, customerId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(usageEvents)
    .where(eq(usageEvents.customerId, customerId));
  return row?.n ?? 0;
}
