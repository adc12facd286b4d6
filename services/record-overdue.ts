import type { EventDispatcher } from '../adapters/temporal/event-dispatcher';
import type { Database } from '../db/client';
import { recordBillingEvent } from '../db/repositories/billing-events.repository';
import { loadInvoice } from '../db/repositories/invoices.repository';
import { overdueEventOf } from '../domain/delivery/overdue';
import { dispatchPendingEvents } from './dispatch-pending-events';

/**
 * At the due date: an invoice still unpaid becomes overdue, reported once (the outbox event,
 * handed to delivery at once when a dispatcher is configured). False when nothing is due.
 */
export async function recordOverdueIfUnpaid(
  deps: { db: Database; dispatcher: EventDispatcher | null },
  input: { invoiceId: string; atMs: number },
): Promise<boolean> {
  const invoice = await loadInvoice(deps.db, input.invoiceId);
  const event = overdueEventOf(invoice, input.atMs);
  if (!invoice || !event) return false;
  await recordBillingEvent(deps.db, event);
  if (deps.dispatcher) {
    await dispatchPendingEvents(
      deps.db,
      deps.dispatcher,
      { customerId: invoice.customerId },
      input.atMs,
    );
  }
  return true;
}
