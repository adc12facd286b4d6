import type { BusinessEvent } from './business-event';
import { assertVoidable } from './payments';
import type { InvoiceSettlementState } from './stored-records';

/** What voiding reads under the invoice's row lock. */
export type VoidTarget = InvoiceSettlementState;

export type VoidDecision = { kind: 'unchanged' } | { kind: 'void'; events: BusinessEvent[] };

/**
 * Voiding: a void invoice stays as it is (a retried void changes nothing); otherwise only an
 * open invoice without payments or credit notes can be voided (see assertVoidable), and
 * invoice.voided is emitted.
 *
 * Example: open INV-2031-000007, nothing paid -> void, invoice.voided { invoiceId, number };
 * void -> unchanged; partially_paid -> invalid_invoice_state.
 */
export function decideVoid(invoice: VoidTarget, voidedAtMs: number): VoidDecision {
  if (invoice.status === 'void') return { kind: 'unchanged' };
  assertVoidable(invoice);
  return { kind: 'void', events: eventsForVoid(invoice, voidedAtMs) };
}

export function eventsForVoid(invoice: VoidTarget, voidedAtMs: number): BusinessEvent[] {
  return [
    {
      type: 'invoice.voided',
      customerId: invoice.customerId,
      subjectId: invoice.id,
      payload: { invoiceId: invoice.id, number: invoice.number },
      occurredAtMs: voidedAtMs,
    },
  ];
}
