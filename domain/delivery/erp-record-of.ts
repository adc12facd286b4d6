import type { InvoiceDocument } from '../documents/invoice-document';
import { describeLine } from '../documents/line-description';
import { BillingError } from '../errors';
import type { ErpCreditNoteRecord, ErpInvoiceRecord, ErpPaymentRecord } from './erp-records';

/**
 * The ERP record of a final invoice or credit note, with its UBL e-invoice: the document's
 * own amounts and lines (described as on the PDF), keyed by its number.
 */
export function erpDocumentRecordOf(
  doc: InvoiceDocument,
  ublXml: string,
): ErpInvoiceRecord | ErpCreditNoteRecord {
  const base = {
    number: doc.number,
    customerId: doc.customer.id,
    currency: doc.currency,
    issuedAtMs: doc.issuedAtMs,
    subtotal: doc.subtotal,
    totalDiscount: doc.totalDiscount,
    totalExcludingTax: doc.totalExcludingTax,
    totalTax: doc.totalTax,
    total: doc.total,
    amountDue: doc.amountDue,
    lines: doc.lines.map((line) => ({
      lineId: line.lineId,
      description: describeLine(line),
      quantity: line.quantity,
      unit: line.unit,
      amount: line.amount,
    })),
    ublXml,
  };
  return doc.kind === 'invoice'
    ? {
        ...base,
        kind: 'invoice',
        dueAtMs: doc.dueAtMs ?? doc.issuedAtMs,
        periodStartMs: doc.periodStartMs,
        periodEndMs: doc.periodEndMs,
      }
    : {
        ...base,
        kind: 'credit_note',
        precedingInvoiceNumber: doc.precedingInvoiceNumber ?? '',
        reason: doc.reason ?? '',
      };
}

/**
 * The ERP record of a payment.received event, against the final invoice it pays; a payment
 * of an invoice without a number is a broken invariant (document_not_final).
 */
export function erpPaymentRecordOf(
  payload: Record<string, unknown>,
  invoice: { number: string | null; customerId: string; currency: string },
): ErpPaymentRecord {
  if (!invoice.number) throw new BillingError('document_not_final', 'payment of a draft');
  return {
    kind: 'payment',
    reference: String(payload['reference']),
    invoiceNumber: invoice.number,
    customerId: invoice.customerId,
    currency: invoice.currency,
    amount: String(payload['amount']),
    receivedAtMs: Number(payload['receivedAtMs'] ?? 0),
  };
}
