import { z } from 'zod';
import type { Subscription } from '../../domain/catalog/subscription';
import { idSchema } from './ids';
import { instantMs, instantSchema } from './instant';
import { nextCursorSchema } from '../contract/pagination';

export const subscriptionSchema = z.strictObject({
  id: idSchema,
  planId: idSchema,
  effectiveFrom: instantSchema,
});

/** The subscription a body asks for; the customer is the one in the path. */
export function toSubscriptionRequest(
  input: z.infer<typeof subscriptionSchema>,
): Omit<Subscription, 'customerId'> {
  return { id: input.id, planId: input.planId, effectiveFromMs: instantMs(input.effectiveFrom) };
}

export const subscriptionViewSchema = z
  .strictObject({
    id: z.string(),
    customerId: z.string(),
    planId: z.string(),
    effectiveFrom: z.iso.datetime(),
  })
  .meta({ id: 'Subscription' });

export const subscriptionListSchema = z.strictObject({
  subscriptions: z.array(subscriptionViewSchema),
  nextCursor: nextCursorSchema,
});

export function subscriptionView(
  subscription: Subscription,
): z.infer<typeof subscriptionViewSchema> {
  return {
    id: subscription.id,
    customerId: subscription.customerId,
    planId: subscription.planId,
    effectiveFrom: new Date(subscription.effectiveFromMs).toISOString(),
  };
}
