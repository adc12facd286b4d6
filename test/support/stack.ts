import type { Client } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import {
  bundleWorkflowCode,
  type Worker,
  type WorkflowBundleWithSourceMap,
} from '@temporalio/worker';
import pino, { type Logger } from 'pino';
import type { RunningApi } from '../../api/server';
import type { DatabaseHandle } from '../../db/client';
import { loadConfig, type Config } from '../../runtime/config';
import { createRuntime, type Runtime, type RuntimeOverrides } from '../../runtime/runtime';
import { startApi } from '../../runtime/start-api';
import { startWorker } from '../../runtime/start-worker';
import { startDeliveryFakes, type DeliveryFakes } from './delivery';
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

/**
 * The configuration of a test process: no process.env, the test operator key, a free port,
 * a short forwarding window; `env` adds or replaces variables (the fakes' URLs, say).
 */
export function testConfig(taskQueue: string, env: Record<string, string> = {}): Config {
  return loadConfig({
    TEMPORAL_TASK_QUEUE: taskQueue,
    BILLING_API_KEY: TEST_OPERATOR_KEY,
    PORT: '0',
    FORWARD_WINDOW_MS: '20',
    LOG_LEVEL: 'silent',
    API_VALIDATE_RESPONSES: 'true',
    // The tests' fake receivers listen on 127.0.0.1.
    OUTBOUND_ALLOW_PRIVATE_ADDRESSES: 'true',
    ...env,
  });
}

/** A runtime on the test's Temporal and database, which the test itself stops and drops. */
export async function createTestRuntime(
  temporal: NonNullable<RuntimeOverrides['temporal']>,
  database: DatabaseHandle,
  config: Config,
  overrides: Omit<RuntimeOverrides, 'temporal' | 'database'> = {},
): Promise<Runtime> {
  return createRuntime(config, {
    name: 'test',
    overrides: { logger: testLogger, ...overrides, database, temporal },
  });
}

/** An API whose close also releases its runtime. */
async function startApiOf(runtime: Runtime): Promise<RunningApi> {
  const api = await startApi(runtime);
  return {
    ...api,
    close: async () => {
      await api.close();
      await runtime.close();
    },
  };
}

export async function startTestApi(
  env: TestWorkflowEnvironment,
  database: DatabaseHandle,
  taskQueue: string,
  overrides: { now?: () => number; forwardWindowMs?: number; env?: Record<string, string> } = {},
): Promise<RunningApi> {
  const config = testConfig(taskQueue, {
    ...overrides.env,
    ...(overrides.forwardWindowMs === undefined
      ? {}
      : { FORWARD_WINDOW_MS: String(overrides.forwardWindowMs) }),
  });
  return startApiOf(
    await createTestRuntime(env, database, config, overrides.now ? { now: overrides.now } : {}),
  );
}

/** An API on any Temporal client (a dead one, for the health check) and its own rules. */
export async function startApiWithClient(options: {
  database: DatabaseHandle;
  client: Client;
  taskQueue: string;
  logger: Logger;
  port: number;
  backdatingWindowSeconds: number;
  futureToleranceSeconds: number;
  forwardWindowMs: number;
}): Promise<RunningApi> {
  const config = testConfig(options.taskQueue, {
    PORT: String(options.port),
    EVENT_BACKDATING_WINDOW_SECONDS: String(options.backdatingWindowSeconds),
    EVENT_FUTURE_TOLERANCE_SECONDS: String(options.futureToleranceSeconds),
    FORWARD_WINDOW_MS: String(options.forwardWindowMs),
  });
  return startApiOf(
    await createTestRuntime({ client: options.client }, options.database, config, {
      logger: options.logger,
    }),
  );
}

/** A worker without delivery (business events wait in the outbox), polling at once. */
export async function startTestWorker(
  env: TestWorkflowEnvironment,
  database: DatabaseHandle,
  taskQueue: string,
  workflowBundle: WorkflowBundleWithSourceMap,
): Promise<{ worker: Worker; running: Promise<void> }> {
  const runtime = await createTestRuntime(env, database, testConfig(taskQueue));
  const { worker, running } = await startWorker(runtime, { workflowBundle, delivery: false });
  return { worker, running };
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
 * a fresh PostgreSQL database, the worker and the API (with the test operator key), built by
 * the same runtime. With `delivery`, the worker delivers to local fakes of Resend and the ERP;
 * with `logger`, API and worker log there (tests that read the lines).
 */
export async function startTestStack(
  taskQueue: string,
  options: { delivery?: boolean; logger?: Logger } = {},
): Promise<TestStack> {
  const [env, database, bundle, fakes] = await Promise.all([
    createDevServerEnv(),
    createTestDatabase(),
    bundleWorkflows(),
    options.delivery ? startDeliveryFakes() : null,
  ]);
  const config = testConfig(
    taskQueue,
    fakes ? { ...fakes.workerEnv, WEBHOOK_TIMEOUT_MS: '5000' } : {},
  );
  const runtime = await createTestRuntime(
    env,
    database,
    config,
    options.logger ? { logger: options.logger } : {},
  );
  const worker = await startWorker(runtime, { workflowBundle: bundle, delivery: fakes !== null });
  const api = await startApi(runtime);
  return {
    env,
    database,
    api,
    fakes,
    stop: async () => {
      await api.close();
      await worker.stop();
      await runtime.close();
      await fakes?.close();
      await env.teardown();
      await database.drop();
    },
  };
}
