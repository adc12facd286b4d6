import type { Database } from '../db/client';
import { loadInvoiceHeader } from '../db/repositories/invoices.repository';

/** When an invoice falls due (null: unknown invoice, or no due date). */
export async function getInvoiceDueDate(
  db: Database,
  input: { invoiceId: string },
): Promise<{ dueAtMs: number | null }> {
  const invoice = await loadInvoiceHeader(db, input.invoiceId);
  return { dueAtMs: invoice?.dueAtMs ?? null };
}
