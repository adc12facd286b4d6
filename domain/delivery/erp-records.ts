/**
 * What the engine posts to an ERP or accounting system. Money is decimal strings with the
 * currency's decimals ("1234.50"), instants are epoch ms, as everywhere at our boundaries.
 * Each record carries its own idempotency key: the document number, or the payment key.
 */

export interface ErpDocumentLine {
  /** Deterministic line id from rating; stable across re-posts. */
  lineId: string;
  description: string;
  quantity: string;
  unit: string;
  amount: string;
}

interface ErpDocumentBase {
  /** Gapless document number, e.g. INV-2026-000042: the idempotency key. */
  number: string;
  customerId: string;
  /** ISO 4217. */
  currency: string;
  issuedAtMs: number;
  subtotal: string;
  totalDiscount: string;
  totalExcludingTax: string;
  totalTax: string;
  total: string;
  amountDue: string;
  lines: ErpDocumentLine[];
  /** The EN 16931 UBL document, already rendered. */
  ublXml: string;
}

export interface ErpInvoiceRecord extends ErpDocumentBase {
  kind: 'invoice';
  dueAtMs: number;
  periodStartMs: number;
  periodEndMs: number;
}

export interface ErpCreditNoteRecord extends ErpDocumentBase {
  kind: 'credit_note';
  /** The number of the invoice it credits. */
  precedingInvoiceNumber: string;
  reason: string;
}

export interface ErpPaymentRecord {
  kind: 'payment';
  /** The payer's reference; unique per invoice only (payments' primary key), see erpPaymentKey. */
  reference: string;
  invoiceNumber: string;
  customerId: string;
  currency: string;
  amount: string;
  receivedAtMs: number;
}

/**
 * A payment's key in the ERP. The payer's reference is unique only within one invoice, so
 * the key joins both: INV-2026-000042/SEPA-77.
 */
export function erpPaymentKey(
  payment: Pick<ErpPaymentRecord, 'invoiceNumber' | 'reference'>,
): string {
  return `${payment.invoiceNumber}/${payment.reference}`;
}
