import { performance } from 'node:perf_hooks';
import postgres from 'postgres';

/** Customers that own the preloaded history; none of them takes part in the measurements. */
const PRELOAD_CUSTOMERS = 1_000;
/** Rows per INSERT ... SELECT, so no single statement holds the whole load. */
const CHUNK = 1_000_000;

/**
 * Fills the ledger with `rows` events of other customers before the bench measures, so the
 * ingest rate can be read at 0, 1 M and 10 M rows (BENCH_LEDGER_ROWS). The rows are
 * generated in the database: 1,000 customers, dense sequences, a month of timestamps, the
 * same columns, keys and indexes the ingest writes. Returns the seconds it took.
 */
export async function preloadLedger(url: string, rows: number): Promise<number> {
  if (rows <= 0) return 0;
  const sql = postgres(url, { max: 1, onnotice: () => undefined });
  const start = performance.now();
  try {
    await sql`
      insert into customers (id, name, email, currency, timezone, billing_schedule,
                             grace_period_seconds)
      select 'preload-' || c, 'Preload ' || c, 'preload-' || c || '@bench.example', 'EUR',
             'UTC', 'monthly', 3600
      from generate_series(0, ${PRELOAD_CUSTOMERS - 1}::int) as c`;
    for (let from = 0; from < rows; from += CHUNK) {
      const to = Math.min(rows, from + CHUNK) - 1;
      await sql`
        insert into usage_events (customer_id, sequence, event_id, type, occurred_at,
                                  resource_id, meter, dimensions, quantity)
        select 'preload-' || (i % ${PRELOAD_CUSTOMERS}), i / ${PRELOAD_CUSTOMERS} + 1,
               'pre-' || i, 'usage.recorded',
               now() - interval '30 days' + (i % 2592000) * interval '1 second',
               'lb-' || (i % 7), 'network.egress', '{}'::jsonb, ((i % 1000) + 1)::numeric
        from generate_series(${from}::bigint, ${to}::bigint) as i`;
    }
    await sql`
      update customers set last_sequence = (
        select max(sequence) from usage_events where customer_id = customers.id)
      where id like 'preload-%'`;
    await sql`vacuum analyze usage_events`;
    return (performance.now() - start) / 1000;
  } finally {
    await sql.end();
  }
}
