import type { Database } from '../db/client';
import { loadPlan, saveNewPlan } from '../db/repositories/catalog.repository';
import { decidePlanCreate, planExists, type Plan } from '../domain/catalog/plan';
import { BillingError } from '../domain/errors';
import { RACED, retryOnceIfRaced } from './raced';

/**
 * Creates a plan (validated by the caller, prices included). Idempotent by id: the same plan
 * again answers the stored one; another plan under the id is `plan_exists` (plans are
 * immutable: a price change is a new plan).
 */
export async function createPlan(
  deps: { db: Database },
  requested: Plan,
): Promise<{ plan: Plan; created: boolean }> {
  return retryOnceIfRaced(() =>
    deps.db.transaction(async (tx) => {
      const existing = await loadPlan(tx, requested.id);
      switch (decidePlanCreate(existing, requested)) {
        case 'conflict':
          throw planExists(requested.id);
        case 'replay':
          return { plan: existing as Plan, created: false };
        case 'create':
          try {
            return { plan: await saveNewPlan(tx, requested), created: true };
          } catch (error) {
            if (error instanceof BillingError && error.code === 'plan_exists') return RACED;
            throw error;
          }
      }
    }),
  );
}
