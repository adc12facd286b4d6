import type { Database } from '../db/client';
import { loadDeliveries, loadWebhookEndpoint } from '../db/repositories/webhooks.repository';
import { BillingError } from '../domain/errors';
import { isWellFormedId } from '../domain/ids';

/** The delivery log of one endpoint, most recently updated first (the last 100). */
export async function listWebhookDeliveries(db: Database, endpointId: string) {
  const endpoint = isWellFormedId(endpointId) ? await loadWebhookEndpoint(db, endpointId) : null;
  if (!endpoint) {
    throw new BillingError('webhook_endpoint_not_found', `no webhook endpoint ${endpointId}`);
  }
  return loadDeliveries(db, endpoint.id);
}
