import { and, asc, eq, isNull, lt, or, sql } from 'drizzle-orm';
import type { ApiKeyRecord, StoredApiKey } from '../../domain/api-key';
import type { Database } from '../client';
import { afterKey } from '../keyset';
import { apiKeys } from '../schema';

/** Stores a key by its hash; the key itself is never stored. */
export async function saveApiKey(
  db: Database,
  key: { id: string; hash: string; expiresAtMs?: number | null } & StoredApiKey,
): Promise<ApiKeyRecord> {
  const [row] = await db
    .insert(apiKeys)
    .values({
      id: key.id,
      hash: key.hash,
      kind: key.kind,
      customerId: key.customerId,
      expiresAt: key.expiresAtMs == null ? null : new Date(key.expiresAtMs),
    })
    .returning();
  return recordOf(row as typeof apiKeys.$inferSelect);
}

/** The stored key with this hash, if any. */
export async function loadApiKeyByHash(db: Database, hash: string): Promise<StoredApiKey | null> {
  const [row] = await db.select().from(apiKeys).where(eq(apiKeys.hash, hash));
  return row ? { kind: row.kind, customerId: row.customerId } : null;
}

const msOrNull = (date: Date | null): number | null => (date === null ? null : date.getTime());

function recordOf(row: typeof apiKeys.$inferSelect): ApiKeyRecord {
  return {
    id: row.id,
    kind: row.kind,
    customerId: row.customerId,
    createdAtMs: row.createdAt.getTime(),
    expiresAtMs: msOrNull(row.expiresAt),
    revokedAtMs: msOrNull(row.revokedAt),
    lastUsedAtMs: msOrNull(row.lastUsedAt),
  };
}

/** A key's record with the project a customer key is confined to (null: none). */
export type ApiKeyRecordWithProject = ApiKeyRecord & { projectId: string | null };

function withProjectOf(row: typeof apiKeys.$inferSelect): ApiKeyRecordWithProject {
  return { ...recordOf(row), projectId: row.projectId ?? null };
}

/** The stored key with this hash, its lifecycle and its project, if any. */
export async function loadApiKeyRecordByHash(
  db: Database,
  hash: string,
): Promise<ApiKeyRecordWithProject | null> {
  const [row] = await db.select().from(apiKeys).where(eq(apiKeys.hash, hash));
  return row ? withProjectOf(row) : null;
}

/**
 * Up to `take` keys with their projects in (created, id) order, after the key `after` of the
 * previous page.
 */
export async function loadApiKeysAfter(
  db: Database,
  page: { take: number; after?: readonly [number, string] },
): Promise<ApiKeyRecordWithProject[]> {
  const rows = await db
    .select()
    .from(apiKeys)
    .where(
      page.after
        ? afterKey([apiKeys.createdAt, apiKeys.id], [new Date(page.after[0]), page.after[1]])
        : undefined,
    )
    .orderBy(asc(apiKeys.createdAt), asc(apiKeys.id))
    .limit(page.take);
  return rows.map(withProjectOf);
}

/**
 * Marks a key revoked at `atMs`, keeping the first revocation's instant when it was revoked
 * before (so a repeat changes nothing). Null when there is no such key.
 */
export async function revokeApiKeyRow(
  db: Database,
  id: string,
  atMs: number,
): Promise<ApiKeyRecord | null> {
  const [row] = await db
    .update(apiKeys)
    .set({
      revokedAt: sql`coalesce(${apiKeys.revokedAt}, ${new Date(atMs).toISOString()}::timestamptz)`,
    })
    .where(eq(apiKeys.id, id))
    .returning();
  return row ? recordOf(row) : null;
}

/**
 * Writes down a use at `atMs` unless one at or after `staleBeforeMs` is already written: many
 * concurrent requests of one key make one write, the others match no row.
 */
export async function touchApiKey(
  db: Database,
  id: string,
  atMs: number,
  staleBeforeMs: number,
): Promise<void> {
  await db
    .update(apiKeys)
    .set({ lastUsedAt: new Date(atMs) })
    .where(
      and(
        eq(apiKeys.id, id),
        or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, new Date(staleBeforeMs))),
      ),
    );
}
