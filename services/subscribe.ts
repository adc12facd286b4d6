import type { Database } from '../db/client';
import { loadPlan } from '../db/repositories/catalog.repository';
import {
  loadSubscription,
  loadSubscriptions,
  saveNewSubscription,
} from '../db/repositories/subscriptions.repository';
import { decideSubscribe, type Subscription } from '../domain/catalog/subscription';
import type { Principal } from '../domain/principal';
import { loadVisibleCustomer } from './access';
import { RACED, retryOnceIfRaced } from './raced';

/**
 * Subscribes a customer to a plan from an instant (domain/catalog/subscription.ts decides).
 * Idempotent by id: the same subscription again answers the stored one.
 */
export async function subscribe(
  deps: { db: Database },
  principal: Principal,
  customerId: string,
  requested: Omit<Subscription, 'customerId'>,
): Promise<{ subscription: Subscription; created: boolean }> {
  return retryOnceIfRaced(() =>
    deps.db.transaction(async (tx) => {
      const customer = await loadVisibleCustomer(tx, principal, customerId);
      const subscription: Subscription = { ...requested, customerId: customer.id };
      const decision = decideSubscribe(
        {
          customer,
          existing: await loadSubscription(tx, subscription.id),
          subscriptions: await loadSubscriptions(tx, customer.id),
          plan: await loadPlan(tx, subscription.planId),
        },
        subscription,
      );
      if (decision.kind === 'replay')
        return { subscription: decision.subscription, created: false };
      const saved = await saveNewSubscription(tx, decision.subscription);
      return saved ? { subscription: saved, created: true } : RACED;
    }),
  );
}
