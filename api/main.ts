import { Client, Connection } from '@temporalio/client';
import { loadConfig } from '../workers/config';
import { openConfiguredDatabase } from '../workers/database';
import { createLogger } from '../workers/logger';
import { startApiServer } from './server';

/** The API process of the production topology (docker-compose.yml). */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL, 'api');
  if (!config.DATABASE_URL) throw new Error('DATABASE_URL is required for a standalone API');
  const database = await openConfiguredDatabase(config);
  const connection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
  const api = await startApiServer({
    database,
    client: new Client({ connection, namespace: config.TEMPORAL_NAMESPACE }),
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    logger,
    port: config.PORT,
    host: '0.0.0.0',
    backdatingWindowSeconds: config.EVENT_BACKDATING_WINDOW_SECONDS,
    futureToleranceSeconds: config.EVENT_FUTURE_TOLERANCE_SECONDS,
    forwardWindowMs: config.FORWARD_WINDOW_MS,
    forwardMaxInFlight: config.FORWARD_MAX_IN_FLIGHT,
    ...(config.BILLING_API_KEY === undefined ? {} : { bootstrapApiKey: config.BILLING_API_KEY }),
  });
  logger.info({ url: api.url }, 'api listening');
  const stop = async (): Promise<void> => {
    logger.info('shutting down');
    await api.close();
    await connection.close();
    await database.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
