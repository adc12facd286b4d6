import path from 'node:path';
import { connectPostgres, openEmbedded, type DatabaseHandle } from '../db/client';
import type { Config } from './config';

/** PostgreSQL when DATABASE_URL is set, else embedded PGlite under DATA_DIR; migrated. */
export async function openConfiguredDatabase(config: Config): Promise<DatabaseHandle> {
  const database = config.DATABASE_URL
    ? await connectPostgres(config.DATABASE_URL)
    : await openEmbedded(path.join(config.DATA_DIR, 'pglite'));
  await database.migrate();
  return database;
}
