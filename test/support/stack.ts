import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import pino from 'pino';
import { startApiServer, type RunningApi } from '../../api/server';
import { createActivities } from '../../activities';
import type { DeliveryDeps } from '../../activities/delivery-deps';
import { startOutboxRelay } from '../../workers/outbox-relay';
import { startDeliveryFakes, type DeliveryFakes } from './delivery';
import type { DatabaseHandle } from '../../db/client';
import { TEST_OPERATOR_KEY } from './http';
import { createTestDatabase, type TestDatabase } from './postgres';
import { createDevServerEnv, quietLogger } from './temporal';

export const testLogger = pino({ level: 'silent' });

export async function bundleWorkflows(): Promise<WorkflowBundleWithSourceMap> {
  return bundleWorkflowCode({
    workflowsPath: require.resolve('../../workflows'),
    logger: quietLogger(),
  });
}

export async function startTestApi(
  env: TestWorkflowEnvironment,
  database: DatabaseHandle,
  taskQueue: string,
  overrides: { now?: () => number; forwardWindowMs?: number } = {},
): Promise<RunningApi> {
  return startApiServer({
    database,
    client: env.client,
    taskQueue,
    logger: testLogger,
    port: 0,
    backdatingWindowSeconds: 7 * 24 * 3600,
    futureToleranceSeconds: 300,
    forwardWindowMs: 20,
    bootstrapApiKey: TEST_OPERATOR_KEY,
    ...overrides,
  });
}

export async function startTestWorker(
  env: TestWorkflowEnvironment,
  database: DatabaseHandle,
  taskQueue: string,
  workflowBundle: WorkflowBundleWithSourceMap,
  delivery?: DeliveryDeps,
): Promise<{ worker: Worker; running: Promise<void> }> {
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle,
    activities: createActivities({ db: database.db, ...(delivery ? { delivery } : {}) }),
  });
  return { worker, running: worker.run() };
}

export interface TestStack {
  env: TestWorkflowEnvironment;
  database: TestDatabase;
  api: RunningApi;
  /** The fake Resend and ERP, with `delivery: true`. */
  fakes: DeliveryFakes | null;
  /** Stops the API, the worker, the Temporal server and drops the database. */
  stop(): Promise<void>;
}

/**
 * The whole stack of `npm start` on real servers, for one test file: a Temporal dev server,
 * a fresh PostgreSQL database, the worker and the API (with the test operator key).
 */
export async function startTestStack(
  taskQueue: string,
  options: { delivery?: boolean } = {},
): Promise<TestStack> {
  const [env, database, bundle, fakes] = await Promise.all([
    createDevServerEnv(),
    createTestDatabase(),
    bundleWorkflows(),
    options.delivery ? startDeliveryFakes() : null,
  ]);
  const delivery = fakes?.deps(env.client, taskQueue);
  const { worker, running } = await startTestWorker(env, database, taskQueue, bundle, delivery);
  const relay =
    delivery?.dispatcher &&
    startOutboxRelay({
      db: database.db,
      dispatcher: delivery.dispatcher,
      intervalMs: 500,
      logger: testLogger,
    });
  const api = await startTestApi(env, database, taskQueue);
  return {
    env,
    database,
    api,
    fakes,
    stop: async () => {
      await api.close();
      await relay?.stop();
      worker.shutdown();
      await running;
      await fakes?.close();
      await env.teardown();
      await database.drop();
    },
  };
}
