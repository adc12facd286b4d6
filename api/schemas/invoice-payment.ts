import { z } from 'zod';
import { toIso } from '../../domain/time';
import type { InvoicePayment } from '../../services/list-invoice-payments';
import { nextCursorSchema } from '../contract/pagination';
import { amountSchema } from './invoice';

/** A payment recorded against an invoice, as the API answers it. */
export const invoicePaymentSchema = z
  .strictObject({
    invoiceId: z.string(),
    /** The payer's reference it was recorded under: unique within the invoice. */
    reference: z.string().meta({
      description: "The payer's reference it was recorded under: unique within the invoice",
    }),
    amount: amountSchema,
    currency: z.string(),
    receivedAt: z.iso.datetime().meta({ description: 'When the payment was received' }),
  })
  .meta({ id: 'InvoicePayment' });

export const invoicePaymentListSchema = z.strictObject({
  payments: z.array(invoicePaymentSchema),
  nextCursor: nextCursorSchema,
});

export function invoicePaymentView(payment: InvoicePayment) {
  const { receivedAtMs, ...rest } = payment;
  return { ...rest, receivedAt: toIso(receivedAtMs) };
}
