import { loadConfig } from '../runtime/config';
import { embeddedApiKey } from '../runtime/embedded-api-key';
import { createRuntime } from '../runtime/runtime';
import { startApi } from '../runtime/start-api';
import { startWorker } from '../runtime/start-worker';

/**
 * `npm start`: the whole stack in one process with embedded defaults: the Temporal dev server
 * (Web UI on :8233, state in .data/temporal.sqlite), the database (PGlite in .data/pglite
 * unless DATABASE_URL is set), migrations, the worker and the API on :3000. Ctrl-C stops it.
 */
async function main(): Promise<void> {
  const loaded = loadConfig();
  // Embedded mode is for trying things on one machine: webhooks and the ERP may be local,
  // unless OUTBOUND_ALLOW_PRIVATE_ADDRESSES=false says otherwise.
  const config = {
    ...loaded,
    OUTBOUND_ALLOW_PRIVATE_ADDRESSES: loaded.OUTBOUND_ALLOW_PRIVATE_ADDRESSES ?? true,
  };
  const apiKey = embeddedApiKey(config);
  const runtime = await createRuntime(config, { name: 'stack', temporal: 'embedded' });
  const { logger } = runtime;
  logger.info(
    {
      database: runtime.database.kind,
      temporal: config.TEMPORAL_ADDRESS,
      ui: `http://127.0.0.1:${config.TEMPORAL_UI_PORT}`,
    },
    'database and temporal ready',
  );
  const worker = await startWorker(runtime);
  const api = await startApi(runtime, { bootstrapApiKey: apiKey.key });
  logger.info(
    {
      api: api.url,
      openapi: `${api.url}/openapi.json`,
      apiKey: apiKey.source,
      outboundPrivateAddresses: config.OUTBOUND_ALLOW_PRIVATE_ADDRESSES ? 'allowed' : 'denied',
    },
    config.OUTBOUND_ALLOW_PRIVATE_ADDRESSES
      ? 'billing engine ready; webhook and ERP URLs may point at private and loopback ' +
          'addresses (embedded mode; OUTBOUND_ALLOW_PRIVATE_ADDRESSES=false denies them); ' +
          'Ctrl-C stops it'
      : 'billing engine ready; Ctrl-C stops it',
  );

  let stopping = false;
  const stop = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    logger.info('shutting down');
    await api.close();
    await worker.stop();
    await runtime.close();
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
