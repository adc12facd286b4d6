import { startApiServer } from '../api/server';
import { loadConfig } from './config';
import { openConfiguredDatabase } from './database';
import { embeddedApiKey } from './embedded-api-key';
import { createLogger } from './logger';
import { startTemporalDevServer } from './temporal-dev-server';
import { createDeliveryDeps } from './delivery';
import { startOutboxRelay } from './outbox-relay';
import { createBillingWorker } from './worker';

/**
 * `npm start`: the whole stack in one process with embedded defaults: the Temporal dev server
 * (Web UI on :8233, state in .data/temporal.sqlite), the database (PGlite in .data/pglite
 * unless DATABASE_URL is set), migrations, the worker and the API on :3000. Ctrl-C stops it.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL, 'stack');
  const database = await openConfiguredDatabase(config);
  const apiKey = embeddedApiKey(config);
  logger.info({ database: database.kind }, 'database ready');
  const temporal = await startTemporalDevServer(config);
  logger.info(
    { address: config.TEMPORAL_ADDRESS, ui: `http://127.0.0.1:${config.TEMPORAL_UI_PORT}` },
    'temporal ready',
  );
  const delivery = createDeliveryDeps(config, temporal.client, logger);
  const worker = await createBillingWorker({
    connection: temporal.nativeConnection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    db: database.db,
    delivery,
  });
  const workerRun = worker.run();
  const relay = startOutboxRelay({
    db: database.db,
    dispatcher: delivery.dispatcher ?? { dispatch: () => Promise.resolve() },
    intervalMs: config.OUTBOX_RELAY_INTERVAL_MS,
    logger,
  });
  const api = await startApiServer({
    database,
    client: temporal.client,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    logger,
    port: config.PORT,
    backdatingWindowSeconds: config.EVENT_BACKDATING_WINDOW_SECONDS,
    futureToleranceSeconds: config.EVENT_FUTURE_TOLERANCE_SECONDS,
    forwardWindowMs: config.FORWARD_WINDOW_MS,
    forwardMaxInFlight: config.FORWARD_MAX_IN_FLIGHT,
    bootstrapApiKey: apiKey.key,
  });
  logger.info(
    { api: api.url, openapi: `${api.url}/openapi.json`, apiKey: apiKey.source },
    'billing engine ready; Ctrl-C stops it',
  );

  let stopping = false;
  const stop = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    logger.info('shutting down');
    await api.close();
    // The SDK also reacts to SIGINT/SIGTERM itself; shut down only if it has not yet.
    if (worker.getState() === 'RUNNING') worker.shutdown();
    await workerRun;
    await relay.stop();
    await delivery.pdf.close();
    await temporal.teardown();
    await database.close();
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
