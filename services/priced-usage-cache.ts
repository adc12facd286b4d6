import type { Database } from '../db/client';
import { loadLedgerCloses, loadLedgerHighWater } from '../db/repositories/ledger.repository';
import { loadSubscriptions } from '../db/repositories/subscriptions.repository';
import type { Period } from '../domain/calendar/types';
import { billingCycleOf, type Customer } from '../domain/customer';
import type { PricedPeriod } from '../domain/usage/price-usage';

/**
 * An in-process cache of priced ledger replays (services/usage-analytics.ts, loadPricedUsage)
 * of periods that are over. Replaying and rating a month of 1,000 resources is most of a
 * usage read (the timeseries, the resource list, the meters, a resource's runs), and the
 * portal asks for the same past period again and again (stacked by meter, then by resource,
 * then hour by hour).
 *
 * A replay is a pure function of what it reads, so the key holds every one of its inputs that
 * can change, read fresh on every request (three small queries):
 * - the customer's ledger high-water mark: its last sequence number (the customer row's
 *   counter, one primary-key read where counting the rows grew with the ledger). The ledger
 *   is append-only (no event is ever updated or deleted) and every new event takes the next
 *   number, so any new event (a late counter, a late start or stop that restates a finalized
 *   period, an event of the current period) changes the key;
 * - the final summaries (ledger closes) with their last sequence numbers: a period finalized
 *   since, or a summary rewritten, changes the key;
 * - the subscriptions (which plan rates each period; plans themselves are never changed in
 *   place, a new price is a new plan);
 * - the billing cycle and the periods asked for.
 * A range with a period not over at `nowMs` is never cached: open runs count up to now, so
 * its figures depend on the clock.
 *
 * Stale figures are impossible by construction rather than by invalidation: an entry is only
 * ever found by the state it was computed from. The key is read before the replay reads the
 * ledger, so an entry holds at least everything its key says (an event appended in between
 * is in it too, under the older key, which no later request reads: their mark is higher).
 * Entries are shared: callers must not mutate what they get (none does: filters build new
 * objects).
 */
export interface PricedUsageSlot {
  /** The cached replay, or undefined (a miss, or a range that is not cacheable). */
  readonly hit: readonly PricedPeriod[] | undefined;
  /** Keeps `priced` for this key (a no-op when the range is not cacheable). */
  store(priced: readonly PricedPeriod[], ledgerEvents: number): void;
}

/** Entries kept per database, least recently used dropped first. */
export const MAX_ENTRIES = 16;
/**
 * Ledger events the kept entries were replayed from, at most: about 60 MB of replays (a
 * priced month of 15,000 events for 1,000 resources held 4.6 MB of heap, measured with
 * bench/usage-timeseries.bench.ts's ledger: about 300 bytes per event).
 */
export const MAX_EVENTS = 200_000;

interface Entry {
  priced: readonly PricedPeriod[];
  weight: number;
}

class LruCache {
  private readonly entries = new Map<string, Entry>();
  private weight = 0;

  get(key: string): readonly PricedPeriod[] | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.priced;
  }

  set(key: string, priced: readonly PricedPeriod[], weight: number): void {
    this.delete(key);
    if (weight > MAX_EVENTS) return;
    this.entries.set(key, { priced, weight });
    this.weight += weight;
    for (const [oldest] of this.entries) {
      if (this.entries.size <= MAX_ENTRIES && this.weight <= MAX_EVENTS) break;
      this.delete(oldest);
    }
  }

  private delete(key: string): void {
    const entry = this.entries.get(key);
    if (entry === undefined) return;
    this.entries.delete(key);
    this.weight -= entry.weight;
  }
}

/** One cache per database handle: two databases (tests: PostgreSQL and PGlite) never share. */
const caches = new WeakMap<Database, LruCache>();

function cacheOf(db: Database): LruCache {
  let cache = caches.get(db);
  if (cache === undefined) {
    cache = new LruCache();
    caches.set(db, cache);
  }
  return cache;
}

/** Forgets every entry of a database (benchmarks measure the uncached path with it). */
export function clearPricedUsageCache(db: Database): void {
  caches.delete(db);
}

const NOT_CACHEABLE: PricedUsageSlot = { hit: undefined, store: () => undefined };

/**
 * The cache slot of a replay of `periods` for `customer` at `nowMs`: its entry if the ledger,
 * closes and subscriptions are as they were when it was stored.
 */
export async function pricedUsageSlot(
  db: Database,
  customer: Customer,
  periods: readonly Period[],
  nowMs: number,
): Promise<PricedUsageSlot> {
  if (periods.length === 0 || periods.some((period) => period.endMs > nowMs)) {
    return NOT_CACHEABLE;
  }
  const events = await loadLedgerHighWater(db, customer.id);
  const closes = await loadLedgerCloses(db, customer.id);
  const subscriptions = await loadSubscriptions(db, customer.id);
  const key = JSON.stringify([
    customer.id,
    billingCycleOf(customer),
    periods.map((period) => [period.startMs, period.endMs]),
    events,
    closes,
    subscriptions,
  ]);
  const cache = cacheOf(db);
  const hit = cache.get(key);
  return {
    hit,
    store: (priced, ledgerEvents) => cache.set(key, priced, Math.max(1, ledgerEvents)),
  };
}
