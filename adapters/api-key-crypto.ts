import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** What the database stores of a key: its SHA-256, hex. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/** A new key: 32 random bytes, shown to the caller once and stored only as its hash. */
export function generateApiKey(): { id: string; key: string } {
  return {
    id: `key_${randomBytes(8).toString('hex')}`,
    key: `bk_${randomBytes(32).toString('base64url')}`,
  };
}

/** Compares two hashes in constant time. */
export function sameHash(a: string, b: string): boolean {
  return timingSafeEqual(Buffer.from(a, 'hex'), Buffer.from(b, 'hex'));
}
