import type { Database } from '../db/client';
import { loadCustomerInvoices } from '../db/repositories/invoices.repository';
import type { StoredInvoice } from '../domain/invoice';
import type { Principal } from '../domain/principal';
import { loadVisibleCustomer } from './access';

/** A customer's invoices (drafts included) in period order, as the principal may see them. */
export async function listCustomerInvoices(
  db: Database,
  principal: Principal,
  customerId: string,
): Promise<StoredInvoice[]> {
  const customer = await loadVisibleCustomer(db, principal, customerId);
  return loadCustomerInvoices(db, customer.id);
}
