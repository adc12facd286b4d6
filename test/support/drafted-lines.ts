import type { Database } from '../../db/client';
import { loadInvoice } from '../../db/repositories/invoices.repository';
import type { Period } from '../../domain/calendar';
import { draftPeriodInvoice } from '../../services/draft-period-invoice';

/**
 * A period drafted from its saved summary, as the billing cycle's close drafts it: each line
 * of the draft as [line id, quantity, amount].
 */
export async function draftedLines(
  db: Database,
  customerId: string,
  period: Period,
): Promise<string[][]> {
  const { invoiceId } = await draftPeriodInvoice({ db }, { customerId, period });
  const draft = await loadInvoice(db, invoiceId as string);
  return (draft?.lines ?? []).map((line) => [line.lineId, line.quantity, line.amount]);
}
