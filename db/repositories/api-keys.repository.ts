import { eq } from 'drizzle-orm';
import type { StoredApiKey } from '../../domain/api-key';
import type { Database } from '../client';
import { apiKeys } from '../schema';

/** Stores a key by its hash; the key itself is never stored. */
export async function saveApiKey(
  db: Database,
  key: { id: string; hash: string } & StoredApiKey,
): Promise<void> {
  await db
    .insert(apiKeys)
    .values({ id: key.id, hash: key.hash, kind: key.kind, customerId: key.customerId });
}

/** The stored key with this hash, if any. */
export async function loadApiKeyByHash(db: Database, hash: string): Promise<StoredApiKey | null> {
  const [row] = await db.select().from(apiKeys).where(eq(apiKeys.hash, hash));
  return row ? { kind: row.kind, customerId: row.customerId } : null;
}
