import { performance } from 'node:perf_hooks';
import postgres from 'postgres';
import type { Database } from '../db/client';
import type { NewEvent } from '../domain/ingest';
import { ingestEvents } from '../services/ingest-events';
import { runPool } from './stats';

type Json = Record<string, unknown>;

/** A bench event as the ledger takes it, once the API has parsed it. */
export function toNewEvent(event: Json, idPrefix: string): NewEvent {
  return {
    customerId: event.customerId as string,
    id: `${idPrefix}${event.id as string}`,
    type: event.type as NewEvent['type'],
    timestampMs: Date.parse(event.timestamp as string),
    resourceId: event.resourceId as string,
    meter: event.meter as string,
    dimensions: null,
    quantity: (event.quantity as string | undefined) ?? null,
  };
}

/**
 * The raw insert floor for the same rows: one multi-row INSERT per batch into a table of the
 * ledger's shape (same columns, keys and indexes: `like usage_events including all`), with
 * dense per-customer sequence numbers computed up front, `concurrency` batches in flight.
 * Rows per second.
 */
export async function measureRawFloor(
  url: string,
  batches: Json[][],
  concurrency: number,
): Promise<number> {
  const sql = postgres(url, { max: concurrency, onnotice: () => undefined });
  try {
    await sql`create table raw_floor_events (like usage_events including all)`;
    const next = new Map<string, number>();
    const rows = batches.map((batch) =>
      batch.map((event) => {
        const customer = event.customerId as string;
        const sequence = (next.get(customer) ?? 0) + 1;
        next.set(customer, sequence);
        return {
          customer_id: customer,
          sequence,
          event_id: event.id as string,
          type: event.type as string,
          occurred_at: new Date(event.timestamp as string),
          resource_id: event.resourceId as string,
          meter: event.meter as string,
          quantity: (event.quantity as string | undefined) ?? null,
        };
      }),
    );
    const start = performance.now();
    await runPool(rows, concurrency, async (batch) => {
      await sql`insert into raw_floor_events ${sql(batch)}`;
    });
    const seconds = (performance.now() - start) / 1000;
    return rows.reduce((n, batch) => n + batch.length, 0) / seconds;
  } finally {
    await sql`drop table if exists raw_floor_events`;
    await sql.end();
  }
}

/**
 * The ledger path alone, forwarding off: the ingest use case (customer check, dense
 * sequences, duplicate detection, one transaction per batch) without HTTP, JSON or signals.
 * Events per second.
 */
export async function measureLedgerOnly(
  db: Database,
  batches: Json[][],
  concurrency: number,
): Promise<number> {
  const events = batches.map((batch) => batch.map((event) => toNewEvent(event, 'ledger-')));
  const deps = { db, forwarder: { enqueue: () => undefined } };
  const start = performance.now();
  await runPool(events, concurrency, async (batch) => {
    await ingestEvents(deps, batch);
  });
  const seconds = (performance.now() - start) / 1000;
  return events.reduce((n, batch) => n + batch.length, 0) / seconds;
}
