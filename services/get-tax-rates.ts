import type { Database } from '../db/client';
import type { Principal } from '../domain/principal';
import { loadVisibleCustomer } from './access';
import { loadTaxSetup, type TaxSetup } from './put-tax-rates';

/** A customer's tax rates, in their order, and its tax override if any. */
export async function getTaxRates(
  db: Database,
  principal: Principal,
  customerId: string,
): Promise<TaxSetup> {
  const customer = await loadVisibleCustomer(db, principal, customerId);
  return loadTaxSetup(db, customer.id);
}
