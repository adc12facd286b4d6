import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { createTestDatabase, type TestDatabase } from '../test/support/postgres';
import { bundleWorkflows } from '../test/support/stack';
import { createDevServerEnv } from '../test/support/temporal';

export interface BenchStack {
  database: TestDatabase;
  temporal: TestWorkflowEnvironment;
  bundle: WorkflowBundleWithSourceMap;
}

/**
 * Runs `bench` on what every full-stack bench starts with: a fresh database, the Temporal dev
 * server and the workflow bundle; the server stops and the database is dropped afterwards,
 * whatever happened.
 */
export async function withBenchStack(
  bench: (stack: BenchStack) => Promise<void>,
  /** The dev server's dynamic config, e.g. a lower continue-as-new threshold. */
  dynamicConfig: Record<string, number> = {},
): Promise<void> {
  const [database, temporal, bundle] = await Promise.all([
    createTestDatabase(),
    createDevServerEnv({ dynamicConfig }),
    bundleWorkflows(),
  ]);
  try {
    await bench({ database, temporal, bundle });
  } finally {
    await temporal.teardown();
    await database.drop();
  }
}
