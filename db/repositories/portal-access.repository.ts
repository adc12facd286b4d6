import { eq } from 'drizzle-orm';
import type { Database } from '../client';
import { apiKeys } from '../schema';

/**
 * The lifecycle of the API key a portal session was signed in with, by the key's id: a
 * session lasts only while its key does (null: no such key).
 */
export async function loadApiKeyLifecycle(
  db: Database,
  id: string,
): Promise<{ expiresAtMs: number | null; revokedAtMs: number | null } | null> {
  const [row] = await db
    .select({ expiresAt: apiKeys.expiresAt, revokedAt: apiKeys.revokedAt })
    .from(apiKeys)
    .where(eq(apiKeys.id, id));
  if (!row) return null;
  return {
    expiresAtMs: row.expiresAt === null ? null : row.expiresAt.getTime(),
    revokedAtMs: row.revokedAt === null ? null : row.revokedAt.getTime(),
  };
}
