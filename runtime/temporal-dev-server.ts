import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { BILLING_PERIOD_START, CUSTOMER_ID } from '../workflows/search-attributes';
import { binaryCacheDir, type Config } from './config';
import { dataConverter } from './payload-codec';

/**
 * Dynamic config every dev server of the project runs with (`npm start`, tests, benches).
 * Eager activity execution: an activity a workflow task schedules is handed back to the
 * worker that completed the task, in the completion's answer, instead of going through the
 * task queue, when the worker has a free activity slot. bench:invoice-run at N = 300: the
 * Temporal server took 17.7-20.7 core-s in five runs with it, 24.6-24.7 in two without. At
 * N = 1,000 the worker's slots are full (activities wait 2.7-10 s to start): wall time and
 * CPU are the same, but an eager task goes ahead of queued ones, so deliveries finished later
 * on average (p50 112.7 s against 95.5 s, BENCHMARKS.md). The SDK asks for it by default;
 * the server only grants it with this flag, which production clusters should set too
 * (docs/operations.md).
 */
export const DEV_SERVER_DYNAMIC_CONFIG: readonly string[] = [
  '--dynamic-config-value',
  'system.enableActivityEagerExecution=true',
];

/**
 * The Temporal dev server (Temporal CLI: real server on SQLite with its Web UI) for the
 * embedded stack. The binary scripts/setup.sh built is used when present; otherwise the SDK
 * downloads one (a machine with internet).
 */
export async function startTemporalDevServer(config: Config): Promise<TestWorkflowEnvironment> {
  const cached = path.join(binaryCacheDir(config), 'bin', 'temporal');
  const executable = config.TEMPORAL_CLI_PATH ?? (existsSync(cached) ? cached : undefined);
  const [, portText] = config.TEMPORAL_ADDRESS.split(':');
  mkdirSync(config.DATA_DIR, { recursive: true });
  return TestWorkflowEnvironment.createLocal({
    client: { dataConverter },
    server: {
      ...(executable ? { executable: { type: 'existing-path', path: executable } } : {}),
      ip: '127.0.0.1',
      port: Number(portText ?? 7233),
      ui: true,
      uiPort: config.TEMPORAL_UI_PORT,
      dbFilename: path.join(config.DATA_DIR, 'temporal.sqlite'),
      namespace: config.TEMPORAL_NAMESPACE,
      searchAttributes: [CUSTOMER_ID, BILLING_PERIOD_START],
      extraArgs: ['--sqlite-pragma', 'journal_mode=WAL', ...DEV_SERVER_DYNAMIC_CONFIG],
    },
  });
}
