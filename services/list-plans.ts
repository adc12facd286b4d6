import type { Database } from '../db/client';
import { loadPlans } from '../db/repositories/catalog.repository';
import type { Plan } from '../domain/catalog/plan';

/** Every plan with its prices, ordered by id. */
export function listPlans(db: Database): Promise<Plan[]> {
  return loadPlans(db);
}
