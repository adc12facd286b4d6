import type { Database } from '../db/client';
import { loadCustomerWithProfile, saveNewCustomer } from '../db/repositories/customers.repository';
import type { BillingProfile, Customer } from '../domain/customer';
import { BillingError } from '../domain/errors';
import { decideCreate } from '../domain/idempotent-create';
import type { BillingCycles } from '../adapters/temporal/billing-cycles';
import { RACED, retryOnceIfRaced } from './raced';

export interface CreateCustomerDeps {
  db: Database;
  cycles: Pick<BillingCycles, 'start'>;
}

type Stored = { customer: Customer; profile: BillingProfile };

/**
 * Creates a customer and starts its billing cycle. Idempotent by id: the same fields again
 * return the stored customer (and make sure its cycle runs); other fields are a conflict.
 * The cycle starts after the customer is committed, so its workflow always finds it; started
 * by the request that created the customer, it knows there are no budgets to check yet.
 */
export async function createCustomer(
  deps: CreateCustomerDeps,
  requested: Stored,
): Promise<Stored & { created: boolean }> {
  const result = await retryOnceIfRaced(() =>
    deps.db.transaction(async (tx) => {
      const existing = await loadCustomerWithProfile(tx, requested.customer.id);
      switch (decideCreate(existing, requested)) {
        case 'conflict':
          throw new BillingError(
            'customer_exists',
            `customer ${requested.customer.id} already exists with other fields`,
            { details: [{ field: 'id', message: 'already exists' }] },
          );
        case 'replay':
          return { ...(existing as Stored), created: false };
        case 'create':
          try {
            const customer = await saveNewCustomer(tx, requested.customer, requested.profile);
            return { customer, profile: requested.profile, created: true };
          } catch (error) {
            if (error instanceof BillingError && error.code === 'customer_exists') return RACED;
            throw error;
          }
      }
    }),
  );
  await deps.cycles.start(result.customer, { created: result.created });
  return result;
}
