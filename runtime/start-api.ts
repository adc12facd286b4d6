import { startApiServer, type RunningApi } from '../api/server';
import { AuthFailureThrottle, IngestRateLimiter } from '../adapters/rate-limiters';
import { createMemoryUsageFeed, createPostgresUsageFeed } from '../adapters/usage-notifier';
import { dispatchPendingEvents } from '../services/dispatch-pending-events';
import type { Runtime } from './runtime';

export interface StartApiOptions {
  /** Defaults to PORT; 0 picks a free one. */
  port?: number;
  /** Defaults to 127.0.0.1; the API container listens on 0.0.0.0. */
  host?: string;
  /** Defaults to BILLING_API_KEY; the embedded stack keeps a generated one in DATA_DIR. */
  bootstrapApiKey?: string;
}

/** The API on the runtime's database, Temporal client and adapters. */
export async function startApi(
  runtime: Runtime,
  options: StartApiOptions = {},
): Promise<RunningApi> {
  const { config, database, client, adapters, logger, now } = runtime;
  const bootstrapApiKey = options.bootstrapApiKey ?? config.BILLING_API_KEY;
  // Across API processes through PostgreSQL; the embedded stack (PGlite) is one process.
  const usageFeed = config.DATABASE_URL
    ? await createPostgresUsageFeed(config.DATABASE_URL, logger)
    : createMemoryUsageFeed();
  const api = await startApiServer({
    port: options.port ?? config.PORT,
    ...(options.host === undefined ? {} : { host: options.host }),
    deps: {
      database,
      cycles: adapters.cycles,
      forwarder: adapters.forwarder,
      logger,
      // A deadline, so a dead server fails the probe instead of being retried forever.
      pingTemporal: async () => {
        await client.connection.withDeadline(Date.now() + 2_000, () =>
          client.workflowService.getSystemInfo({}),
        );
      },
      now,
      portal: runtime.portal,
      usageFeed,
      validateResponses: config.API_VALIDATE_RESPONSES,
      outboundPolicy: adapters.delivery.outboundPolicy ?? { allowPrivateAddresses: false },
      metrics: runtime.metrics,
      ingestLimiter: new IngestRateLimiter(
        {
          ratePerSecond: config.INGEST_RATE_LIMIT_EVENTS_PER_SECOND,
          burst: config.INGEST_RATE_LIMIT_BURST,
        },
        now,
      ),
      authThrottle: new AuthFailureThrottle(
        { limit: config.AUTH_FAILURE_LIMIT, windowMs: config.AUTH_FAILURE_WINDOW_SECONDS * 1000 },
        now,
      ),
      renderMetrics: async () => ({
        contentType: runtime.metrics.registry.contentType,
        text: await runtime.metrics.registry.metrics(),
      }),
      dispatchEvents: async (customerId) => {
        try {
          await dispatchPendingEvents(database.db, adapters.dispatcher, { customerId }, now());
        } catch (error) {
          logger.warn({ err: error, customerId }, 'event dispatch deferred to the relay');
        }
      },
      ...(bootstrapApiKey === undefined ? {} : { bootstrapApiKey }),
      eventRules: {
        backdatingWindowMs: config.EVENT_BACKDATING_WINDOW_SECONDS * 1000,
        futureToleranceMs: config.EVENT_FUTURE_TOLERANCE_SECONDS * 1000,
      },
    },
  });
  return {
    ...api,
    // Open event streams end first: the server's close waits for every open connection.
    close: async () => {
      await usageFeed.close();
      await api.close();
    },
  };
}
