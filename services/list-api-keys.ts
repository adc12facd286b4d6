import type { Database } from '../db/client';
import {
  loadApiKeysAfter,
  type ApiKeyRecordWithProject,
} from '../db/repositories/api-keys.repository';
import { decodeCursor, pageOf, type Page, type PageRequest } from '../domain/pagination';

/** A stored key with the project a customer key is confined to (null: none). */
export type ListedApiKey = ApiKeyRecordWithProject;

/**
 * A page of the stored keys (never their secrets), oldest first, each with its project: a
 * customer key confined to one project (issued with kind "project") is listed as such.
 */
export async function listApiKeysPage(
  db: Database,
  page: PageRequest,
): Promise<Page<ListedApiKey>> {
  const after =
    page.cursor === undefined ? undefined : decodeCursor(page.cursor, ['number', 'string']);
  const rows = await loadApiKeysAfter(db, { take: page.limit + 1, after });
  return pageOf(rows, page.limit, (key) => [key.createdAtMs, key.id]);
}
