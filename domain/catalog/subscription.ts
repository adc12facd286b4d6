import type { Customer } from '../customer';
import { BillingError } from '../errors';
import { decideCreate } from '../idempotent-create';
import type { Plan } from './plan';

/** A customer is on `planId` from `effectiveFromMs` until its next subscription begins. */
export interface Subscription {
  id: string;
  customerId: string;
  planId: string;
  effectiveFromMs: number;
}

/** What subscribing does; every refusal is a BillingError naming the field. */
export type SubscribeDecision =
  { kind: 'create'; subscription: Subscription } | { kind: 'replay'; subscription: Subscription };

export interface SubscribeState {
  customer: Customer;
  /** The stored subscription with the requested id, if any. */
  existing: Subscription | null;
  /** The customer's subscriptions. */
  subscriptions: readonly Subscription[];
  /** The requested plan, if it exists. */
  plan: Plan | null;
}

const same = (s: Subscription) => ({
  id: s.id,
  customerId: s.customerId,
  planId: s.planId,
  effectiveFromMs: s.effectiveFromMs,
});

/**
 * Subscribing a customer to a plan from an instant, in this order:
 * 1. an id that exists is a replay when customer, plan and instant match (the instant, not
 *    its spelling: "11:00Z" and "12:00+01:00" are the same), else `subscription_exists`;
 * 2. the plan must exist (`plan_not_found`) and be in the customer's currency, since an
 *    invoice has one currency (`currency_mismatch`);
 * 3. no other subscription of the customer may start at the same instant: which plan
 *    applies there would be undefined (`subscription_conflict`).
 */
export function decideSubscribe(state: SubscribeState, requested: Subscription): SubscribeDecision {
  const { customer, existing, subscriptions, plan } = state;
  switch (decideCreate(existing && same(existing), same(requested))) {
    case 'replay':
      return { kind: 'replay', subscription: existing as Subscription };
    case 'conflict':
      throw new BillingError(
        'subscription_exists',
        `subscription ${requested.id} already exists with other fields`,
        { details: [{ field: 'id', message: 'already exists' }] },
      );
    case 'create':
      break;
  }
  if (!plan) {
    throw new BillingError('plan_not_found', `no plan ${requested.planId}`, {
      details: [{ field: 'planId', message: 'no such plan' }],
    });
  }
  if (plan.currency !== customer.currency) {
    throw new BillingError(
      'currency_mismatch',
      `plan ${plan.id} is in ${plan.currency}, customer ${customer.id} is billed in ${customer.currency}`,
      { details: [{ field: 'planId', message: `must be a plan in ${customer.currency}` }] },
    );
  }
  if (subscriptions.some((s) => s.effectiveFromMs === requested.effectiveFromMs)) {
    throw new BillingError(
      'subscription_conflict',
      `customer ${customer.id} already has a subscription starting at ${new Date(requested.effectiveFromMs).toISOString()}`,
      {
        details: [
          { field: 'effectiveFrom', message: 'another subscription starts at this instant' },
        ],
      },
    );
  }
  return { kind: 'create', subscription: requested };
}
