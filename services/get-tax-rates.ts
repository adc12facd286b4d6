import type { Database } from '../db/client';
import { loadCustomerTaxRates } from '../db/repositories/tax-rates.repository';
import type { TaxRate } from '../domain/invoice';
import type { Principal } from '../domain/principal';
import { loadVisibleCustomer } from './access';

/** A customer's tax rates, in their order. */
export async function getTaxRates(
  db: Database,
  principal: Principal,
  customerId: string,
): Promise<TaxRate[]> {
  const customer = await loadVisibleCustomer(db, principal, customerId);
  return loadCustomerTaxRates(db, customer.id);
}
