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
