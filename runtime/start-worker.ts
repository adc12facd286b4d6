import { Worker, type WorkerOptions } from '@temporalio/worker';
import { createActivities, type Activities } from '../activities';
import { startOutboxRelay } from './outbox-relay';
import { dataConverter } from './payload-codec';
import type { Runtime } from './runtime';

export interface StartWorkerOptions {
  /** A prebuilt bundle (tests build it once per file); else workflows/ is bundled now. */
  workflowBundle?: WorkerOptions['workflowBundle'];
  /**
   * Delivery activities and the outbox relay (default on). Off, business events wait in the
   * outbox: tests that are not about delivery run without Chromium.
   */
  delivery?: boolean;
  /** Defaults to OUTBOX_RELAY_INTERVAL_MS. */
  relayIntervalMs?: number;
  /** Worker slots (the invoice-run bench's knobs). */
  tuning?: Pick<
    WorkerOptions,
    | 'maxConcurrentActivityTaskExecutions'
    | 'maxConcurrentWorkflowTaskExecutions'
    | 'maxCachedWorkflows'
  >;
  /** Wraps the activities, e.g. to time them. */
  wrapActivities?: (activities: Activities) => Activities;
}

export interface RunningWorker {
  worker: Worker;
  /** Settles when the worker has stopped polling and finished its tasks. */
  running: Promise<void>;
  /** Shuts the worker down (unless a signal already did) and stops the relay. */
  stop(): Promise<void>;
}

/** The test's bundle, else the one built ahead of time, else workflows/ bundled now. */
function workflowSource(
  bundle: WorkerOptions['workflowBundle'],
  bundlePath: string | undefined,
): Pick<WorkerOptions, 'workflowBundle' | 'workflowsPath'> {
  if (bundle) return { workflowBundle: bundle };
  if (bundlePath) return { workflowBundle: { codePath: bundlePath } };
  return { workflowsPath: require.resolve('../workflows') };
}

/** The billing worker on the runtime's native connection, polling at once, with the relay. */
export async function startWorker(
  runtime: Runtime,
  options: StartWorkerOptions = {},
): Promise<RunningWorker> {
  const { config, database, adapters, logger } = runtime;
  if (!runtime.nativeConnection) throw new Error('runtime built without a worker connection');
  const delivery = options.delivery ?? true;
  const activities = createActivities({
    db: database.db,
    metrics: runtime.metrics,
    ...(delivery ? { delivery: adapters.delivery } : {}),
  });
  const worker = await Worker.create({
    connection: runtime.nativeConnection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    dataConverter,
    activities: options.wrapActivities ? options.wrapActivities(activities) : activities,
    ...workflowSource(options.workflowBundle, config.WORKFLOW_BUNDLE_PATH),
    ...options.tuning,
  });
  const running = worker.run();
  const relay = delivery
    ? startOutboxRelay({
        db: database.db,
        dispatcher: adapters.dispatcher,
        intervalMs: options.relayIntervalMs ?? config.OUTBOX_RELAY_INTERVAL_MS,
        logger,
      })
    : null;
  return {
    worker,
    running,
    stop: async () => {
      // The SDK also reacts to SIGINT/SIGTERM itself; shut down only if it has not yet.
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running;
      await relay?.stop();
    },
  };
}
