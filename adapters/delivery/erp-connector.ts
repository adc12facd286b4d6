import type {
  ErpCreditNoteRecord,
  ErpInvoiceRecord,
  ErpPaymentRecord,
} from '../../domain/delivery/erp-records';

export interface ErpUpsertResult {
  /** The ERP's answer, e.g. 201 for a new record, 200 or 204 for a replaced one. */
  status: number;
  durationMs: number;
}

/**
 * Pushes finalized documents and payments to a finance system. Every method is an upsert
 * keyed by the record's business key, so a retried or repeated call leaves one record.
 * Failures are BillingError `erp_sync_failed` with `retryable` set (see delivery-failure.ts).
 */
export interface ErpConnector {
  upsertInvoice(record: ErpInvoiceRecord): Promise<ErpUpsertResult>;
  upsertCreditNote(record: ErpCreditNoteRecord): Promise<ErpUpsertResult>;
  upsertPayment(record: ErpPaymentRecord): Promise<ErpUpsertResult>;
}
