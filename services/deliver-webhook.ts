import { sendWebhook } from '../adapters/delivery';
import type { Database } from '../db/client';
import { loadWebhookEndpoint, recordDeliveryAttempt } from '../db/repositories/webhooks.repository';
import { webhookBody } from '../domain/delivery/webhook-payload';
import { BillingError } from '../domain/errors';
import { loadBillingEventOrFail } from './load-billing-event';

export interface DeliverWebhookDeps {
  db: Database;
  webhookTimeoutMs: number;
  /** The signed POST (adapters/delivery); a test may pass its own. */
  sendWebhook?: typeof sendWebhook;
  /** The clock of the webhook-timestamp header. */
  now?: () => number;
}

/**
 * One signed POST of an event to one endpoint. The webhook-id is the event id on every
 * attempt, so receivers drop a redelivery (Standard Webhooks); each attempt is logged, and
 * a failure is rethrown for the caller's retry policy.
 */
export async function deliverWebhook(
  deps: DeliverWebhookDeps,
  input: { eventId: string; endpointId: string },
): Promise<void> {
  const { db } = deps;
  const send = deps.sendWebhook ?? sendWebhook;
  const now = deps.now ?? Date.now;
  const event = await loadBillingEventOrFail(db, input.eventId);
  const endpoint = await loadWebhookEndpoint(db, input.endpointId);
  if (!endpoint) throw new BillingError('webhook_endpoint_not_found', `no ${input.endpointId}`);
  const attempt = { eventId: event.id, endpointId: endpoint.id, eventType: event.type };
  try {
    const { status } = await send({
      url: endpoint.url,
      secret: endpoint.secret,
      msgId: event.id,
      timestampSeconds: Math.floor(now() / 1000),
      body: webhookBody({
        type: event.type,
        occurredAtMs: event.occurredAtMs,
        data: { id: event.id, customerId: event.customerId, ...event.payload },
      }),
      timeoutMs: deps.webhookTimeoutMs,
    });
    await recordDeliveryAttempt(db, {
      ...attempt,
      status: 'delivered',
      statusCode: status,
      error: null,
    });
  } catch (error) {
    const details =
      error instanceof BillingError ? (error.details as { status?: number | null }) : null;
    await recordDeliveryAttempt(db, {
      ...attempt,
      status: 'pending',
      statusCode: details?.status ?? null,
      error: error instanceof Error ? error.message : String(error),
    });
    throw error;
  }
}
