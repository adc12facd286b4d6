import type { Database } from '../db/client';
import { loadWebhookEndpoint, type WebhookEndpoint } from '../db/repositories/webhooks.repository';
import { BillingError } from '../domain/errors';
import { isWellFormedId } from '../domain/ids';

/** A webhook endpoint that is not deleted (404 otherwise). */
export async function getWebhookEndpoint(db: Database, id: string): Promise<WebhookEndpoint> {
  const endpoint = isWellFormedId(id) ? await loadWebhookEndpoint(db, id) : null;
  if (!endpoint) throw new BillingError('webhook_endpoint_not_found', `no webhook endpoint ${id}`);
  return endpoint;
}
