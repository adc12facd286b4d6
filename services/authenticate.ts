import { hashApiKey, sameHash } from '../adapters/api-key-crypto';
import type { Database } from '../db/client';
import { loadApiKeyRecordByHash, touchApiKey } from '../db/repositories/api-keys.repository';
import {
  keyIsLive,
  LAST_USED_RESOLUTION_MS,
  lastUseIsStale,
  principalOfKey,
} from '../domain/api-key';
import type { Principal } from '../domain/principal';

export interface AuthenticateDeps {
  db: Database;
  /** The operator key from BILLING_API_KEY, if any (more keys live in the database). */
  bootstrapApiKey?: string;
  /** The clock expiry is judged by; the system clock without one. */
  now?: () => number;
}

/** The id rate limits know the bootstrap key by (it has no row). */
export const BOOTSTRAP_KEY_ID = 'bootstrap';

export interface Authenticated {
  principal: Principal;
  /** The key's id (BOOTSTRAP_KEY_ID for the bootstrap key): what per-key limits count by. */
  keyId: string;
  /** True when this use should be written down (recordKeyUse), at most once a minute. */
  useToRecord: boolean;
}

/** Who an API key speaks for (authenticateKey without the key's id). */
export async function authenticate(deps: AuthenticateDeps, key: string): Promise<Principal | null> {
  return (await authenticateKey(deps, key))?.principal ?? null;
}

/**
 * Who an API key speaks for, and which key it is: the bootstrap key is an operator (compared in constant time);
 * any other key is looked up by its hash, on every request, so a revocation or an expiry
 * counts at once. Null for a key that is not stored, revoked, expired or reaches nothing.
 */
export async function authenticateKey(
  deps: AuthenticateDeps,
  key: string,
): Promise<Authenticated | null> {
  const hash = hashApiKey(key);
  if (deps.bootstrapApiKey !== undefined && sameHash(hash, hashApiKey(deps.bootstrapApiKey))) {
    return { principal: { kind: 'operator' }, keyId: BOOTSTRAP_KEY_ID, useToRecord: false };
  }
  const stored = await loadApiKeyRecordByHash(deps.db, hash);
  const nowMs = (deps.now ?? Date.now)();
  if (!stored || !keyIsLive(stored, nowMs)) return null;
  const keyPrincipal = principalOfKey(stored);
  if (!keyPrincipal) return null;
  // A customer key may be confined to one project (issued with kind "project").
  const principal: Principal =
    keyPrincipal.kind === 'customer' ? withProject(keyPrincipal, stored.projectId) : keyPrincipal;
  return { principal, keyId: stored.id, useToRecord: lastUseIsStale(stored.lastUsedAtMs, nowMs) };
}

/**
 * Writes down that a key was used now, unless a use in the last minute is written already
 * (one cheap UPDATE that matches no row then). Callers need not wait for it.
 */
export async function recordKeyUse(
  deps: { db: Database; now: () => number },
  keyId: string,
): Promise<void> {
  const nowMs = deps.now();
  await touchApiKey(deps.db, keyId, nowMs, nowMs - LAST_USED_RESOLUTION_MS + 1);
}

/** A customer principal, confined to a project when its key is (issued with kind "project"). */
function withProject(
  principal: { kind: 'customer'; customerId: string },
  projectId: string | null,
): Principal {
  return projectId === null ? principal : { ...principal, projectId };
}
