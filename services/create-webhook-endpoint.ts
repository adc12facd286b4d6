import { generateWebhookSecret } from '../adapters/delivery';
import type { Database } from '../db/client';
import { saveWebhookEndpoint, type WebhookEndpoint } from '../db/repositories/webhooks.repository';
import {
  decideEndpointReplay,
  normalizeEventTypes,
  type RequestedWebhookEndpoint,
} from '../domain/delivery/webhook-endpoint';
import { BillingError } from '../domain/errors';
import { vetWebhookUrl, type WebhookUrlCheck } from './vet-webhook-url';

/**
 * Registers a webhook endpoint, idempotent by id: the same registration again returns the
 * stored endpoint (`created: false`); another url, secret or event types is a conflict.
 * Without a secret of the caller's, a new one is generated (shown in the creating answer only).
 * With `urlCheck`, the URL must pass the outbound URL policy (a 400 naming `url`); the id of
 * a deleted endpoint conflicts.
 */
export async function createWebhookEndpoint(
  db: Database,
  requested: RequestedWebhookEndpoint & { id: string },
  options: { urlCheck?: WebhookUrlCheck } = {},
): Promise<{ endpoint: WebhookEndpoint; created: boolean }> {
  if (options.urlCheck) await vetWebhookUrl(options.urlCheck, requested.url);
  const { endpoint, created, deleted } = await saveWebhookEndpoint(db, {
    id: requested.id,
    url: requested.url,
    eventTypes: normalizeEventTypes(requested.eventTypes),
    secret: requested.secret ?? generateWebhookSecret(),
  });
  if (deleted) {
    throw new BillingError('webhook_endpoint_exists', `endpoint ${endpoint.id} was deleted`, {
      details: [{ field: 'id', message: 'belonged to a deleted endpoint; choose another id' }],
    });
  }
  if (!created && decideEndpointReplay(endpoint, requested) === 'conflict') {
    throw new BillingError('webhook_endpoint_exists', `endpoint ${endpoint.id} exists`, {
      details: [{ field: 'id', message: 'already exists with another url, secret or event types' }],
    });
  }
  return { endpoint, created };
}
