import type { Logger } from 'pino';
import type { Customer } from '../../domain/customer';
import type { LedgerEvent } from '../../domain/events';
import { noMetrics, type Metrics } from '../../services/metrics';
import type { BillingCycles } from './billing-cycles';

export interface ForwarderOptions {
  /** How long events of one customer gather before one signal carries them all. */
  windowMs: number;
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
    this.schedule(outbox, this.options.windowMs);
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
    if (outbox.events.length > 0 && !this.closed) this.schedule(outbox, this.options.windowMs);
    if (outbox.events.length === 0 && !outbox.timer) this.outboxes.delete(outbox.customer.id);
  }

  private async send(outbox: Outbox): Promise<void> {
    while (outbox.events.length > 0) {
      await this.acquireSlot();
      const chunk = outbox.events.slice(0, this.options.maxEventsPerSignal);
      let failed = false;
      try {
        await this.cycles.signalEvents(outbox.customer, chunk);
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
