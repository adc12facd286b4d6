import { generateApiKey, hashApiKey } from '../adapters/api-key-crypto';
import type { Database } from '../db/client';
import { saveApiKey } from '../db/repositories/api-keys.repository';
import { storedKeyOf, type ApiKeyRecord } from '../domain/api-key';
import { BillingError } from '../domain/errors';
import type { Principal } from '../domain/principal';
import { loadVisibleCustomer } from './access';
import { scopeApiKeyToProject } from '../db/repositories/projects.repository';
import { getProject } from './projects';

export type IssueApiKeyRequest = (
  | { kind: 'operator' }
  | { kind: 'customer'; customerId: string }
  | { kind: 'project'; customerId: string; projectId: string }
) & {
  /** When the key stops working (epoch ms); it must be in the future. Absent: never. */
  expiresAtMs?: number;
};

/**
 * Issues a key for an operator or for one customer (which must exist), optionally expiring.
 * The key is in this one answer; the database keeps only its hash.
 */
export async function issueApiKey(
  deps: { db: Database; now?: () => number },
  principal: Principal,
  request: IssueApiKeyRequest,
): Promise<{ key: string; record: ApiKeyRecord; principal: Principal }> {
  if (request.expiresAtMs !== undefined && request.expiresAtMs <= (deps.now ?? Date.now)()) {
    throw new BillingError('invalid_request', 'the API key request is invalid', {
      details: [{ field: 'expiresAt', message: 'must be in the future' }],
    });
  }
  return deps.db.transaction(async (tx) => {
    const keyPrincipal: Principal =
      request.kind === 'operator'
        ? { kind: 'operator' }
        : {
            kind: 'customer',
            customerId: (await loadVisibleCustomer(tx, principal, request.customerId)).id,
          };
    // A project key is a customer key confined to one existing project of that customer.
    const projectId =
      request.kind === 'project'
        ? (await getProject(tx, principal, request.customerId, request.projectId)).id
        : null;
    const { id, key } = generateApiKey();
    const record = await saveApiKey(tx, {
      id,
      hash: hashApiKey(key),
      ...storedKeyOf(keyPrincipal),
      expiresAtMs: request.expiresAtMs ?? null,
    });
    if (projectId === null) return { key, record, principal: keyPrincipal };
    await scopeApiKeyToProject(tx, id, projectId);
    return { key, record, principal: { ...keyPrincipal, projectId } as Principal };
  });
}
