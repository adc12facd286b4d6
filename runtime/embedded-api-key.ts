import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { generateApiKey } from '../adapters/api-key-crypto';
import type { Config } from './config';

/**
 * The operator key of the embedded stack: BILLING_API_KEY when set, else one generated at
 * the first start and kept in DATA_DIR/api-key (mode 0600), so it survives restarts.
 */
export function embeddedApiKey(config: Config): { key: string; source: string } {
  if (config.BILLING_API_KEY !== undefined)
    return { key: config.BILLING_API_KEY, source: 'BILLING_API_KEY' };
  const file = path.join(config.DATA_DIR, 'api-key');
  if (!existsSync(file)) {
    mkdirSync(config.DATA_DIR, { recursive: true });
    writeFileSync(file, `${generateApiKey().key}\n`, { mode: 0o600 });
  }
  return { key: readFileSync(file, 'utf8').trim(), source: file };
}
