import type { Database } from '../db/client';
import { loadCustomer } from '../db/repositories/customers.repository';
import { loadInvoice, type StoredInvoice } from '../db/repositories/invoices.repository';
import type { Customer } from '../domain/customer';
import { BillingError } from '../domain/errors';
import { isWellFormedId, isWellFormedInvoiceId } from '../domain/ids';
import {
  mayReadCustomer,
  mayReadCustomerPart,
  mayReadProject,
  type Principal,
} from '../domain/principal';

export { mayReadProject };

/**
 * The customer an id names, if the principal may read it; otherwise customer_not_found, so
 * another customer's ids do not even leak their existence. A malformed id is not found
 * without a database query.
 */
export async function loadVisibleCustomer(
  db: Database,
  principal: Principal,
  id: string,
): Promise<Customer> {
  const visible = isWellFormedId(id) && mayReadCustomer(principal, id);
  const customer = visible ? await loadCustomer(db, id) : null;
  if (!customer) throw new BillingError('customer_not_found', `no customer ${id}`);
  return customer;
}

/** The invoice an id names, if the principal may read it; otherwise invoice_not_found. */
export async function loadVisibleInvoice(
  db: Database,
  principal: Principal,
  id: string,
): Promise<StoredInvoice> {
  const invoice = isWellFormedInvoiceId(id) ? await loadInvoice(db, id) : null;
  if (!invoice || !mayReadCustomer(principal, invoice.customerId)) {
    throw new BillingError('invoice_not_found', `no invoice ${id}`);
  }
  return invoice;
}

/**
 * The customer an id names, if the principal may read some part of it: a project key of
 * that customer too (loadVisibleCustomer refuses it). For operations that narrow what they
 * show to the principal's project (mayReadProject, projectScopeOf).
 */
export async function loadVisibleCustomerPart(
  db: Database,
  principal: Principal,
  id: string,
): Promise<Customer> {
  const visible = isWellFormedId(id) && mayReadCustomerPart(principal, id);
  const customer = visible ? await loadCustomer(db, id) : null;
  if (!customer) throw new BillingError('customer_not_found', `no customer ${id}`);
  return customer;
}

/** The invoice an id names, if the principal may read some part of it (a project key: its section). */
export async function loadVisibleInvoiceSection(
  db: Database,
  principal: Principal,
  id: string,
): Promise<StoredInvoice> {
  const invoice = isWellFormedInvoiceId(id) ? await loadInvoice(db, id) : null;
  if (!invoice || !mayReadCustomerPart(principal, invoice.customerId)) {
    throw new BillingError('invoice_not_found', `no invoice ${id}`);
  }
  return invoice;
}
