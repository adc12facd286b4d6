import type { Database } from '../db/client';
import { loadPlansAfter } from '../db/repositories/catalog.repository';
import type { Plan } from '../domain/catalog/plan';
import { decodeCursor, pageOf, type Page, type PageRequest } from '../domain/pagination';

/** A page of the plans with their prices, ordered by id. */
export async function listPlansPage(db: Database, page: PageRequest): Promise<Page<Plan>> {
  const after = page.cursor === undefined ? undefined : decodeCursor(page.cursor, ['string']);
  const rows = await loadPlansAfter(db, { take: page.limit + 1, after });
  return pageOf(rows, page.limit, (plan) => [plan.id]);
}
