import type { Response } from 'express';
import type { Database } from '../db/client';
import { loadCustomer } from '../db/repositories/customers.repository';
import { loadInvoice, type StoredInvoice } from '../db/repositories/invoices.repository';
import type { Customer } from '../domain/customer';
import { BillingError } from '../domain/errors';
import { mayRead } from './auth';
import { isWellFormedId, isWellFormedInvoiceId } from './schemas/ids';

/**
 * The customer a path names, if the caller may read it; otherwise 404, so another customer's
 * ids do not even leak their existence. A malformed id is 404 without a database query.
 */
export async function loadCustomerOr404(
  res: Response,
  db: Database,
  id: string,
): Promise<Customer> {
  const customer = isWellFormedId(id) && mayRead(res, id) ? await loadCustomer(db, id) : null;
  if (!customer) throw new BillingError('customer_not_found', `no customer ${id}`);
  return customer;
}

/** The invoice a path names, if the caller may read it; otherwise 404, like a customer. */
export async function loadInvoiceOr404(
  res: Response,
  db: Database,
  id: string,
): Promise<StoredInvoice> {
  const invoice = isWellFormedInvoiceId(id) ? await loadInvoice(db, id) : null;
  if (!invoice || !mayRead(res, invoice.customerId)) {
    throw new BillingError('invoice_not_found', `no invoice ${id}`);
  }
  return invoice;
}
