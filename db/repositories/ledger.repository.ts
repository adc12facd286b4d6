import { and, asc, count, eq, gt, inArray, sql } from 'drizzle-orm';
import type { Customer } from '../../domain/customer';
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
 * Called inside the append's transaction, when the batch holds duplicates, with the answer
 * for each event (in batch order) before anything is written: throwing rolls the whole batch
 * back. The caller's decision about duplicates (same content?) runs here, so a rejected batch
 * keeps nothing. A batch of new events only has nothing to compare and is not checked.
 */
export type AppendCheck = (results: readonly AppendResult[]) => void;

/**
 * Appends a batch to the ledger in one transaction: events already present (same customer
 * and event id, in an earlier request or earlier in this batch) are duplicates, answered
 * with the ledger's copy; the others get dense per-customer sequence numbers. `check` sees
 * the answers of a batch with duplicates before the commit and may reject it by throwing.
 *
 * Duplicates are rare, so the batch first takes the fast path (appendNewEvents: one
 * statement); if the ledger turns out to hold one of its events, that statement fails whole
 * and the batch is appended by the general path (three statements), so a duplicate never
 * consumes a number. `tryNewFirst: false` skips the fast path (the caller just saw it fail).
 */
export async function appendEvents(
  db: Database,
  events: NewEvent[],
  check: AppendCheck = () => {},
  { tryNewFirst = true }: { tryNewFirst?: boolean } = {},
): Promise<AppendResult[]> {
  if (tryNewFirst) {
    const appended = await appendNewEvents(db, events);
    if (appended !== null) return appended.results;
  }
  return appendWithDuplicates(db, events, check);
}

/** postgres.js returns the rows as the result; PGlite wraps them in `{ rows }`. */
function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

/** The SQLSTATE of a failed statement (drizzle wraps the driver's error as `cause`). */
function sqlStateOf(error: unknown): string | undefined {
  for (
    let e: unknown = error;
    typeof e === 'object' && e !== null;
    e = (e as { cause?: unknown }).cause
  ) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return undefined;
}

/**
 * The statement fails whole, and writes nothing, when an event is in the ledger already
 * (unique_violation) or its customer does not exist (not_null_violation: the left join
 * leaves its events without a base number). This is what keeps an unknown customer's event
 * out of the ledger, which has no foreign key (schema/usage-events.ts).
 */
const NOT_NEW = new Set(['23505', '23502']);

/** What appendNewEvents wrote: the answers in batch order and the batch's customers. */
export interface NewEventsAppended {
  results: AppendResult[];
  customers: Map<string, Customer>;
}

/**
 * The fast path for a batch of new events of existing customers: ONE statement, committed on
 * its own, that locks the batch's customers (in id order, so concurrent batches cannot
 * deadlock), advances their counters, inserts every event from arrays with its number
 * (the customer's old counter + its rank among the customer's events of the batch) and
 * returns the customers (for forwarding). A customer's row stays locked only while that one
 * statement runs and commits, never across a round trip to this process, so batches that
 * share customers wait on each other for the statement alone; numbers stay dense because a
 * batch that fails writes nothing, counters included.
 *
 * null, with nothing written, when the batch repeats an event id, the ledger holds one of
 * its events, or one of its customers does not exist: the caller takes the general path.
 *
 * Example: customer a at 7, batch [a:x, b:y, a:z] -> a advances to 9 (base 7), b to 1
 * (base 0); x gets 7+1 = 8, y 0+1 = 1, z 7+2 = 9.
 */
export async function appendNewEvents(
  db: Database,
  events: readonly NewEvent[],
): Promise<NewEventsAppended | null> {
  const counts = new Map<string, number>();
  const ranks = events.map((event) => {
    const rank = (counts.get(event.customerId) ?? 0) + 1;
    counts.set(event.customerId, rank);
    return rank;
  });
  if (events.length === 0) return { results: [], customers: new Map() };
  const distinct = new Set(events.map((e) => pairKey(e.customerId, e.id)));
  if (distinct.size !== events.length) return null;
  const ids = [...counts.keys()].sort();
  const column = <T>(pick: (e: NewEvent) => T) => sql.param(events.map(pick));
  let rows: CustomerBase[];
  try {
    rows = rowsOf<CustomerBase>(
      await db.execute(sql`
      with v as (
        select * from unnest(${sql.param(ids)}::text[], ${sql.param(ids.map((id) => counts.get(id)))}::int[]) as v(id, n)
      ), locked as (
        select c.id from customers c join v on v.id = c.id order by c.id for update of c
      ), advanced as (
        update customers c set last_sequence = c.last_sequence + v.n
        from v join locked l on l.id = v.id
        where c.id = v.id
        returning c.id, c.last_sequence - v.n as base, c.name, c.email, c.currency, c.timezone,
          c.billing_schedule, (extract(epoch from c.billing_anchor) * 1000)::float8 as anchor_ms,
          c.grace_period_seconds
      ), inserted as (
        insert into usage_events (customer_id, sequence, event_id, type, occurred_at, resource_id, meter, dimensions, quantity)
        select x.c, a.base + x.k, x.e, x.t,
          timestamptz 'epoch' + x.ms * interval '1 millisecond', x.r, x.m, x.d::jsonb, x.q::numeric
        from unnest(
          ${column((e) => e.customerId)}::text[], ${sql.param(ranks)}::int[],
          ${column((e) => e.id)}::text[], ${column((e) => e.type)}::text[],
          ${column((e) => e.timestampMs)}::bigint[], ${column((e) => e.resourceId)}::text[],
          ${column((e) => e.meter)}::text[],
          ${column((e) => (e.dimensions === null ? null : JSON.stringify(e.dimensions)))}::text[],
          ${column((e) => e.quantity)}::text[]
        ) as x(c, k, e, t, ms, r, m, d, q)
        left join advanced a on a.id = x.c
        returning 1
      )
      select a.*, (select count(*) from inserted) as inserted from advanced a`),
    );
  } catch (error) {
    const state = sqlStateOf(error);
    if (state !== undefined && NOT_NEW.has(state)) return null;
    throw error;
  }
  const base = new Map(rows.map((row) => [row.id, Number(row.base)]));
  // Unreachable by the constraints above; a guard, not a path.
  if (rows.length !== ids.length || Number(rows[0]?.inserted) !== events.length) {
    throw new Error('appendNewEvents: the statement did not number every event');
  }
  const results = events.map((event, index): AppendResult => {
    const { customerId, ...fields } = event;
    const seq = (base.get(customerId) as number) + (ranks[index] as number);
    return { customerId, status: 'accepted', event: { ...fields, seq } };
  });
  return { results, customers: new Map(rows.map((row) => [row.id, toCustomer(row)])) };
}

/** A customer's row as appendNewEvents returns it: its number before the batch, and itself. */
interface CustomerBase {
  id: string;
  base: string | number;
  name: string;
  email: string;
  currency: string;
  timezone: string;
  billing_schedule: Customer['billingSchedule'];
  anchor_ms: string | number | null;
  grace_period_seconds: number;
  inserted: string | number;
}

function toCustomer(row: CustomerBase): Customer {
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    currency: row.currency,
    timezone: row.timezone,
    billingSchedule: row.billing_schedule,
    billingAnchorMs: row.anchor_ms === null ? null : Math.round(Number(row.anchor_ms)),
    gracePeriodSeconds: row.grace_period_seconds,
  };
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
    // An event is numbered only against a customer row locked here: this check is what
    // keeps an unknown customer's event out of the ledger, which has no foreign key.
    const unknown = customerIds.filter((id) => !nextSequence.has(id));
    if (unknown.length > 0) throw new Error(`appendEvents: no customer ${unknown.join(', ')}`);

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

/**
 * The customer's ledger high-water mark: the last sequence number given, which is the number
 * of events ledgered (numbers are dense from 1, a duplicate takes none, and the counter
 * advances in the statement that inserts). One primary-key read, whatever the ledger's size,
 * where counting the rows grows with it; 0 for an unknown customer.
 */
export async function loadLedgerHighWater(db: Database, customerId: string): Promise<number> {
  const [row] = await db
    .select({ lastSequence: customers.lastSequence })
    .from(customers)
    .where(eq(customers.id, customerId));
  return row?.lastSequence ?? 0;
}

/** Counts the customer's ledgered events row by row (tests check the ledger with it). */
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
