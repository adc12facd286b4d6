import type { OutboundUrlPolicy } from './net/outbound-url';
import type { BrowserPool } from './pdf';
import type { ErpConnector, ResendMailer } from './delivery';
import type { Issuer } from '../domain/documents/document-of';
import type { EventDispatcher } from './temporal/event-dispatcher';
import type { PortalSettings } from '../services/portal-tokens';

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
  /** Signs the invoice email's "View invoice" portal link (services/portal-links.ts). */
  portal: Pick<PortalSettings, 'mac' | 'invoiceLinkTtlMs' | 'publicBaseUrl'>;
  mailer: ResendMailer | null;
  erp: ErpConnector | null;
  dispatcher: EventDispatcher | null;
  webhookTimeoutMs: number;
  /** Checked before each webhook POST; omitted, private addresses are denied. */
  outboundPolicy?: OutboundUrlPolicy;
}

/**
 * The invoice's PDF by its API path, as stored documents print it (they must not carry an
 * expiring secret). The email's "View invoice" link is a signed portal link instead
 * (invoicePortalLink in services/portal-links.ts).
 */
export function invoiceUrl(deps: Pick<DeliveryDeps, 'publicBaseUrl'>, invoiceId: string): string {
  return `${deps.publicBaseUrl.replace(/\/+$/, '')}/v1/invoices/${encodeURIComponent(invoiceId)}/pdf`;
}
