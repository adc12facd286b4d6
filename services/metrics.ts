/**
 * What the engine measures, as the code that records it sees it: plain calls, no library.
 * The composition root (runtime/metrics.ts) implements it on one prom-client registry per
 * process and hands it to the adapters, routes and activities; tests that do not care use
 * `noMetrics`. The metric names and their meanings are listed in docs/operations.md.
 */
export type EventStatus = 'accepted' | 'duplicate' | 'rejected';
export type DeliveryChannel = 'email' | 'webhook' | 'erp';

export interface Metrics {
  /** One answered HTTP request: `route` is the declared path template, never the raw URL. */
  httpRequest(labels: { route: string; method: string; status: number }, seconds: number): void;
  /** Usage events by outcome: `count` events of one batch. */
  billingEvents(status: EventStatus, count: number): void;
  /** One ledger append (a batch written in its transaction). */
  ledgerAppend(seconds: number): void;
  /** Events ledgered but not yet signalled to their billing cycles. */
  forwarderQueueDepth(events: number): void;
  /** One signal sent to a billing cycle, carrying `events` events. */
  forwarderSignalSent(events: number): void;
  /** A period's usage summary stored for the first time: `provisional` at its end, `final` after its grace. */
  periodClosed(phase: 'provisional' | 'final'): void;
  /** An invoice numbered by the period-end finalization. */
  invoiceFinalized(): void;
  /** One delivery attempt on a channel, and whether it failed (the activity retries). */
  deliveryAttempt(channel: DeliveryChannel, failed: boolean): void;
  /** One PDF rendered in a pool page. */
  pdfRender(seconds: number): void;
  /** Leases waiting for a free page of the PDF pool. */
  pdfQueueLength(leases: number): void;
}

const ignore = (): void => undefined;

/** Records nothing: the default where no registry is wired (unit tests, tools). */
export const noMetrics: Metrics = {
  httpRequest: ignore,
  billingEvents: ignore,
  ledgerAppend: ignore,
  forwarderQueueDepth: ignore,
  forwarderSignalSent: ignore,
  periodClosed: ignore,
  invoiceFinalized: ignore,
  deliveryAttempt: ignore,
  pdfRender: ignore,
  pdfQueueLength: ignore,
};

/** Seconds since `startNs` (process.hrtime.bigint()). */
export function secondsSince(startNs: bigint): number {
  return Number(process.hrtime.bigint() - startNs) / 1e9;
}

/**
 * Runs one delivery attempt, counting it and, when it throws, its failure; the error is
 * rethrown unchanged for the activity's retry policy.
 */
export async function countDelivery<T>(
  metrics: Metrics,
  channel: DeliveryChannel,
  attempt: () => Promise<T>,
): Promise<T> {
  try {
    const result = await attempt();
    metrics.deliveryAttempt(channel, false);
    return result;
  } catch (error) {
    metrics.deliveryAttempt(channel, true);
    throw error;
  }
}
