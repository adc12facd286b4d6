import { Runtime as TemporalRuntime } from '@temporalio/worker';
import { loadConfig } from '../runtime/config';
import { createRuntime } from '../runtime/runtime';
import { startWorker } from '../runtime/start-worker';

/** The worker process of the production topology (docker-compose.yml): PostgreSQL required. */
async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.DATABASE_URL) throw new Error('DATABASE_URL is required for a standalone worker');
  TemporalRuntime.install({ shutdownSignals: ['SIGINT', 'SIGTERM'] });
  const runtime = await createRuntime(config, { name: 'worker', worker: true });
  const worker = await startWorker(runtime);
  runtime.logger.info({ taskQueue: config.TEMPORAL_TASK_QUEUE }, 'worker running');
  // SIGINT/SIGTERM make the SDK drain the worker; `running` settles once it has.
  await worker.running;
  await worker.stop();
  await runtime.close();
  runtime.logger.info('worker stopped');
  // The native runtime keeps the event loop alive after shutdown; leave explicitly.
  process.exit(0);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
