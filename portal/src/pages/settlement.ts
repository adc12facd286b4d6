import { Decimal } from '../../../domain/decimal';
import type { CreditNote, Invoice, InvoicePayment } from '../http/types';

/** One row of an invoice's settlement: what took something off the amount it had to be paid. */
export interface SettlementRow {
  key: string;
  kind: 'payment' | 'prepaid' | 'credit_note';
  at: string;
  /** The payer's reference, the credit note's number, or "Credit balance". */
  reference: string;
  /** Taken off this invoice (a credit note's rest goes to the balance: `toBalance`). */
  amount: string;
  toBalance: string | null;
  creditNote: CreditNote | null;
}

const ORDER = { prepaid: 0, payment: 1, credit_note: 2 } as const;

/**
 * The prepaid credit consumed at finalization, the payments and the credit notes of an
 * invoice, oldest first (at the same instant: prepaid credit, payments, credit notes). The
 * rows' amounts add up to creditsApplied + amountPaid + amountCredited of the invoice.
 * Example: credits 5.00 at finalization on 1 Dec, a payment of 10.00 on 3 Dec, a credit note
 * of 8.00 of which 5.00 applied on 2 Dec -> prepaid 5.00, credit note 5.00 (3.00 to the
 * balance), payment 10.00: 20.00 settled, the invoice's 5.00 + 10.00 + 5.00.
 */
export function settlementRows(
  invoice: Pick<Invoice, 'creditsApplied' | 'finalizedAt'>,
  payments: readonly InvoicePayment[],
  creditNotes: readonly CreditNote[],
): SettlementRow[] {
  const rows: SettlementRow[] = [];
  if (invoice.finalizedAt !== null && !new Decimal(invoice.creditsApplied).isZero()) {
    rows.push({
      key: 'prepaid',
      kind: 'prepaid',
      at: invoice.finalizedAt,
      reference: 'Credit balance',
      amount: invoice.creditsApplied,
      toBalance: null,
      creditNote: null,
    });
  }
  for (const payment of payments) {
    rows.push({
      key: `payment:${payment.reference}`,
      kind: 'payment',
      at: payment.receivedAt,
      reference: payment.reference,
      amount: payment.amount,
      toBalance: null,
      creditNote: null,
    });
  }
  for (const note of creditNotes) {
    rows.push({
      key: `credit-note:${note.id}`,
      kind: 'credit_note',
      at: note.issuedAt,
      reference: note.number,
      amount: note.appliedToInvoice,
      toBalance: new Decimal(note.creditedToBalance).isZero() ? null : note.creditedToBalance,
      creditNote: note,
    });
  }
  // Array.prototype.sort is stable: each list keeps its own order within an instant.
  return rows.sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || ORDER[a.kind] - ORDER[b.kind]);
}
