import type { Logger } from 'pino';
import type { DatabaseHandle } from '../services/deps';
import type { BillingCycles } from '../adapters/temporal/billing-cycles';
import type { EventForwarder } from '../adapters/temporal/event-forwarder';
import type { Metrics } from '../services/metrics';
import type { PortalSettings } from '../services/portal-tokens';
import type { UsageFeed } from '../services/portal-usage-stream';

export interface ApiDeps {
  database: DatabaseHandle;
  cycles: BillingCycles;
  forwarder: EventForwarder;
  logger: Logger;
  /** Pings Temporal for /healthz. */
  pingTemporal: () => Promise<void>;
  now: () => number;
  /** The operator key from BILLING_API_KEY, if any (more keys live in the database). */
  bootstrapApiKey?: string;
  eventRules: { backdatingWindowMs: number; futureToleranceMs: number };
  /**
   * Hands a customer's newly recorded business events (paid, voided, credit note...) to
   * delivery. Best effort: the worker's outbox relay picks up whatever this misses.
   */
  dispatchEvents: (customerId: string) => Promise<void>;
  /** Where HTTP requests, ingested events and ledger appends are counted. */
  metrics: Metrics;
  /** The process's metrics in Prometheus text format, for GET /metrics. */
  renderMetrics: () => Promise<{ contentType: string; text: string }>;
  /** POST /v1/events per API key: null when `events` may go now, else seconds to wait. */
  ingestLimiter: { take(keyId: string, events: number): number | null };
  /** Failed authentication per client address (AUTH_FAILURE_LIMIT in a window). */
  authThrottle: { retryAfter(address: string): number | null; failed(address: string): void };
  /** Checks every JSON reply against its declared schema (tests): a mismatch is a 500. */
  validateResponses?: boolean;
  /** Portal links and session cookies: the signing key, lifetimes, public URLs. */
  portal: PortalSettings;
  /** Accepted batches announced to open portals (GET /v1/customers/{id}/usage/stream). */
  usageFeed: UsageFeed;
  /** Which addresses webhook URLs may point at; omitted, private addresses are denied. */
  outboundPolicy?: { allowPrivateAddresses: boolean };
}
