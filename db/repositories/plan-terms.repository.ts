import type { PlanTerms } from '../../domain/invoice';
import type { Database } from '../client';
import { loadPlan } from './catalog.repository';
import { loadSubscriptionAt } from './subscriptions.repository';

/** The plan a customer is on at an instant, as rating needs it; null without a subscription. */
export async function loadPlanTermsAt(
  db: Database,
  customerId: string,
  instantMs: number,
): Promise<PlanTerms | null> {
  const subscription = await loadSubscriptionAt(db, customerId, instantMs);
  if (!subscription) return null;
  const plan = await loadPlan(db, subscription.planId);
  if (!plan) return null;
  return {
    planId: plan.id,
    currency: plan.currency,
    prices: plan.prices,
    minimumCommitment: plan.minimumCommitment,
  };
}
