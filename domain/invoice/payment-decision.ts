import { Decimal } from '../decimal';
import { BillingError } from '../errors';
import { formatAmount } from '../money';
import type { BusinessEvent } from './business-event';
import { applyPayment } from './payments';
import type { InvoiceSettlementState } from './stored-records';

/** What recording a payment reads under the invoice's row lock. */
export type PaymentTarget = InvoiceSettlementState;

export interface PaymentRequest {
  /** The payer's reference: the idempotency key per invoice. */
  reference: string;
  amount: string;
  receivedAtMs: number;
}

export type PaymentDecision =
  /** The same reference with the same amount again (a retried webhook): nothing changes. */
  | { kind: 'replay' }
  | {
      kind: 'record';
      /** The payment's amount with exactly the currency's decimals. */
      amount: string;
      status: 'partially_paid' | 'paid';
      amountPaid: string;
      events: BusinessEvent[];
    };

/**
 * A payment against an invoice, once per (invoice, reference). `earlier` is the payment
 * already stored under that reference, if any: the same amount again is a replay, another
 * amount a payment_exists conflict. A new payment must fit the invoice (see applyPayment).
 *
 * Example: open 20.00 EUR, nothing paid; "bank-1" 5.5 -> record 5.50, partially_paid, 5.50
 * paid, payment.received; "bank-1" 5.50 again -> replay; "bank-1" 6 -> payment_exists;
 * "bank-2" 14.50 -> record, paid, 20.00 paid, payment.received and invoice.paid.
 */
export function decidePayment(
  invoice: PaymentTarget,
  earlier: { amount: string } | null,
  payment: PaymentRequest,
): PaymentDecision {
  if (earlier) {
    if (new Decimal(earlier.amount).eq(payment.amount)) return { kind: 'replay' };
    throw new BillingError(
      'payment_exists',
      `payment ${payment.reference} was recorded with ${earlier.amount}`,
      { details: [{ field: 'reference', message: 'already recorded with another amount' }] },
    );
  }
  const next = applyPayment(invoice, payment.amount);
  const amount = formatAmount(new Decimal(payment.amount), invoice.currency);
  return { kind: 'record', amount, ...next, events: eventsForPayment(invoice, payment, next) };
}

/**
 * The events a recorded payment emits: payment.received (subject `<invoice>:<reference>`),
 * and invoice.paid when it settles the invoice.
 */
export function eventsForPayment(
  invoice: PaymentTarget,
  payment: PaymentRequest,
  next: { status: 'partially_paid' | 'paid'; amountPaid: string },
): BusinessEvent[] {
  const base = { customerId: invoice.customerId, occurredAtMs: payment.receivedAtMs };
  const received: BusinessEvent = {
    ...base,
    type: 'payment.received',
    subjectId: `${invoice.id}:${payment.reference}`,
    payload: {
      invoiceId: invoice.id,
      reference: payment.reference,
      amount: formatAmount(new Decimal(payment.amount), invoice.currency),
      currency: invoice.currency,
      receivedAtMs: payment.receivedAtMs,
    },
  };
  if (next.status !== 'paid') return [received];
  return [
    received,
    {
      ...base,
      type: 'invoice.paid',
      subjectId: invoice.id,
      payload: {
        invoiceId: invoice.id,
        number: invoice.number,
        amountPaid: next.amountPaid,
        currency: invoice.currency,
      },
    },
  ];
}
