import type { Database } from '../db/client';
import { loadSubscriptionsAfter } from '../db/repositories/subscriptions.repository';
import type { Subscription } from '../domain/catalog/subscription';
import { decodeCursor, pageOf, type Page, type PageRequest } from '../domain/pagination';
import type { Principal } from '../domain/principal';
import { loadVisibleCustomer } from './access';

/** A page of the customer's subscriptions, oldest first ((effective from, id) order). */
export async function listSubscriptionsPage(
  db: Database,
  principal: Principal,
  customerId: string,
  page: PageRequest,
): Promise<Page<Subscription>> {
  const after =
    page.cursor === undefined ? undefined : decodeCursor(page.cursor, ['number', 'string']);
  const customer = await loadVisibleCustomer(db, principal, customerId);
  const rows = await loadSubscriptionsAfter(db, customer.id, { take: page.limit + 1, after });
  return pageOf(rows, page.limit, (subscription) => [
    subscription.effectiveFromMs,
    subscription.id,
  ]);
}
