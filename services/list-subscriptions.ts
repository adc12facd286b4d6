import type { Database } from '../db/client';
import { loadSubscriptions } from '../db/repositories/subscriptions.repository';
import type { Subscription } from '../domain/catalog/subscription';
import type { Principal } from '../domain/principal';
import { loadVisibleCustomer } from './access';

/** The customer's subscriptions, oldest first. */
export async function listSubscriptions(
  db: Database,
  principal: Principal,
  customerId: string,
): Promise<Subscription[]> {
  const customer = await loadVisibleCustomer(db, principal, customerId);
  return loadSubscriptions(db, customer.id);
}
