import { Decimal } from '../decimal';
import { BillingError } from '../errors';
import { currencyExponent, formatAmount } from '../money';

export type InvoiceStatus = 'draft' | 'open' | 'partially_paid' | 'paid' | 'void';

export interface PayableInvoice {
  status: InvoiceStatus;
  currency: string;
  amountDue: string;
  amountPaid: string;
  /** What credit notes took off this invoice's amount due ("0" when none). */
  amountCredited?: string;
}

/** amountDue - credit notes applied to the invoice: what payments can settle. */
function settleable(invoice: PayableInvoice): Decimal {
  return new Decimal(invoice.amountDue).minus(invoice.amountCredited ?? '0');
}

/**
 * Records a payment's effect: only a finalized, unpaid (or partly paid) invoice takes
 * payments, in whole minor units, never beyond what is due. Paying the rest makes it paid.
 */
export function applyPayment(
  invoice: PayableInvoice,
  amount: string,
): { status: 'partially_paid' | 'paid'; amountPaid: string } {
  if (invoice.status !== 'open' && invoice.status !== 'partially_paid') {
    throw new BillingError(
      'invalid_invoice_state',
      `a ${invoice.status} invoice takes no payments`,
    );
  }
  const paid = new Decimal(amount);
  if (paid.lte(0) || paid.decimalPlaces() > currencyExponent(invoice.currency)) {
    throw new BillingError('invalid_request', 'the payment amount is invalid', {
      details: [
        {
          field: 'amount',
          message: `must be positive, in whole minor units of ${invoice.currency}`,
        },
      ],
    });
  }
  const total = paid.plus(invoice.amountPaid);
  if (total.gt(settleable(invoice))) {
    throw new BillingError('invalid_request', 'the payment exceeds the amount due', {
      details: [{ field: 'amount', message: `at most ${remaining(invoice)} is due` }],
    });
  }
  return {
    status: total.eq(settleable(invoice)) ? 'paid' : 'partially_paid',
    amountPaid: formatAmount(total, invoice.currency),
  };
}

export function remaining(invoice: PayableInvoice): string {
  return formatAmount(settleable(invoice).minus(invoice.amountPaid), invoice.currency);
}

/** Only a finalized invoice without payments or credit notes can be voided. */
export function assertVoidable(invoice: PayableInvoice): void {
  const touched =
    !new Decimal(invoice.amountPaid).isZero() ||
    !new Decimal(invoice.amountCredited ?? '0').isZero();
  if (invoice.status !== 'open' || touched) {
    throw new BillingError(
      'invalid_invoice_state',
      `a ${invoice.status} invoice with ${invoice.amountPaid} paid cannot be voided`,
    );
  }
}

/** The status a reader sees: an unpaid invoice past its due date is overdue. */
export function displayedStatus(
  status: InvoiceStatus,
  dueAtMs: number | null,
  nowMs: number,
): InvoiceStatus | 'overdue' {
  const unpaid = status === 'open' || status === 'partially_paid';
  return unpaid && dueAtMs !== null && nowMs > dueAtMs ? 'overdue' : status;
}
