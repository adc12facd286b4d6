import type { OutboundUrlPolicy } from './net/outbound-url';
import type { BrowserPool } from './pdf';
import type { ErpConnector, ResendMailer } from './delivery';
import type { Issuer } from '../domain/documents/document-of';
import type { EventDispatcher } from './temporal/event-dispatcher';

/**
 * What delivery needs from the outside world; every part but the issuer and the PDF pool is
 * optional, and a missing part skips its step (no email without Resend, no ERP push
 * without an ERP). Absent altogether, events stay in the outbox undelivered.
 */
export interface DeliveryDeps {
  issuer: Issuer;
  pdf: BrowserPool;
  /** Base URL of links in emails, e.g. https://billing.example.com. */
  publicBaseUrl: string;
  mailer: ResendMailer | null;
  erp: ErpConnector | null;
  dispatcher: EventDispatcher | null;
  webhookTimeoutMs: number;
  /** Checked before each webhook POST; omitted, private addresses are denied. */
  outboundPolicy?: OutboundUrlPolicy;
}

export function invoiceUrl(deps: Pick<DeliveryDeps, 'publicBaseUrl'>, invoiceId: string): string {
  return `${deps.publicBaseUrl.replace(/\/+$/, '')}/v1/invoices/${encodeURIComponent(invoiceId)}/pdf`;
}
