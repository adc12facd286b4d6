import { periodContaining } from '../calendar';
import type { BillingCycle, Period } from '../calendar/types';
import { Decimal } from '../decimal';
import { displayedStatus, remaining, type InvoiceStatus } from '../invoice/payments';
import { formatAmount } from '../money';

/**
 * What the customer still owes, in `currency`: the remaining amount of every open or
 * partially paid invoice, and of those the ones past their due date (overdue). Drafts and
 * void or paid invoices owe nothing. Example: open 10.00 due yesterday and partially paid
 * 30.00 with 5.00 paid, due next week -> open 35.00, overdue 10.00.
 */
export function amountsOwed(
  invoices: readonly {
    status: InvoiceStatus;
    currency: string;
    amountDue: string;
    amountPaid: string;
    amountCredited?: string;
    dueAtMs: number | null;
  }[],
  currency: string,
  nowMs: number,
): { openAmount: string; overdueAmount: string } {
  let open = new Decimal(0);
  let overdue = new Decimal(0);
  for (const invoice of invoices) {
    if (invoice.currency !== currency) continue;
    if (invoice.status !== 'open' && invoice.status !== 'partially_paid') continue;
    const owed = new Decimal(remaining(invoice));
    open = open.plus(owed);
    if (displayedStatus(invoice.status, invoice.dueAtMs, nowMs) === 'overdue') {
      overdue = overdue.plus(owed);
    }
  }
  return {
    openAmount: formatAmount(open, currency),
    overdueAmount: formatAmount(overdue, currency),
  };
}

/**
 * When the next invoice is finalized: the end of the grace period of the period that ended
 * last, while it lasts, else the end of the current period plus the grace period. Example:
 * monthly, 2 days of grace, on 1 Dec 10:00 -> 3 Dec 00:00 (November's); on 5 Dec -> 3 Jan.
 */
export function nextInvoiceAtMs(
  cycle: BillingCycle,
  current: Period,
  graceMs: number,
  nowMs: number,
): number {
  const previous = periodContaining(cycle, current.startMs - 1);
  return previous.endMs + graceMs > nowMs ? previous.endMs + graceMs : current.endMs + graceMs;
}
