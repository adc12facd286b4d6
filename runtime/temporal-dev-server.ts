import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { BILLING_PERIOD_START, CUSTOMER_ID } from '../workflows/search-attributes';
import { binaryCacheDir, type Config } from './config';
import { dataConverter } from './payload-codec';

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
      extraArgs: ['--sqlite-pragma', 'journal_mode=WAL'],
    },
  });
}
