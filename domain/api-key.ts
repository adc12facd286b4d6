import type { Principal } from './principal';

/** An API key as it is stored: its kind and, for a customer key, the customer it names. */
export interface StoredApiKey {
  kind: 'operator' | 'customer';
  customerId: string | null;
}

/**
 * Who a stored key speaks for. A customer key always names its customer; one that does not
 * reaches nothing (null), rather than everything.
 */
export function principalOfKey(key: StoredApiKey | null): Principal | null {
  if (!key) return null;
  if (key.kind === 'operator') return { kind: 'operator' };
  return key.customerId === null ? null : { kind: 'customer', customerId: key.customerId };
}

/** What a new key is stored as: its principal's columns. */
export function storedKeyOf(principal: Principal): StoredApiKey {
  return principal.kind === 'operator'
    ? { kind: 'operator', customerId: null }
    : { kind: 'customer', customerId: principal.customerId };
}

/** A stored key with its lifecycle (instants in epoch ms); never its secret or hash. */
export interface ApiKeyRecord extends StoredApiKey {
  id: string;
  createdAtMs: number;
  /** After this instant the key answers 401; null: it does not expire. */
  expiresAtMs: number | null;
  revokedAtMs: number | null;
  lastUsedAtMs: number | null;
}

/**
 * A key authenticates while it is neither revoked (at any instant: a revocation counts at
 * once, whatever the clocks) nor expired: expiry at 12:00:00.000 still lets 11:59:59.999 in.
 */
export function keyIsLive(key: ApiKeyRecord, nowMs: number): boolean {
  return key.revokedAtMs === null && (key.expiresAtMs === null || nowMs < key.expiresAtMs);
}

/** How precisely last use is kept: a key's row is written at most once per this span. */
export const LAST_USED_RESOLUTION_MS = 60_000;

/**
 * True when a use at `nowMs` should be written down: never used, or last written a full
 * resolution ago (used at 12:00:00, then 12:00:59 -> no; 12:01:00 -> yes).
 */
export function lastUseIsStale(lastUsedAtMs: number | null, nowMs: number): boolean {
  return lastUsedAtMs === null || nowMs - lastUsedAtMs >= LAST_USED_RESOLUTION_MS;
}
