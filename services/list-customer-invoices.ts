import type { Database } from '../db/client';
import { loadCustomerInvoicesAfter } from '../db/repositories/invoices.repository';
import type { StoredInvoice } from '../domain/invoice';
import { decodeCursor, pageOf, type Page, type PageRequest } from '../domain/pagination';
import type { Principal } from '../domain/principal';
import { loadVisibleCustomerPart } from './access';

/**
 * A page of a customer's invoices (drafts included) in period order ((period start, id)),
 * as the principal may see them (a project key too: the view shows its sections only).
 */
export async function listCustomerInvoices(
  db: Database,
  principal: Principal,
  customerId: string,
  page: PageRequest,
): Promise<Page<StoredInvoice>> {
  const after =
    page.cursor === undefined ? undefined : decodeCursor(page.cursor, ['number', 'string']);
  const customer = await loadVisibleCustomerPart(db, principal, customerId);
  const rows = await loadCustomerInvoicesAfter(db, customer.id, { take: page.limit + 1, after });
  return pageOf(rows, page.limit, (invoice) => [invoice.periodStartMs, invoice.id]);
}
