import type { Database } from '../db/client';
import { loadCustomer } from '../db/repositories/customers.repository';
import { loadInvoice, type StoredInvoice } from '../db/repositories/invoices.repository';
import { loadProject } from '../db/repositories/projects.repository';
import type { Customer } from '../domain/customer';
import { BillingError } from '../domain/errors';
import { isWellFormedId, isWellFormedInvoiceId } from '../domain/ids';
import {
  mayReadCustomer,
  mayReadCustomerPart,
  mayReadProject,
  projectScopeOf,
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

/**
 * The customer whose usage a read shows and the project it narrows to (null: the whole
 * account). A project key reads its own project's usage only: without `projectId` it is
 * narrowed to it; another project, like any project the customer does not have, is
 * project_not_found (404), so a key learns nothing of the other projects.
 * Example: the key of project web asks projectId=data -> 404; nothing -> "web".
 */
export async function loadVisibleUsageScope(
  db: Database,
  principal: Principal,
  customerId: string,
  projectId: string | undefined,
): Promise<{ customer: Customer; projectId: string | null }> {
  const customer = await loadVisibleCustomerPart(db, principal, customerId);
  const wanted = projectId ?? projectScopeOf(principal);
  if (wanted === null) return { customer, projectId: null };
  const project =
    isWellFormedId(wanted) && mayReadProject(principal, wanted)
      ? await loadProject(db, customer.id, wanted)
      : null;
  if (!project) throw new BillingError('project_not_found', `no project ${wanted}`);
  return { customer, projectId: project.id };
}
