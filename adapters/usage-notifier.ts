import type { Logger } from 'pino';
import type { UsageFeed, UsageNotice } from '../services/portal-usage-stream';

/** The PostgreSQL channel accepted batches are announced on. */
export const USAGE_CHANNEL = 'usage_accepted';
/** NOTIFY payloads must stay under 8000 bytes; a large batch is announced in several. */
const MAX_PAYLOAD_BYTES = 7_000;

type Listener = { customerId: string; notice: (n: UsageNotice) => void; end: () => void };

/** The in-process half: subscribers by customer, and the fan-out of notices to them. */
class Subscribers {
  private readonly byCustomer = new Map<string, Set<Listener>>();

  add(listener: Listener): () => void {
    const set = this.byCustomer.get(listener.customerId) ?? new Set<Listener>();
    set.add(listener);
    this.byCustomer.set(listener.customerId, set);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.byCustomer.delete(listener.customerId);
    };
  }

  deliver(notice: UsageNotice): void {
    for (const listener of this.byCustomer.get(notice.customerId) ?? []) listener.notice(notice);
  }

  get size(): number {
    let total = 0;
    for (const set of this.byCustomer.values()) total += set.size;
    return total;
  }

  endAll(): void {
    const all = [...this.byCustomer.values()].flatMap((set) => [...set]);
    this.byCustomer.clear();
    for (const listener of all) listener.end();
  }
}

/**
 * Notices as NOTIFY payloads: `{"t":<acceptedAtMs>,"c":[[customerId,count],...]}`, split so
 * each stays under the payload limit. Worked example: two customers of one batch ->
 * `{"t":1767225600000,"c":[["cus-a",3],["cus-b",1]]}`.
 */
export function encodeNotices(notices: readonly UsageNotice[]): string[] {
  const byInstant = new Map<number, [string, number][]>();
  for (const n of notices) {
    const list = byInstant.get(n.acceptedAtMs) ?? [];
    list.push([n.customerId, n.count]);
    byInstant.set(n.acceptedAtMs, list);
  }
  const payloads: string[] = [];
  for (const [t, entries] of byInstant) {
    let chunk: [string, number][] = [];
    let size = 0;
    for (const entry of entries) {
      const entrySize = Buffer.byteLength(JSON.stringify(entry)) + 1;
      if (chunk.length > 0 && size + entrySize > MAX_PAYLOAD_BYTES) {
        payloads.push(JSON.stringify({ t, c: chunk }));
        chunk = [];
        size = 0;
      }
      chunk.push(entry);
      size += entrySize;
    }
    if (chunk.length > 0) payloads.push(JSON.stringify({ t, c: chunk }));
  }
  return payloads;
}

/** The notices of one payload; a payload that is not ours yields none. */
export function decodeNotices(payload: string): UsageNotice[] {
  try {
    const parsed = JSON.parse(payload) as { t?: unknown; c?: unknown };
    if (typeof parsed.t !== 'number' || !Array.isArray(parsed.c)) return [];
    const t = parsed.t;
    return (parsed.c as unknown[]).flatMap((entry) =>
      Array.isArray(entry) && typeof entry[0] === 'string' && typeof entry[1] === 'number'
        ? [{ customerId: entry[0], count: entry[1], acceptedAtMs: t }]
        : [],
    );
  } catch {
    return [];
  }
}

/**
 * One process only (the embedded stack on PGlite, tests without DATABASE_URL): a published
 * notice reaches this process's subscribers.
 */
export function createMemoryUsageFeed(): UsageFeed {
  const subscribers = new Subscribers();
  return {
    publish(notices) {
      queueMicrotask(() => notices.forEach((notice) => subscribers.deliver(notice)));
    },
    subscribe(customerId, notice, end) {
      return Promise.resolve(subscribers.add({ customerId, notice, end }));
    },
    subscriberCount: () => subscribers.size,
    close() {
      subscribers.endAll();
      return Promise.resolve();
    },
  };
}

/**
 * Across API processes: a published batch is a NOTIFY on USAGE_CHANNEL; each process LISTENs
 * on one connection of its own (opened with the first subscriber) and fans notices out to
 * its subscribers in memory. NOTIFY is best effort: a failure is logged, never the ingest's.
 */
export async function createPostgresUsageFeed(url: string, logger: Logger): Promise<UsageFeed> {
  const { default: postgres } = await import('postgres');
  const sql = postgres(url, { max: 1, onnotice: () => undefined, idle_timeout: 60 });
  const subscribers = new Subscribers();
  let listening: Promise<{ unlisten(): Promise<void> }> | null = null;
  const listen = (): Promise<unknown> => {
    listening ??= sql.listen(USAGE_CHANNEL, (payload) => {
      for (const notice of decodeNotices(payload)) subscribers.deliver(notice);
    });
    listening.catch(() => {
      listening = null;
    });
    return listening;
  };
  return {
    publish(notices) {
      for (const payload of encodeNotices(notices)) {
        sql.notify(USAGE_CHANNEL, payload).catch((error: unknown) => {
          logger.warn({ err: error }, 'usage notice not sent; open portals refresh later');
        });
      }
    },
    async subscribe(customerId, notice, end) {
      await listen();
      return subscribers.add({ customerId, notice, end });
    },
    subscriberCount: () => subscribers.size,
    async close() {
      subscribers.endAll();
      await sql.end({ timeout: 5 });
    },
  };
}
