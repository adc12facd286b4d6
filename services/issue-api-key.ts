import { generateApiKey, hashApiKey } from '../adapters/api-key-crypto';
import type { Database } from '../db/client';
import { saveApiKey } from '../db/repositories/api-keys.repository';
import { storedKeyOf } from '../domain/api-key';
import type { Principal } from '../domain/principal';
import { loadVisibleCustomer } from './access';

export type IssueApiKeyRequest = { kind: 'operator' } | { kind: 'customer'; customerId: string };

/**
 * Issues a key for an operator or for one customer (which must exist). The key is in this
 * one answer; the database keeps only its hash.
 */
export async function issueApiKey(
  deps: { db: Database },
  principal: Principal,
  request: IssueApiKeyRequest,
): Promise<{ id: string; key: string; principal: Principal }> {
  return deps.db.transaction(async (tx) => {
    const keyPrincipal: Principal =
      request.kind === 'customer'
        ? {
            kind: 'customer',
            customerId: (await loadVisibleCustomer(tx, principal, request.customerId)).id,
          }
        : { kind: 'operator' };
    const { id, key } = generateApiKey();
    await saveApiKey(tx, { id, hash: hashApiKey(key), ...storedKeyOf(keyPrincipal) });
    return { id, key, principal: keyPrincipal };
  });
}
