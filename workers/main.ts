import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Runtime } from '@temporalio/worker';
import { loadConfig } from './config';
import { openConfiguredDatabase } from './database';
import { createLogger } from './logger';
import { createDeliveryDeps } from './delivery';
import { startOutboxRelay } from './outbox-relay';
import { createBillingWorker } from './worker';

/** The worker process of the production topology (docker-compose.yml): PostgreSQL required. */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL, 'worker');
  if (!config.DATABASE_URL) throw new Error('DATABASE_URL is required for a standalone worker');
  Runtime.install({ shutdownSignals: ['SIGINT', 'SIGTERM'] });
  const database = await openConfiguredDatabase(config);
  const connection = await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS });
  const clientConnection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
  const client = new Client({ connection: clientConnection, namespace: config.TEMPORAL_NAMESPACE });
  const delivery = createDeliveryDeps(config, client, logger);
  const worker = await createBillingWorker({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    db: database.db,
    delivery,
  });
  const relay = startOutboxRelay({
    db: database.db,
    dispatcher: delivery.dispatcher ?? { dispatch: () => Promise.resolve() },
    intervalMs: config.OUTBOX_RELAY_INTERVAL_MS,
    logger,
  });
  logger.info({ taskQueue: config.TEMPORAL_TASK_QUEUE }, 'worker running');
  await worker.run();
  await relay.stop();
  await delivery.pdf.close();
  await clientConnection.close();
  await connection.close();
  await database.close();
  logger.info('worker stopped');
  // The native runtime keeps the event loop alive after shutdown; leave explicitly.
  process.exit(0);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
