import { Decimal } from '../decimal';
import { formatAmount } from '../money';
import type { BusinessEvent } from './business-event';
import type { CreditNoteAmounts } from './credit-notes';
import type { InvoiceStatus } from './payments';
import type { InvoiceSettlementState, NewCreditEntry } from './stored-records';

/** The invoice a credit note is issued against, as read under its row lock. */
export type CreditedInvoice = InvoiceSettlementState;

export interface CreditNoteSettlement {
  /** The invoice's credited amount with this note. */
  amountCredited: string;
  /** The invoice's status afterwards: paid once payments and credit notes cover amountDue. */
  status: InvoiceStatus;
  /** What the invoice could not absorb, granted to the customer's balance; null when none. */
  balanceGrant: NewCreditEntry | null;
  /** invoice.paid (when this note settles an unpaid invoice), then credit_note.created. */
  events: BusinessEvent[];
}

/**
 * What an issued credit note does to its invoice and the customer's credits: the part
 * applied to the invoice reduces what is left to pay (the invoice is paid when payments
 * and credit notes cover its amount due); the rest is granted as credit under
 * `credit_note:<id>`.
 *
 * Example: open 20.00 EUR, nothing paid; CN-2031-000001 of 5.00 (applied 5.00) -> credited
 * 5.00, still open, credit_note.created; then CN-2031-000002 of 15.00 -> credited 20.00,
 * paid, invoice.paid { settledBy CN-2031-000002 } and credit_note.created. A note of 3.00
 * on a paid invoice (applied 0.00) -> a grant of 3.00 and credit_note.created.
 */
export function settleWithCreditNote(
  invoice: CreditedInvoice,
  amounts: Pick<CreditNoteAmounts, 'appliedToInvoice' | 'creditedToBalance' | 'total'>,
  note: { id: string; number: string; issuedAtMs: number },
): CreditNoteSettlement {
  const { currency } = invoice;
  const credited = new Decimal(invoice.amountCredited).plus(amounts.appliedToInvoice);
  const settled = credited.plus(invoice.amountPaid).gte(invoice.amountDue);
  const base = { customerId: invoice.customerId, occurredAtMs: note.issuedAtMs };
  const events: BusinessEvent[] = [];
  if (settled && invoice.status !== 'paid') {
    events.push({
      ...base,
      type: 'invoice.paid',
      subjectId: invoice.id,
      payload: { invoiceId: invoice.id, number: invoice.number, settledBy: note.number },
    });
  }
  events.push({
    ...base,
    type: 'credit_note.created',
    subjectId: note.id,
    payload: {
      creditNoteId: note.id,
      number: note.number,
      invoiceId: invoice.id,
      total: amounts.total,
    },
  });
  return {
    amountCredited: formatAmount(credited, currency),
    status: settled ? 'paid' : invoice.status,
    balanceGrant: new Decimal(amounts.creditedToBalance).isZero()
      ? null
      : {
          kind: 'grant',
          amount: amounts.creditedToBalance,
          reference: `credit_note:${note.id}`,
          currency,
          description: `Credit note ${note.number}`,
        },
    events,
  };
}
