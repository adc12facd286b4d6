import type { Database } from '../db/client';
import { loadBillingProfile } from '../db/repositories/customers.repository';
import type { BillingProfile, Customer } from '../domain/customer';
import { BillingError } from '../domain/errors';
import type { Principal } from '../domain/principal';
import { loadVisibleCustomer } from './access';

/** A customer with its billing profile, as the principal may see it. */
export async function getCustomer(
  db: Database,
  principal: Principal,
  id: string,
): Promise<{ customer: Customer; profile: BillingProfile }> {
  const customer = await loadVisibleCustomer(db, principal, id);
  const profile = await loadBillingProfile(db, customer.id);
  if (!profile) throw new BillingError('customer_not_found', `no customer ${id}`);
  return { customer, profile };
}
