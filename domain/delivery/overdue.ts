import type { InvoiceStatus } from '../invoice/payments';

/** An invoice still waiting to be paid: final, not voided, not (fully) paid. */
export function awaitsPayment(status: InvoiceStatus): boolean {
  return status === 'open' || status === 'partially_paid';
}

/** The invoice.overdue event to report. */
export interface OverdueEvent {
  type: 'invoice.overdue';
  customerId: string;
  subjectId: string;
  payload: { invoiceId: string; number: string | null; dueAt: number | null };
  occurredAtMs: number;
}

/**
 * At the due date: an invoice still unpaid is reported overdue (once: the event id derives
 * from the invoice); a paid, voided or unknown invoice reports nothing.
 */
export function overdueEventOf(
  invoice: {
    id: string;
    customerId: string;
    status: InvoiceStatus;
    number: string | null;
    dueAtMs: number | null;
  } | null,
  atMs: number,
): OverdueEvent | null {
  if (!invoice || !awaitsPayment(invoice.status)) return null;
  return {
    type: 'invoice.overdue',
    customerId: invoice.customerId,
    subjectId: invoice.id,
    payload: { invoiceId: invoice.id, number: invoice.number, dueAt: invoice.dueAtMs },
    occurredAtMs: atMs,
  };
}
