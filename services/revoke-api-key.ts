import type { Database } from '../db/client';
import { revokeApiKeyRow } from '../db/repositories/api-keys.repository';
import type { ApiKeyRecord } from '../domain/api-key';
import { BillingError } from '../domain/errors';

/**
 * Revokes a key: from the next request on it answers 401. Idempotent: revoking it again
 * changes nothing and answers the same key (with its first revocation's instant).
 */
export async function revokeApiKey(
  deps: { db: Database; now: () => number },
  id: string,
): Promise<ApiKeyRecord> {
  const revoked = await revokeApiKeyRow(deps.db, id, deps.now());
  if (!revoked) throw new BillingError('api_key_not_found', 'no such API key');
  return revoked;
}
