import type { Database } from '../../db/client';
import { saveNewPlan } from '../../db/repositories/catalog.repository';
import { saveNewCustomer } from '../../db/repositories/customers.repository';
import { saveNewSubscription } from '../../db/repositories/subscriptions.repository';
import type { Plan } from '../../domain/catalog/plan';
import { DEFAULT_BILLING_PROFILE, type Customer } from '../../domain/customer';
import { aCustomer, uniqueId } from '../fixtures/builders';

/**
 * Saves `customer` (a new one by default) and `plan`, and subscribes the one to the other from
 * `effectiveFromMs` (1 Jan 2030 by default).
 */
export async function saveSubscribedCustomer(
  db: Database,
  plan: Plan,
  { customer = aCustomer(), effectiveFromMs = Date.UTC(2030, 0, 1) } = {},
): Promise<Customer> {
  await saveNewCustomer(db, customer, DEFAULT_BILLING_PROFILE);
  await saveNewPlan(db, plan);
  await saveNewSubscription(db, {
    id: uniqueId('sub'),
    customerId: customer.id,
    planId: plan.id,
    effectiveFromMs,
  });
  return customer;
}
