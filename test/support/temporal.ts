import { TestWorkflowEnvironment } from '@temporalio/testing';
import { temporal } from '@temporalio/proto';
import { BILLING_PERIOD_START, CUSTOMER_ID } from '../../workflows/search-attributes';
import { dataConverter } from '../../runtime/payload-codec';
import { DEV_SERVER_DYNAMIC_CONFIG } from '../../runtime/temporal-dev-server';
import { temporalCliPath, temporalTestServerPath } from './temporal-binaries';

const { IndexedValueType } = temporal.api.enums.v1;

/**
 * Starts a server, again when it was not up in time: the SDK gives an ephemeral server a
 * fixed 5 s to answer (sdk-core ephemeral_server), which a JVM starting on a busy 2-core
 * machine can miss. Any other failure is thrown at once.
 */
async function startWithRetries(
  start: () => Promise<TestWorkflowEnvironment>,
  attempts = 3,
): Promise<TestWorkflowEnvironment> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await start();
    } catch (error) {
      const slow = error instanceof Error && error.message.includes('did not start within');
      if (!slow || attempt >= attempts) throw error;
    }
  }
}

/** The Java time-skipping test server, with our search attributes registered. */
export async function createTimeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  const path = temporalTestServerPath();
  const env = await startWithRetries(() =>
    TestWorkflowEnvironment.createTimeSkipping({
      client: { dataConverter },
      ...(path ? { server: { executable: { type: 'existing-path', path } } } : {}),
    }),
  );
  await env.connection.operatorService.addSearchAttributes({
    namespace: 'default',
    searchAttributes: {
      [CUSTOMER_ID.name]: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
      [BILLING_PERIOD_START.name]: IndexedValueType.INDEXED_VALUE_TYPE_DATETIME,
    },
  });
  return env;
}

/** A real Temporal dev server (the Temporal CLI) on SQLite, as `npm start` runs it. */
export async function createDevServerEnv(
  options: { port?: number; dbFilename?: string; dynamicConfig?: Record<string, number> } = {},
): Promise<TestWorkflowEnvironment> {
  const path = temporalCliPath();
  return startWithRetries(() =>
    TestWorkflowEnvironment.createLocal({
      client: { dataConverter },
      server: {
        ...(path ? { executable: { type: 'existing-path', path } } : {}),
        ...(options.port ? { port: options.port } : {}),
        ...(options.dbFilename ? { dbFilename: options.dbFilename } : {}),
        searchAttributes: [CUSTOMER_ID, BILLING_PERIOD_START],
        extraArgs: [
          '--sqlite-pragma',
          'journal_mode=WAL',
          '--sqlite-pragma',
          'synchronous=OFF',
          ...DEV_SERVER_DYNAMIC_CONFIG,
          ...Object.entries(options.dynamicConfig ?? {}).flatMap(([key, value]) => [
            '--dynamic-config-value',
            `${key}=${value}`,
          ]),
        ],
      },
    }),
  );
}

export function quietLogger() {
  const noop = (): undefined => undefined;
  return { trace: noop, debug: noop, info: noop, warn: noop, error: noop, log: noop };
}
