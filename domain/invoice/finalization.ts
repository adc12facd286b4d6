import { Decimal } from '../decimal';
import { formatAmount } from '../money';
import type { BusinessEvent } from './business-event';
import { carriedCredit } from './carry-to-credit';
import { computeCreditsApplied, creditConsumptionEntry } from './credits';
import { dueDateMs } from './numbering';
import type { InvoiceStatus } from './payments';
import type { NewCreditEntry } from './stored-records';

/** What finalizing a draft reads, under the invoice's and the customer's row locks. */
export interface FinalizationState {
  invoiceId: string;
  customerId: string;
  currency: string;
  status: InvoiceStatus;
  /** The invoice total after discounts and tax, before credits. */
  total: string;
  /** The coupons the draft applied, in order. */
  discounts: readonly { couponId: string }[];
  /** The customer's credit balance in the invoice currency now (see creditBalance). */
  creditBalance: string;
  /** The customer's payment terms; null: the default (net 30). */
  paymentTermsDays: number | null;
  /** Per line; a negative adjustment may carry a part to credit (carry-to-credit.ts). */
  lineTotals?: readonly { carriedToCredit?: string }[];
}

export interface FinalizationDecision {
  /** Nothing due (credits covered it, or a zero invoice): paid the moment it is final. */
  status: 'paid' | 'open';
  number: string;
  finalizedAtMs: number;
  dueAtMs: number;
  /** Fixed at finalization: min(balance, total), never below zero. */
  creditsApplied: string;
  amountDue: string;
  /** Each coupon the invoice applied counts one more billing period. */
  couponIdsToCount: string[];
  /** The credits this invoice consumes, to record in the ledger; null when none. */
  creditConsumption: NewCreditEntry | null;
  /**
   * What negative adjustments carried beyond this invoice, granted as credit after the
   * consumption (so it pays later invoices, not this one); null when nothing was carried.
   */
  carriedCredit: NewCreditEntry | null;
  /** invoice.finalized, then invoice.paid when nothing is due. */
  events: BusinessEvent[];
}

/** Only a draft is finalized; finalizing a final (or void) invoice again changes nothing. */
export function needsFinalization(status: InvoiceStatus): boolean {
  return status === 'draft';
}

/**
 * Finalizing a draft: credits are fixed now (the draft only showed them provisionally), the
 * due date follows the payment terms from the finalization instant, and an invoice with
 * nothing left to pay is paid at once.
 *
 * Example: total 8.00 EUR, balance 10.00, net 14, finalized 2031-01-01T12:00Z as
 * INV-2031-000001 -> creditsApplied 8.00, amountDue 0.00, status paid, due 2031-01-15T12:00Z,
 * a consumption of 8.00 under `invoice:<id>`, events invoice.finalized and invoice.paid.
 * The next invoice of 8.00 then sees a balance of 2.00: creditsApplied 2.00, amountDue 6.00,
 * status open, invoice.finalized only.
 */
export function decideFinalization(
  state: FinalizationState,
  at: { finalizedAtMs: number; number: string },
): FinalizationDecision {
  const { invoiceId, customerId, currency } = state;
  const total = new Decimal(state.total);
  const applied = computeCreditsApplied(new Decimal(state.creditBalance), total);
  const consumption = creditConsumptionEntry(invoiceId, applied, currency);
  const amountDue = formatAmount(total.minus(applied), currency);
  const paid = new Decimal(amountDue).isZero();
  const carried = carriedCredit(state.lineTotals ?? [], currency);
  const event = {
    customerId,
    subjectId: invoiceId,
    payload: { invoiceId, number: at.number, amountDue, currency },
    occurredAtMs: at.finalizedAtMs,
  };
  return {
    status: paid ? 'paid' : 'open',
    number: at.number,
    finalizedAtMs: at.finalizedAtMs,
    dueAtMs: dueDateMs(at.finalizedAtMs, state.paymentTermsDays ?? undefined),
    creditsApplied: formatAmount(applied, currency),
    amountDue,
    couponIdsToCount: state.discounts.map((discount) => discount.couponId),
    creditConsumption: consumption && {
      ...consumption,
      currency,
      description: `Applied to invoice ${invoiceId}`,
    },
    carriedCredit: new Decimal(carried).isZero()
      ? null
      : {
          kind: 'grant',
          reference: `carried:${invoiceId}`,
          amount: carried,
          currency,
          description: `Restated usage carried beyond invoice ${invoiceId}`,
        },
    events: [
      { ...event, type: 'invoice.finalized' },
      ...(paid ? [{ ...event, type: 'invoice.paid' as const }] : []),
    ],
  };
}
