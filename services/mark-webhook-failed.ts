import type { Database } from '../db/client';
import { markDeliveryFailed } from '../db/repositories/webhooks.repository';

/** An event's delivery to an endpoint gave up (retries exhausted or refused for good). */
export async function markWebhookFailed(
  db: Database,
  input: { eventId: string; endpointId: string },
): Promise<void> {
  await markDeliveryFailed(db, input.eventId, input.endpointId);
}
