import type { OutboundUrlPolicy } from '../net/outbound-url';
import { callHttp, type HttpCallResult } from './http-call';
import { webhookHeaders } from './standard-webhooks';

export const WEBHOOK_DELIVERY_FAILED = 'webhook_delivery_failed';

export interface WebhookDelivery {
  url: string;
  /** The endpoint's secret(s); several while rotating. */
  secret: string | readonly string[];
  /** The event id: the same on every attempt, so the receiver can drop duplicates. */
  msgId: string;
  /** This attempt's time, taken by the caller (the spec signs the attempt time). */
  timestampSeconds: number;
  /** The exact JSON bytes to sign and send, identical on every attempt (see webhookBody). */
  body: string;
  timeoutMs: number;
  /** Checked before the POST; omitted, no check (the caller vetted the URL). */
  policy?: OutboundUrlPolicy;
}

/**
 * POSTs one signed Standard Webhooks message. Any 2xx is a delivery; otherwise throws a
 * BillingError `webhook_delivery_failed` whose `retryable` follows isRetryableHttpStatus
 * (429, 5xx, timeouts and network errors retry; 400, 401, 404, 410... do not; a 410 Gone
 * is the endpoint's way of asking to be disabled, visible as details.status). With a
 * `policy`, an address it denies fails for good before any connection.
 */
export async function sendWebhook(delivery: WebhookDelivery): Promise<HttpCallResult> {
  return callHttp({
    method: 'POST',
    url: delivery.url,
    headers: {
      'content-type': 'application/json',
      'user-agent': 'usage-billing-engine-webhooks/1',
      ...webhookHeaders(delivery),
    },
    body: delivery.body,
    timeoutMs: delivery.timeoutMs,
    errorCode: WEBHOOK_DELIVERY_FAILED,
    what: 'webhook endpoint',
    ...(delivery.policy === undefined ? {} : { policy: delivery.policy }),
  });
}
