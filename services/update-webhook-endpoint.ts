import type { Database } from '../db/client';
import {
  updateWebhookEndpoint as saveChanges,
  type WebhookEndpoint,
} from '../db/repositories/webhooks.repository';
import { normalizeEventTypes } from '../domain/delivery/webhook-endpoint';
import { BillingError } from '../domain/errors';
import { isWellFormedId } from '../domain/ids';
import { vetWebhookUrl, type WebhookUrlCheck } from './vet-webhook-url';

/** The fields a PATCH may change; each omitted one stays. */
export interface WebhookEndpointChanges {
  url?: string;
  /** Empty: every event type. */
  eventTypes?: readonly string[];
  /** Disabled: no new events are fanned out to it, and deliveries being retried give up. */
  enabled?: boolean;
}

/** Changes a webhook endpoint's url, event types or enabled flag (the secret stays). */
export async function updateWebhookEndpoint(
  deps: { db: Database; urlCheck?: WebhookUrlCheck },
  id: string,
  changes: WebhookEndpointChanges,
): Promise<WebhookEndpoint> {
  if (changes.url !== undefined && deps.urlCheck) await vetWebhookUrl(deps.urlCheck, changes.url);
  const endpoint = isWellFormedId(id)
    ? await saveChanges(deps.db, id, {
        ...(changes.url === undefined ? {} : { url: changes.url }),
        ...(changes.eventTypes === undefined
          ? {}
          : { eventTypes: normalizeEventTypes(changes.eventTypes) }),
        ...(changes.enabled === undefined ? {} : { enabled: changes.enabled }),
      })
    : null;
  if (!endpoint) throw new BillingError('webhook_endpoint_not_found', `no webhook endpoint ${id}`);
  return endpoint;
}
