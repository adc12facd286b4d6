import { z } from 'zod';
import type { Subscription } from '../../db/repositories/subscriptions.repository';
import { parseRfc3339 } from '../../domain/time';
import { idSchema } from './ids';

export const subscriptionSchema = z.strictObject({
  id: idSchema,
  planId: idSchema,
  effectiveFrom: z
    .string()
    .refine((value) => parseRfc3339(value) !== null, 'must be an RFC 3339 timestamp with offset'),
});

export function toSubscription(
  customerId: string,
  input: z.infer<typeof subscriptionSchema>,
): Subscription {
  return {
    id: input.id,
    customerId,
    planId: input.planId,
    // Refined above: parses.
    effectiveFromMs: parseRfc3339(input.effectiveFrom) ?? 0,
  };
}

export function subscriptionView(subscription: Subscription) {
  return {
    id: subscription.id,
    customerId: subscription.customerId,
    planId: subscription.planId,
    effectiveFrom: new Date(subscription.effectiveFromMs).toISOString(),
  };
}
