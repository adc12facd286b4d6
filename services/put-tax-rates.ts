import type { Database } from '../db/client';
import {
  loadCustomerTaxRates,
  saveCustomerTaxRates,
} from '../db/repositories/tax-rates.repository';
import type { TaxRate } from '../domain/invoice';
import type { Principal } from '../domain/principal';
import { loadVisibleCustomer } from './access';

/**
 * Replaces a customer's tax rates: every line of its drafts and previews from now on is
 * taxed by them (final invoices keep theirs). Answers the stored rates.
 */
export async function putTaxRates(
  deps: { db: Database },
  principal: Principal,
  customerId: string,
  rates: TaxRate[],
): Promise<TaxRate[]> {
  return deps.db.transaction(async (tx) => {
    const customer = await loadVisibleCustomer(tx, principal, customerId);
    await saveCustomerTaxRates(tx, customer.id, rates);
    return loadCustomerTaxRates(tx, customer.id);
  });
}
