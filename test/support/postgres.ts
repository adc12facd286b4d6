import { randomUUID } from 'node:crypto';
import postgres from 'postgres';
import { connectPostgres, type DatabaseHandle } from '../../db/client';

export interface TestDatabase extends DatabaseHandle {
  url: string;
  drop(): Promise<void>;
}

function adminUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) {
    throw new Error('DATABASE_URL is not set: tests need a real PostgreSQL (see README, .ci/run)');
  }
  return url;
}

/** A fresh, migrated database of its own for one test file, on the real PostgreSQL. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const base = new URL(adminUrl());
  const name = `test_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
  const admin = postgres(base.toString(), { max: 1, onnotice: () => undefined });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const url = new URL(base.toString());
  url.pathname = `/${name}`;
  const handle = await connectPostgres(url.toString());
  await handle.migrate();
  return {
    ...handle,
    url: url.toString(),
    drop: async () => {
      await handle.close();
      const cleanup = postgres(base.toString(), { max: 1, onnotice: () => undefined });
      await cleanup.unsafe(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  };
}
