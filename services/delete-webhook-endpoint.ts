import type { Database } from '../db/client';
import {
  deleteWebhookEndpoint as softDelete,
  type WebhookEndpoint,
} from '../db/repositories/webhooks.repository';
import { BillingError } from '../domain/errors';
import { isWellFormedId } from '../domain/ids';

/**
 * Deletes a webhook endpoint: it leaves the API (404 after) and delivery (deliveries being
 * retried give up). Its row stays, soft-deleted, for the delivery log's foreign key, so its
 * id is not registered again. Answers the endpoint as it was deleted (disabled).
 */
export async function deleteWebhookEndpoint(db: Database, id: string): Promise<WebhookEndpoint> {
  const deleted = isWellFormedId(id) ? await softDelete(db, id) : null;
  if (!deleted) throw new BillingError('webhook_endpoint_not_found', `no webhook endpoint ${id}`);
  return deleted;
}
