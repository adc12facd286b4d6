import type { Database } from '../db/client';
import { loadApiKeysAfter } from '../db/repositories/api-keys.repository';
import type { ApiKeyRecord } from '../domain/api-key';
import { decodeCursor, pageOf, type Page, type PageRequest } from '../domain/pagination';

/** A page of the stored keys (never their secrets), oldest first. */
export async function listApiKeysPage(
  db: Database,
  page: PageRequest,
): Promise<Page<ApiKeyRecord>> {
  const after =
    page.cursor === undefined ? undefined : decodeCursor(page.cursor, ['number', 'string']);
  const rows = await loadApiKeysAfter(db, { take: page.limit + 1, after });
  return pageOf(rows, page.limit, (key) => [key.createdAtMs, key.id]);
}
