import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openEmbedded, type DatabaseHandle } from '../../db/client';
import { createTestDatabase } from './postgres';

export interface OpenedEngine {
  handle: DatabaseHandle;
  dispose: () => Promise<void>;
}

/**
 * Both database engines the product runs on, for repository tests that must hold on each:
 * PostgreSQL (tests, production) and PGlite (`npm start`). Use with `describe.each`.
 */
export const databaseEngines: [string, () => Promise<OpenedEngine>][] = [
  [
    'postgres',
    async () => {
      const db = await createTestDatabase();
      return { handle: db, dispose: () => db.drop() };
    },
  ],
  [
    'pglite',
    async () => {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'pglite-'));
      const handle = await openEmbedded(dir);
      await handle.migrate();
      return {
        handle,
        dispose: async () => {
          await handle.close();
          rmSync(dir, { recursive: true, force: true });
        },
      };
    },
  ],
];

/**
 * Opens one of `databaseEngines` before the tests of a `describe.each` block and disposes of
 * it after them; read `db` inside tests, not at module level.
 */
export function useEngine(open: () => Promise<OpenedEngine>): Pick<DatabaseHandle, 'db'> {
  let opened: OpenedEngine | undefined;
  beforeAll(async () => {
    opened = await open();
  }, 60_000);
  afterAll(() => opened?.dispose());
  return {
    get db() {
      if (!opened) throw new Error('the database engine is read before its beforeAll has run');
      return opened.handle.db;
    },
  };
}
