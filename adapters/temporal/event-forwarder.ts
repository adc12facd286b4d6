import type { Logger } from 'pino';
import type { Customer } from '../../domain/customer';
import type { LedgerEvent } from '../../domain/events';
import { noMetrics, type Metrics } from '../../services/metrics';
import type { BillingCycles } from './billing-cycles';

export interface ForwarderOptions {
  /** How long events of one customer gather before one signal carries them all. */
  windowMs: number;
  /**
   * The least time between two signals to one customer's workflow: at any event rate, a
   * customer gets at most 1000 / minIntervalMs signals a second (each carrying what gathered
   * meanwhile), so dense ingest does not become a signal storm into one Temporal shard. A
   * customer's first events after a quiet spell still go out after `windowMs`.
   */
  minIntervalMs?: number;
  /** Events per signal at most (keeps payloads far below Temporal's limits). */
  maxEventsPerSignal: number;
  retryDelayMs: number;
  /**
   * Signals in flight at most, across customers. Under load events wait for a slot and pile
   * up per customer, so each signal carries more of them: the signal rate stays bounded
   * however many customers are active.
   */
  maxInFlight: number;
}

interface Outbox {
  customer: Customer;
  events: LedgerEvent[];
  timer: NodeJS.Timeout | null;
  sending: Promise<void> | null;
}

/**
 * Forwards ledgered events to billing-cycle workflows, coalesced per customer: one signal per
 * customer per window instead of one per request. Delivery is at-least-once (retried until it
 * succeeds); the workflow drops sequence numbers it has applied, and fills gaps (a crash
 * between commit and signal) from the ledger, so nothing acknowledged is lost or counted twice.
 */
export class EventForwarder {
  private readonly outboxes = new Map<string, Outbox>();
  private closed = false;
  private inFlight = 0;
  private readonly waiting: (() => void)[] = [];
  /** Events buffered across customers, not yet signalled (the queue-depth gauge). */
  private buffered = 0;
  /** When each customer's last signal went out, for minIntervalMs (pruned as they age). */
  private readonly lastSignalAt = new Map<string, number>();
  /** Signals sent so far (benches report signals per customer per second). */
  signalsSent = 0;

  constructor(
    private readonly cycles: BillingCycles,
    private readonly options: ForwarderOptions,
    private readonly logger: Logger,
    private readonly metrics: Pick<
      Metrics,
      'forwarderQueueDepth' | 'forwarderSignalSent'
    > = noMetrics,
  ) {}

  enqueue(customer: Customer, events: LedgerEvent[]): void {
    let outbox = this.outboxes.get(customer.id);
    if (!outbox) {
      outbox = { customer, events: [], timer: null, sending: null };
      this.outboxes.set(customer.id, outbox);
    }
    outbox.events.push(...events);
    this.buffered += events.length;
    this.metrics.forwarderQueueDepth(this.buffered);
    this.schedule(outbox, this.delayFor(customer.id));
  }

  /** windowMs, or longer while the customer's last signal is less than minIntervalMs old. */
  private delayFor(customerId: string): number {
    const last = this.lastSignalAt.get(customerId);
    const interval = this.options.minIntervalMs ?? 0;
    if (last === undefined || interval === 0) return this.options.windowMs;
    return Math.max(this.options.windowMs, last + interval - Date.now());
  }

  private recordSignal(customerId: string): void {
    const now = Date.now();
    this.signalsSent += 1;
    this.lastSignalAt.set(customerId, now);
    // Forget customers whose last signal is older than the interval (bounded memory).
    if (this.lastSignalAt.size > 10_000) {
      const horizon = now - (this.options.minIntervalMs ?? 0);
      for (const [id, at] of this.lastSignalAt) if (at < horizon) this.lastSignalAt.delete(id);
    }
  }

  /** Sends everything buffered now; used at shutdown and by tests. */
  async flush(): Promise<void> {
    await Promise.all([...this.outboxes.values()].map((outbox) => this.drain(outbox)));
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.flush();
  }

  private schedule(outbox: Outbox, delayMs: number): void {
    if (outbox.timer || outbox.sending) return;
    outbox.timer = setTimeout(() => {
      outbox.timer = null;
      void this.drain(outbox);
    }, delayMs);
  }

  private async drain(outbox: Outbox): Promise<void> {
    if (outbox.timer) {
      clearTimeout(outbox.timer);
      outbox.timer = null;
    }
    while (outbox.sending) await outbox.sending;
    if (outbox.events.length === 0) return;
    outbox.sending = this.send(outbox);
    try {
      await outbox.sending;
    } finally {
      outbox.sending = null;
    }
    if (outbox.events.length > 0 && !this.closed) {
      this.schedule(outbox, this.delayFor(outbox.customer.id));
    }
    if (outbox.events.length === 0 && !outbox.timer) this.outboxes.delete(outbox.customer.id);
  }

  private async send(outbox: Outbox): Promise<void> {
    while (outbox.events.length > 0) {
      await this.acquireSlot();
      const chunk = outbox.events.slice(0, this.options.maxEventsPerSignal);
      let failed = false;
      try {
        await this.cycles.signalEvents(outbox.customer, chunk);
        this.recordSignal(outbox.customer.id);
        outbox.events.splice(0, chunk.length);
        this.buffered -= chunk.length;
        this.metrics.forwarderQueueDepth(this.buffered);
        this.metrics.forwarderSignalSent(chunk.length);
      } catch (error) {
        failed = true;
        this.logger.warn(
          { err: error, customerId: outbox.customer.id, events: chunk.length },
          'forwarding events failed; retrying',
        );
      } finally {
        this.releaseSlot();
      }
      if (failed) {
        if (this.closed) return;
        await new Promise((resolve) => setTimeout(resolve, this.options.retryDelayMs));
      }
    }
  }

  private async acquireSlot(): Promise<void> {
    if (this.inFlight < this.options.maxInFlight) {
      this.inFlight += 1;
      return;
    }
    // The releasing sender hands its slot over directly.
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  private releaseSlot(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.inFlight -= 1;
  }
}
