import { and, asc, count, eq, gt, inArray, sql } from 'drizzle-orm';
import type { LedgerEvent } from '../../domain/events';
import type { NewEvent } from '../../domain/ingest';
import type { Database } from '../client';
import { customers, usageEvents, usageSummaries } from '../schema';

export type { NewEvent };

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
 * Called inside the append's transaction with the answer for each event (in batch order),
 * before anything is written: throwing rolls the whole batch back. The caller's decision
 * about duplicates (same content?) runs here, so a rejected batch keeps nothing.
 */
export type AppendCheck = (results: readonly AppendResult[]) => void;

/**
 * Appends a batch to the ledger in one transaction: events already present (same customer
 * and event id, in an earlier request or earlier in this batch) are duplicates, answered
 * with the ledger's copy; the others get dense per-customer sequence numbers. `check` sees
 * the answers before the commit and may reject the batch by throwing.
 *
 * Duplicates are rare, so the batch first takes the fast path (two statements); if the
 * ledger turns out to hold one of its events, that transaction is rolled back whole and the
 * batch is appended by the general path (three statements), so a duplicate never consumes
 * a number.
 */
export async function appendEvents(
  db: Database,
  events: NewEvent[],
  check: AppendCheck = () => {},
): Promise<AppendResult[]> {
  const distinct = new Set(events.map((e) => pairKey(e.customerId, e.id)));
  if (distinct.size === events.length) {
    try {
      return await appendAssumingNew(db, events, check);
    } catch (error) {
      if (!(error instanceof DuplicateInBatch)) throw error;
    }
  }
  return appendWithDuplicates(db, events, check);
}

class DuplicateInBatch extends Error {}

/** postgres.js returns the rows as the result; PGlite wraps them in `{ rows }`. */
function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

/**
 * The fast path: one statement locks the customers (in id order, so concurrent batches
 * cannot deadlock) and advances their counters, one inserts every event from arrays.
 */
async function appendAssumingNew(
  db: Database,
  events: NewEvent[],
  check: AppendCheck,
): Promise<AppendResult[]> {
  const counts = new Map<string, number>();
  for (const event of events) counts.set(event.customerId, (counts.get(event.customerId) ?? 0) + 1);
  const ids = [...counts.keys()].sort();
  return db.transaction(async (tx) => {
    const advanced = rowsOf<{ id: string; last: string | number }>(
      await tx.execute(sql`
      update customers c set last_sequence = c.last_sequence + v.n
      from (select unnest(${sql.param(ids)}::text[]) as id, unnest(${sql.param(ids.map((id) => counts.get(id)))}::int[]) as n) v
      where c.id = v.id
        and c.id in (select id from customers where id = any(${sql.param(ids)}::text[]) order by id for update)
      returning c.id as id, c.last_sequence as last`),
    );
    const next = new Map(
      advanced.map((row) => [row.id, Number(row.last) - (counts.get(row.id) ?? 0)]),
    );
    const stored = events.map((event) => {
      const seq = (next.get(event.customerId) ?? 0) + 1;
      next.set(event.customerId, seq);
      const { customerId, ...fields } = event;
      return { customerId, status: 'accepted' as const, event: { ...fields, seq } };
    });
    check(stored);
    const column = <T>(pick: (r: AppendResult) => T) => sql.param(stored.map(pick));
    const inserted = rowsOf(
      await tx.execute(sql`
      insert into usage_events (customer_id, sequence, event_id, type, occurred_at, resource_id, meter, dimensions, quantity)
      select c, s, e, t, timestamptz 'epoch' + ms * interval '1 millisecond', r, m, d::jsonb, q::numeric
      from unnest(
        ${column((r) => r.customerId)}::text[], ${column((r) => r.event.seq)}::bigint[],
        ${column((r) => r.event.id)}::text[], ${column((r) => r.event.type)}::text[],
        ${column((r) => r.event.timestampMs)}::bigint[], ${column((r) => r.event.resourceId)}::text[],
        ${column((r) => r.event.meter)}::text[],
        ${column((r) => (r.event.dimensions === null ? null : JSON.stringify(r.event.dimensions)))}::text[],
        ${column((r) => r.event.quantity)}::text[]
      ) as x(c, s, e, t, ms, r, m, d, q)
      on conflict (customer_id, event_id) do nothing
      returning 1 as one`),
    );
    if (inserted.length !== stored.length) throw new DuplicateInBatch();
    return stored;
  });
}

/**
 * The general path: looks up which events the ledger already holds before numbering the rest.
 * The customers' rows are locked in id order first, so concurrent batches of one customer
 * serialize and numbers never skip or repeat.
 */
async function appendWithDuplicates(
  db: Database,
  events: NewEvent[],
  check: AppendCheck,
): Promise<AppendResult[]> {
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
    check(results);
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

/**
 * What replaying a customer's usage before `untilMs` reads (services/usage-analytics.ts):
 * every lifecycle event stamped before it (runs open at the range start began earlier) and
 * the counters stamped in [countersFromMs, untilMs), in sequence order. Served by the
 * primary key (customer, sequence).
 */
export async function loadEventsForReplay(
  db: Database,
  customerId: string,
  range: { countersFromMs: number; untilMs: number },
): Promise<LedgerEvent[]> {
  // Plain SQL, instants as epoch ms: a month of a large customer is tens of thousands of
  // rows, and the ORM's row mapping and Date parsing were a third of the read.
  const rows = rowsOf<{
    seq: string | number;
    id: string;
    type: LedgerEvent['type'];
    ms: number;
    resource_id: string;
    meter: string;
    dimensions: Record<string, string> | string | null;
    quantity: string | null;
  }>(
    await db.execute(sql`
      select sequence as seq, event_id as id, type, (extract(epoch from occurred_at) * 1000)::float8 as ms,
             resource_id, meter, dimensions, quantity::text as quantity
      from usage_events
      where customer_id = ${customerId}
        and occurred_at < ${new Date(range.untilMs).toISOString()}::timestamptz
        and (type <> 'usage.recorded' or occurred_at >= ${new Date(range.countersFromMs).toISOString()}::timestamptz)
      order by sequence`),
  );
  return rows.map((row) => ({
    seq: Number(row.seq),
    id: row.id,
    type: row.type,
    timestampMs: row.ms,
    resourceId: row.resource_id,
    meter: row.meter,
    // jsonb arrives parsed or as text, depending on the driver's parsers.
    dimensions:
      typeof row.dimensions === 'string'
        ? (JSON.parse(row.dimensions) as Record<string, string>)
        : (row.dimensions ?? null),
    quantity: row.quantity ?? null,
  }));
}

/** When the customer's first event reached the ledger (its billing cycle started then), or null. */
export async function loadLedgerStartMs(db: Database, customerId: string): Promise<number | null> {
  const [row] = await db
    .select({ receivedAt: usageEvents.receivedAt })
    .from(usageEvents)
    .where(eq(usageEvents.customerId, customerId))
    .orderBy(asc(usageEvents.sequence))
    .limit(1);
  return row ? row.receivedAt.getTime() : null;
}

/**
 * The ledger position of each finalized period: the last sequence number its final usage
 * summary (and so its invoice) includes, oldest period first.
 */
export async function loadLedgerCloses(
  db: Database,
  customerId: string,
): Promise<{ periodStartMs: number; periodEndMs: number; lastSequence: number }[]> {
  const rows = await db
    .select({
      periodStart: usageSummaries.periodStart,
      periodEnd: usageSummaries.periodEnd,
      lastSequence: usageSummaries.lastSequence,
    })
    .from(usageSummaries)
    .where(and(eq(usageSummaries.customerId, customerId), eq(usageSummaries.final, true)))
    .orderBy(asc(usageSummaries.periodStart));
  return rows.map((row) => ({
    periodStartMs: row.periodStart.getTime(),
    periodEndMs: row.periodEnd.getTime(),
    lastSequence: row.lastSequence,
  }));
}
