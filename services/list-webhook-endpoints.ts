import type { Database } from '../db/client';
import { loadWebhookEndpoints, type WebhookEndpoint } from '../db/repositories/webhooks.repository';

/** Every webhook endpoint of the account, by id. */
export function listWebhookEndpoints(db: Database): Promise<WebhookEndpoint[]> {
  return loadWebhookEndpoints(db);
}
