import {
  vetOutboundUrl,
  type OutboundUrlPolicy,
  type ResolveHost,
} from '../adapters/net/outbound-url';
import { BillingError } from '../domain/errors';

/** How a webhook URL is vetted when registered or changed. */
export interface WebhookUrlCheck {
  policy: OutboundUrlPolicy;
  /** The resolver (tests); default node:dns lookup of every address. */
  resolve?: ResolveHost;
}

/**
 * A webhook URL must pass the outbound URL policy: its literal IP, or every address its
 * host name resolves to, must be allowed, and the name must resolve. Otherwise a 400 naming
 * `url`. Checked again before each delivery attempt, as DNS can change.
 */
export async function vetWebhookUrl(check: WebhookUrlCheck, url: string): Promise<void> {
  const verdict = await vetOutboundUrl(url, check.policy, check.resolve);
  if (verdict.kind === 'allowed') return;
  const message =
    verdict.kind === 'denied'
      ? `refused by the outbound URL policy: ${verdict.reason}`
      : `the host must resolve: ${verdict.reason}`;
  throw new BillingError('invalid_request', 'the webhook endpoint is invalid', {
    details: [{ field: 'url', message }],
  });
}
