import type { Database } from '../db/client';
import { loadCustomer } from '../db/repositories/customers.repository';
import type { Customer } from '../domain/customer';
import { BillingError } from '../domain/errors';
import { isWellFormedId } from './schemas/ids';

/** The customer a path names, or 404; a malformed id is 404 without a database query. */
export async function loadCustomerOr404(db: Database, id: string): Promise<Customer> {
  const customer = isWellFormedId(id) ? await loadCustomer(db, id) : null;
  if (!customer) throw new BillingError('customer_not_found', `no customer ${id}`);
  return customer;
}
