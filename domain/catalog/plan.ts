import { canonical } from '../canonical-json';
import { BillingError } from '../errors';
import { decideCreate, type CreateDecision } from '../idempotent-create';
import type { Price } from '../rating/types';

/** A plan and its prices, in the order they were created. Plans are immutable. */
export interface Plan {
  id: string;
  name: string;
  /** ISO 4217 code; a subscription's customer bills in the same currency. */
  currency: string;
  /** Per period, a whole number of minor units (see applyMinimumCommitment); null: none. */
  minimumCommitment: string | null;
  prices: Price[];
}

/**
 * Creating a plan under an id that exists: the same plan field by field (key order aside)
 * is a replay, anything else a conflict, because plans are never changed.
 */
export function decidePlanCreate(existing: Plan | null, requested: Plan): CreateDecision {
  return decideCreate(existing === null ? null : canonical(existing), canonical(requested));
}

export function planExists(id: string): BillingError {
  return new BillingError(
    'plan_exists',
    `plan ${id} already exists with other fields (plans are immutable: create a new plan)`,
    { details: [{ field: 'id', message: 'already exists' }] },
  );
}
