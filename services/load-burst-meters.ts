import { loadPlan } from '../db/repositories/catalog.repository';
import { loadSubscriptionAt } from '../db/repositories/subscriptions.repository';
import type { Database } from '../db/client';
import { burstMetersOf } from '../domain/rating';

/**
 * The meters the customer's plan in effect at `atMs` prices by peak or percentile: what the
 * billing-cycle workflow keeps burst detail for (MeteringState.burstMeters). None without a
 * subscription.
 */
export async function loadBurstMeters(
  deps: { db: Database },
  input: { customerId: string; atMs: number },
): Promise<string[]> {
  const subscription = await loadSubscriptionAt(deps.db, input.customerId, input.atMs);
  const plan = subscription && (await loadPlan(deps.db, subscription.planId));
  return plan ? burstMetersOf(plan.prices) : [];
}
