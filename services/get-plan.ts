import type { Database } from '../db/client';
import { loadPlan } from '../db/repositories/catalog.repository';
import type { Plan } from '../domain/catalog/plan';
import { BillingError } from '../domain/errors';
import { isWellFormedId } from '../domain/ids';

/** A plan by id; a malformed id is not found without a query. */
export async function getPlan(db: Database, id: string): Promise<Plan> {
  const plan = isWellFormedId(id) ? await loadPlan(db, id) : null;
  if (!plan) throw new BillingError('plan_not_found', `no plan ${id}`);
  return plan;
}
