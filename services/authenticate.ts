import type { Database } from '../db/client';
import { loadApiKeyByHash } from '../db/repositories/api-keys.repository';
import { principalOfKey } from '../domain/api-key';
import type { Principal } from '../domain/principal';

/** Who the key with this hash speaks for; null for a key that is not stored or reaches nothing. */
export async function authenticate(db: Database, keyHash: string): Promise<Principal | null> {
  return principalOfKey(await loadApiKeyByHash(db, keyHash));
}
