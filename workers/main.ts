import { Runtime as TemporalRuntime } from '@temporalio/worker';
import { loadConfig } from '../runtime/config';
import { startMetricsServer } from '../runtime/metrics-server';
import { createRuntime } from '../runtime/runtime';
import { startWorker } from '../runtime/start-worker';

/** The worker process of the production topology (docker-compose.yml): PostgreSQL required. */
async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.DATABASE_URL) throw new Error('DATABASE_URL is required for a standalone worker');
  // Installed once per process, before any connection: the SDK's own Prometheus exporter
  // (task slots, poll and schedule-to-start latencies, sticky cache) when an address is set.
  const bindAddress = config.TEMPORAL_METRICS_BIND_ADDRESS;
  TemporalRuntime.install({
    shutdownSignals: ['SIGINT', 'SIGTERM'],
    ...(bindAddress ? { telemetryOptions: { metrics: { prometheus: { bindAddress } } } } : {}),
  });
  const runtime = await createRuntime(config, { name: 'worker', worker: true });
  const worker = await startWorker(runtime);
  const metrics =
    config.WORKER_METRICS_PORT === undefined
      ? null
      : await startMetricsServer(runtime.metrics.registry, {
          port: config.WORKER_METRICS_PORT,
          host: config.WORKER_METRICS_HOST,
          healthy: () => worker.worker.getState() === 'RUNNING',
        });
  runtime.logger.info(
    {
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      metrics: metrics?.url ?? null,
      temporalMetrics: bindAddress ?? null,
    },
    'worker running',
  );
  // SIGINT/SIGTERM make the SDK drain the worker; `running` settles once it has.
  await worker.running;
  await worker.stop();
  await metrics?.close();
  await runtime.close();
  runtime.logger.info('worker stopped');
  // The native runtime keeps the event loop alive after shutdown; leave explicitly.
  process.exit(0);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
