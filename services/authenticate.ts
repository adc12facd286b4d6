import { hashApiKey, sameHash } from '../adapters/api-key-crypto';
import type { Database } from '../db/client';
import { loadApiKeyByHash } from '../db/repositories/api-keys.repository';
import { principalOfKey } from '../domain/api-key';
import type { Principal } from '../domain/principal';

export interface AuthenticateDeps {
  db: Database;
  /** The operator key from BILLING_API_KEY, if any (more keys live in the database). */
  bootstrapApiKey?: string;
}

/**
 * Who an API key speaks for: the bootstrap key is an operator (compared in constant time);
 * any other key is looked up by its hash. Null for a key that is not stored or reaches nothing.
 */
export async function authenticate(deps: AuthenticateDeps, key: string): Promise<Principal | null> {
  const hash = hashApiKey(key);
  if (deps.bootstrapApiKey !== undefined && sameHash(hash, hashApiKey(deps.bootstrapApiKey))) {
    return { kind: 'operator' };
  }
  return principalOfKey(await loadApiKeyByHash(deps.db, hash));
}
