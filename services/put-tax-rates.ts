import type { Database } from '../db/client';
import {
  loadCustomerTaxOverride,
  loadCustomerTaxRates,
  saveCustomerTaxRates,
} from '../db/repositories/tax-rates.repository';
import type { TaxRate } from '../domain/invoice';
import type { TaxOverride } from '../domain/invoice/tax-categories';
import type { Principal } from '../domain/principal';
import { loadVisibleCustomer } from './access';

/** A customer's tax setup as the API shows it: the override only when there is one. */
export interface TaxSetup {
  taxRates: TaxRate[];
  taxOverride?: TaxOverride;
}

/**
 * Replaces a customer's tax rates and tax override: every line of its drafts and previews
 * from now on is taxed by the rates of its category, or in reverse charge under the override
 * (final invoices keep theirs). Answers the stored setup.
 */
export async function putTaxRates(
  deps: { db: Database },
  principal: Principal,
  customerId: string,
  rates: TaxRate[],
  taxOverride: TaxOverride | null = null,
): Promise<TaxSetup> {
  return deps.db.transaction(async (tx) => {
    const customer = await loadVisibleCustomer(tx, principal, customerId);
    await saveCustomerTaxRates(tx, customer.id, rates, taxOverride);
    return loadTaxSetup(tx, customer.id);
  });
}

/** The stored rates and override of a customer known to exist. */
export async function loadTaxSetup(db: Database, customerId: string): Promise<TaxSetup> {
  const taxRates = await loadCustomerTaxRates(db, customerId);
  const taxOverride = await loadCustomerTaxOverride(db, customerId);
  return taxOverride === null ? { taxRates } : { taxRates, taxOverride };
}
