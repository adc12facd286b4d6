import { Router } from 'express';
import { loadPlan } from '../../db/repositories/catalog.repository';
import {
  loadSubscription,
  loadSubscriptions,
  saveNewSubscription,
  type Subscription,
} from '../../db/repositories/subscriptions.repository';
import { BillingError } from '../../domain/errors';
import { loadCustomerOr404 } from '../customer-lookup';
import { requireOperator } from '../auth';
import type { ApiDeps } from '../deps';
import { toFieldIssues } from '../schemas/issues';
import { subscriptionSchema, subscriptionView, toSubscription } from '../schemas/subscription';

/** A retried create with the same body gets the stored subscription; another body is 409. */
function sameOrConflict(existing: Subscription, subscription: Subscription): Subscription {
  if (
    existing.customerId !== subscription.customerId ||
    existing.planId !== subscription.planId ||
    existing.effectiveFromMs !== subscription.effectiveFromMs
  ) {
    throw new BillingError(
      'subscription_exists',
      `subscription ${subscription.id} already exists with other fields`,
      { details: [{ field: 'id', message: 'already exists' }] },
    );
  }
  return existing;
}

export function subscriptionsRouter({ database }: ApiDeps): Router {
  const router = Router();
  const { db } = database;

  router.post('/v1/customers/:id/subscriptions', async (req, res) => {
    requireOperator(res);
    const parsed = subscriptionSchema.safeParse(req.body);
    if (!parsed.success) {
      throw new BillingError('invalid_request', 'the subscription is invalid', {
        details: toFieldIssues(parsed.error),
      });
    }
    const customer = await loadCustomerOr404(res, db, req.params.id);
    const subscription = toSubscription(customer.id, parsed.data);
    const existing = await loadSubscription(db, subscription.id);
    if (existing) {
      res.status(200).json(subscriptionView(sameOrConflict(existing, subscription)));
      return;
    }
    const plan = await loadPlan(db, subscription.planId);
    if (!plan) {
      throw new BillingError('plan_not_found', `no plan ${subscription.planId}`, {
        details: [{ field: 'planId', message: 'no such plan' }],
      });
    }
    // An invoice has one currency: the customer's. Prices in another one cannot be billed.
    if (plan.currency !== customer.currency) {
      throw new BillingError(
        'currency_mismatch',
        `plan ${plan.id} is in ${plan.currency}, customer ${customer.id} is billed in ${customer.currency}`,
        { details: [{ field: 'planId', message: `must be a plan in ${customer.currency}` }] },
      );
    }
    try {
      res.status(201).json(subscriptionView(await saveNewSubscription(db, subscription)));
    } catch (error) {
      // A concurrent create of the same id won the race: answer as for a retry.
      if (!(error instanceof BillingError) || error.code !== 'subscription_exists') throw error;
      const winner = await loadSubscription(db, subscription.id);
      if (!winner) throw error;
      res.status(200).json(subscriptionView(sameOrConflict(winner, subscription)));
    }
  });

  router.get('/v1/customers/:id/subscriptions', async (req, res) => {
    const customer = await loadCustomerOr404(res, db, req.params.id);
    const subscriptions = await loadSubscriptions(db, customer.id);
    res.json({ subscriptions: subscriptions.map(subscriptionView) });
  });

  return router;
}
