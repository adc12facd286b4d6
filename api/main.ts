import { loadConfig } from '../runtime/config';
import { createRuntime } from '../runtime/runtime';
import { startApi } from '../runtime/start-api';

/** The API process of the production topology (docker-compose.yml). */
async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.DATABASE_URL) throw new Error('DATABASE_URL is required for a standalone API');
  const runtime = await createRuntime(config, { name: 'api' });
  const api = await startApi(runtime, { host: '0.0.0.0' });
  runtime.logger.info({ url: api.url }, 'api listening');
  const stop = async (): Promise<void> => {
    runtime.logger.info('shutting down');
    await api.close();
    await runtime.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
