import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Metrics } from '../services/metrics';

/** The process's metrics: one registry (served at /metrics) and the recorder on it. */
export interface RuntimeMetrics extends Metrics {
  registry: Registry;
}

/** Latency buckets in seconds, 5 ms to 10 s. */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * Builds the registry and every metric of the engine (docs/operations.md lists them). With
 * `processMetrics`, prom-client's process metrics (CPU, RSS, heap, event-loop lag) too: the
 * mains turn them on; tests, which build many runtimes in one process, leave them off.
 */
export function createMetrics(options: { processMetrics: boolean }): RuntimeMetrics {
  const registry = new Registry();
  if (options.processMetrics) collectDefaultMetrics({ register: registry });
  const registers = [registry];

  const http = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP requests by declared route template, method and status',
    labelNames: ['route', 'method', 'status'] as const,
    buckets: LATENCY_BUCKETS,
    registers,
  });
  const events = new Counter({
    name: 'billing_events_total',
    help: 'Usage events received, by outcome (accepted, duplicate, rejected)',
    labelNames: ['status'] as const,
    registers,
  });
  // Every status is exported from the start, so rate() sees the first event.
  for (const status of ['accepted', 'duplicate', 'rejected']) events.inc({ status }, 0);
  const ledgerAppend = new Histogram({
    name: 'billing_ledger_append_duration_seconds',
    help: 'Time to ledger one batch of events in its transaction',
    buckets: LATENCY_BUCKETS,
    registers,
  });
  const forwarderDepth = new Gauge({
    name: 'billing_forwarder_queue_depth',
    help: 'Events ledgered but not yet signalled to their billing cycles',
    registers,
  });
  const forwarderSignals = new Counter({
    name: 'billing_forwarder_signals_total',
    help: 'Signals sent to billing-cycle workflows',
    registers,
  });
  const forwarderEvents = new Counter({
    name: 'billing_forwarder_signalled_events_total',
    help: 'Events carried by the signals sent to billing-cycle workflows',
    registers,
  });
  const periodCloses = new Counter({
    name: 'billing_period_closes_total',
    help: 'Usage summaries stored at period end (provisional) and after the grace (final)',
    labelNames: ['phase'] as const,
    registers,
  });
  const finalized = new Counter({
    name: 'billing_invoices_finalized_total',
    help: 'Invoices numbered by the period-end finalization',
    registers,
  });
  const deliveries = new Counter({
    name: 'billing_delivery_attempts_total',
    help: 'Delivery attempts by channel (email, webhook, erp)',
    labelNames: ['channel'] as const,
    registers,
  });
  const deliveryFailures = new Counter({
    name: 'billing_delivery_failures_total',
    help: 'Delivery attempts that failed, by channel (the activity retries them)',
    labelNames: ['channel'] as const,
    registers,
  });
  for (const channel of ['email', 'webhook', 'erp']) {
    deliveries.inc({ channel }, 0);
    deliveryFailures.inc({ channel }, 0);
  }
  const pdfRender = new Histogram({
    name: 'billing_pdf_render_duration_seconds',
    help: 'Time to render one PDF in a pool page',
    buckets: LATENCY_BUCKETS,
    registers,
  });
  const pdfQueue = new Gauge({
    name: 'billing_pdf_pool_queue_length',
    help: 'Renders waiting for a free page of the PDF browser pool',
    registers,
  });

  return {
    registry,
    httpRequest: ({ route, method, status }, seconds) =>
      http.observe({ route, method, status: String(status) }, seconds),
    billingEvents: (status, count) => events.inc({ status }, count),
    ledgerAppend: (seconds) => ledgerAppend.observe(seconds),
    forwarderQueueDepth: (depth) => forwarderDepth.set(depth),
    forwarderSignalSent: (count) => {
      forwarderSignals.inc();
      forwarderEvents.inc(count);
    },
    periodClosed: (phase) => periodCloses.inc({ phase }),
    invoiceFinalized: () => finalized.inc(),
    deliveryAttempt: (channel, failed) => {
      deliveries.inc({ channel });
      if (failed) deliveryFailures.inc({ channel });
    },
    pdfRender: (seconds) => pdfRender.observe(seconds),
    pdfQueueLength: (length) => pdfQueue.set(length),
  };
}
