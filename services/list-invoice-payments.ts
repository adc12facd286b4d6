import type { Database } from '../db/client';
import { loadInvoicePaymentsAfter } from '../db/repositories/invoice-settlement.repository';
import { decodeCursor, pageOf, type Page, type PageRequest } from '../domain/pagination';
import type { Principal } from '../domain/principal';
import { loadVisibleInvoice } from './access';

/** A payment against an invoice, in the invoice's currency. */
export interface InvoicePayment {
  invoiceId: string;
  reference: string;
  amount: string;
  currency: string;
  receivedAtMs: number;
}

/**
 * A page of the payments of an invoice in the order they were received, as the principal may
 * see them: an operator, or the invoice's customer through an account-wide credential (a
 * project key sees only its section of an invoice, not the payments of the whole).
 */
export async function listInvoicePayments(
  db: Database,
  principal: Principal,
  invoiceId: string,
  page: PageRequest,
): Promise<Page<InvoicePayment>> {
  const after =
    page.cursor === undefined ? undefined : decodeCursor(page.cursor, ['number', 'string']);
  const invoice = await loadVisibleInvoice(db, principal, invoiceId);
  const rows = await loadInvoicePaymentsAfter(db, invoice.id, { take: page.limit + 1, after });
  const payments = rows.map((row) => ({
    invoiceId: invoice.id,
    currency: invoice.currency,
    ...row,
  }));
  return pageOf(payments, page.limit, (payment) => [payment.receivedAtMs, payment.reference]);
}
