import type { Database } from '../db/client';
import { loadDeliveriesAfter, loadWebhookEndpoint } from '../db/repositories/webhooks.repository';
import { BillingError } from '../domain/errors';
import { isWellFormedId } from '../domain/ids';
import { decodeCursor, pageOf, type PageRequest } from '../domain/pagination';

async function loadEndpoint(db: Database, endpointId: string) {
  const endpoint = isWellFormedId(endpointId) ? await loadWebhookEndpoint(db, endpointId) : null;
  if (!endpoint) {
    throw new BillingError('webhook_endpoint_not_found', `no webhook endpoint ${endpointId}`);
  }
  return endpoint;
}

/**
 * A page of the delivery log of one endpoint, most recently updated first ((updated at,
 * event id) descending). A delivery attempted again while a client pages moves to the head
 * of the log: it is not seen twice, and a walk that started before it misses its new state.
 */
export async function listWebhookDeliveriesPage(
  db: Database,
  endpointId: string,
  page: PageRequest,
) {
  const after =
    page.cursor === undefined ? undefined : decodeCursor(page.cursor, ['number', 'string']);
  const endpoint = await loadEndpoint(db, endpointId);
  const rows = await loadDeliveriesAfter(db, endpoint.id, { take: page.limit + 1, after });
  return pageOf(rows, page.limit, (delivery) => [delivery.updatedAtMs, delivery.eventId]);
}
