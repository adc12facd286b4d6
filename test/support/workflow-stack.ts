import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { createActivities, type ActivityDeps } from '../../activities';
import { dataConverter } from '../../runtime/payload-codec';
import { createTestDatabase, type TestDatabase } from './postgres';
import { bundleWorkflows } from './stack';
import { createTimeSkippingEnv } from './temporal';

/**
 * The time-skipping test server, a fresh database and the workflow bundle of a workflow test
 * file, filled in by its `beforeAll`; read the fields inside tests, not at module level.
 */
export interface WorkflowStack {
  env: TestWorkflowEnvironment;
  database: TestDatabase;
  bundle: WorkflowBundleWithSourceMap;
  /** Workflows the current test started; each is terminated after it. */
  started: { terminate: () => Promise<unknown> }[];
  /** Runs `run` with a worker on `taskQueue` over the real activities (delivery: optional). */
  withWorker: <T>(
    taskQueue: string,
    run: () => Promise<T>,
    delivery?: ActivityDeps['delivery'],
  ) => Promise<T>;
  /** Skips the server's clock forward to `instantMs` (never backwards). */
  sleepUntil: (instantMs: number) => Promise<void>;
}

/**
 * Registers the hooks of a workflow test file and returns the stack they fill in.
 *
 * Time skipping is global to the test server, and a timer of a finished test's workflow firing
 * with no worker left would stall it: each test's workflows are terminated after it.
 */
export function useWorkflowStack(): WorkflowStack {
  const stack: Partial<Pick<WorkflowStack, 'env' | 'database' | 'bundle'>> = {};
  const filled = (): Pick<WorkflowStack, 'env' | 'database' | 'bundle'> => {
    if (!stack.env || !stack.database || !stack.bundle) {
      throw new Error('the workflow stack is read before its beforeAll has run');
    }
    return { env: stack.env, database: stack.database, bundle: stack.bundle };
  };
  const started: WorkflowStack['started'] = [];

  beforeAll(async () => {
    [stack.env, stack.database, stack.bundle] = await Promise.all([
      createTimeSkippingEnv(),
      createTestDatabase(),
      bundleWorkflows(),
    ]);
  }, 120_000);

  afterAll(async () => {
    await stack.env?.teardown();
    await stack.database?.drop();
  });

  afterEach(async () => {
    await Promise.all(started.splice(0).map((handle) => handle.terminate()));
  });

  return {
    get env() {
      return filled().env;
    },
    get database() {
      return filled().database;
    },
    get bundle() {
      return filled().bundle;
    },
    started,
    withWorker: async (taskQueue, run, delivery) => {
      const { env, database, bundle } = filled();
      const worker = await Worker.create({
        connection: env.nativeConnection,
        taskQueue,
        workflowBundle: bundle,
        dataConverter,
        activities: createActivities({ db: database.db, ...(delivery ? { delivery } : {}) }),
      });
      return worker.runUntil(run);
    },
    sleepUntil: async (instantMs) => {
      const { env } = filled();
      const now = await env.currentTimeMs();
      if (instantMs > now) await env.sleep(instantMs - now);
    },
  };
}
