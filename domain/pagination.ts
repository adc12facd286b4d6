import { BillingError } from './errors';

/**
 * Cursor (keyset) pagination, the pure part. A list is read in a stable order whose key ends
 * in a unique column; a page is the first `limit` items after the key of the last item the
 * client saw. The cursor is that key as opaque base64url JSON: `[1767225600000,"inv-a"]` is
 * `WzE3NjcyMjU2MDAwMDAsImludi1hIl0`. Clients pass it back untouched; its content is not part
 * of the contract.
 */

export const DEFAULT_PAGE_LIMIT = 50;
export const MAX_PAGE_LIMIT = 200;

/** What a use case is asked for: at most `limit` items after `cursor` (the first page without). */
export interface PageRequest {
  limit: number;
  cursor?: string;
}

/** A page of a list; `nextCursor` is null on the last page. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export type KeyPart = 'string' | 'number';

/** The decoded key: a number for each 'number' part (epoch ms), a string for each 'string'. */
export type KeyOf<K extends readonly KeyPart[]> = {
  -readonly [I in keyof K]: K[I] extends 'number' ? number : string;
};

export function encodeCursor(key: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

const invalidCursor = (): BillingError =>
  new BillingError('invalid_request', 'the cursor is invalid', {
    details: [{ field: 'cursor', message: 'is not a nextCursor of this list' }],
  });

/** Instants of keys are epoch ms of years 1000 to 9999: what PostgreSQL and Date both hold. */
const MIN_KEY_MS = -30_610_224_000_000; // 1000-01-01T00:00:00Z
const MAX_KEY_MS = 253_402_300_799_999; // 9999-12-31T23:59:59.999Z

const isKeyInstant = (value: unknown): boolean =>
  Number.isSafeInteger(value) && (value as number) >= MIN_KEY_MS && (value as number) <= MAX_KEY_MS;

/** Ids and references (ASCII): not empty, no control characters or surrogates (the database refuses NUL). */
const isKeyText = (value: unknown): boolean =>
  typeof value === 'string' &&
  value.length > 0 &&
  // eslint-disable-next-line no-control-regex
  !/[\u0000-\u001f\ud800-\udfff]/.test(value);

/**
 * The key in a cursor, checked against the shape of the list's key; anything else (not
 * base64url, not JSON, another list's key) is a 400 naming `cursor`.
 */
export function decodeCursor<const K extends readonly KeyPart[]>(
  cursor: string,
  parts: K,
): KeyOf<K> {
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) throw invalidCursor();
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  const fits =
    Array.isArray(key) &&
    key.length === parts.length &&
    key.every((value, index) =>
      parts[index] === 'number' ? isKeyInstant(value) : isKeyText(value),
    );
  if (!fits) throw invalidCursor();
  return key as KeyOf<K>;
}

/**
 * A page from the rows read for it: the repository reads `limit + 1` rows, and the extra one
 * only says that there is more. `nextCursor` is the key of the page's last item.
 * Worked example: limit 2, rows [a, b, c] -> items [a, b], nextCursor = cursor of b;
 * rows [a, b] -> items [a, b], nextCursor null.
 */
export function pageOf<T>(
  rows: readonly T[],
  limit: number,
  keyOf: (item: T) => readonly (string | number)[],
): Page<T> {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return {
    items,
    nextCursor: rows.length > limit && last !== undefined ? encodeCursor(keyOf(last)) : null,
  };
}
