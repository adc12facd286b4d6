import type { Database } from '../db/client';
import {
  loadWebhookEndpointsAfter,
  type WebhookEndpoint,
} from '../db/repositories/webhooks.repository';
import { decodeCursor, pageOf, type Page, type PageRequest } from '../domain/pagination';

/** A page of the webhook endpoints of the account, by id. */
export async function listWebhookEndpointsPage(
  db: Database,
  page: PageRequest,
): Promise<Page<WebhookEndpoint>> {
  const after = page.cursor === undefined ? undefined : decodeCursor(page.cursor, ['string']);
  const rows = await loadWebhookEndpointsAfter(db, { take: page.limit + 1, after });
  return pageOf(rows, page.limit, (endpoint) => [endpoint.id]);
}
