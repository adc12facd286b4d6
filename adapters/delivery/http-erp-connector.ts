import type { ErpConnector } from './erp-connector';
import { erpPaymentKey } from '../../domain/delivery/erp-records';
import type { OutboundUrlPolicy } from '../net/outbound-url';
import { callHttp } from './http-call';

export const ERP_SYNC_FAILED = 'erp_sync_failed';

export interface HttpErpConnectorOptions {
  /** e.g. https://erp.example.com/api/billing (no trailing slash needed). */
  baseUrl: string;
  /** Sent as `Authorization: Bearer <token>` when set. */
  token?: string;
  timeoutMs: number;
  /**
   * The operator's base URL is vetted once at start (runtime/adapters.ts); with a policy here
   * every request is checked again, as DNS can change.
   */
  policy?: OutboundUrlPolicy;
}

/**
 * A generic REST ERP: `PUT {baseUrl}/invoices/{number}`, `/credit-notes/{number}` and
 * `/payments/{invoiceNumber}/{reference}` (one path segment, URL-encoded) with the record
 * as JSON. PUT on a business key is idempotent by design, and the key (URL-encoded, as in
 * the path) is also sent as `Idempotency-Key` for ERPs that deduplicate on it. Any 2xx is
 * success.
 */
export function createHttpErpConnector(options: HttpErpConnectorOptions): ErpConnector {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const put = (collection: string, key: string, record: unknown) => {
    // Encoded in the header too: header values must be Latin-1, and a payer's reference
    // may not be; for keys like INV-2026-000042 encoding changes nothing.
    const encodedKey = encodeURIComponent(key);
    return callHttp({
      method: 'PUT',
      url: `${baseUrl}/${collection}/${encodedKey}`,
      headers: {
        'content-type': 'application/json',
        'idempotency-key': encodedKey,
        ...(options.token === undefined ? {} : { authorization: `Bearer ${options.token}` }),
      },
      body: JSON.stringify(record),
      timeoutMs: options.timeoutMs,
      errorCode: ERP_SYNC_FAILED,
      what: 'ERP',
      ...(options.policy === undefined ? {} : { policy: options.policy }),
    });
  };

  return {
    upsertInvoice: (record) => put('invoices', record.number, record),
    upsertCreditNote: (record) => put('credit-notes', record.number, record),
    upsertPayment: (record) => put('payments', erpPaymentKey(record), record),
  };
}
