import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const cacheBin = path.join(
  process.env.USAGE_BILLING_CACHE ?? path.join(os.homedir(), '.cache', 'usage-billing'),
  'bin',
);

/**
 * The executables scripts/setup.sh provides. Undefined means "let the SDK download one"
 * (a laptop with internet); on our machines setup.sh builds them from Go / Maven.
 */
function resolve(envVar: string, fileName: string): string | undefined {
  const fromEnv = process.env[envVar];
  if (fromEnv) return fromEnv;
  const cached = path.join(cacheBin, fileName);
  return existsSync(cached) ? cached : undefined;
}

export const temporalCliPath = (): string | undefined => resolve('TEMPORAL_CLI_PATH', 'temporal');
export const temporalTestServerPath = (): string | undefined =>
  resolve('TEMPORAL_TEST_SERVER_PATH', 'temporal-test-server');
