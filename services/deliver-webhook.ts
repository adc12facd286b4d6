import { sendWebhook } from '../adapters/delivery';
import type { OutboundUrlPolicy } from '../adapters/net/outbound-url';
import type { Database } from '../db/client';
import {
  loadEndpointForDelivery,
  recordDeliveryAttempt,
  recordDeliveryCancelled,
} from '../db/repositories/webhooks.repository';
import { deliveryTargetState } from '../domain/delivery/webhook-endpoint';
import { webhookBody } from '../domain/delivery/webhook-payload';
import { BillingError } from '../domain/errors';
import { loadBillingEventOrFail } from './load-billing-event';

export interface DeliverWebhookDeps {
  db: Database;
  webhookTimeoutMs: number;
  /** The outbound URL policy, checked before each POST (DNS can change); omitted, deny. */
  policy?: OutboundUrlPolicy;
  /** The signed POST (adapters/delivery); a test may pass its own. */
  sendWebhook?: typeof sendWebhook;
  /** The clock of the webhook-timestamp header. */
  now?: () => number;
}

/**
 * `delivered`, or `skipped` when the endpoint was disabled or deleted since the event was
 * planned: the delivery is logged `cancelled`, and nothing is retried.
 */
export interface DeliverWebhookResult {
  outcome: 'delivered' | 'skipped';
}

/**
 * One signed POST of an event to one endpoint. The webhook-id is the event id on every
 * attempt, so receivers drop a redelivery (Standard Webhooks); each attempt is logged, and
 * a failure is rethrown for the caller's retry policy. The endpoint's state is read again on
 * every attempt, so a retry to an endpoint disabled or deleted meanwhile gives up at once.
 */
export async function deliverWebhook(
  deps: DeliverWebhookDeps,
  input: { eventId: string; endpointId: string },
): Promise<DeliverWebhookResult> {
  const { db } = deps;
  const send = deps.sendWebhook ?? sendWebhook;
  const now = deps.now ?? Date.now;
  const event = await loadBillingEventOrFail(db, input.eventId);
  const endpoint = await loadEndpointForDelivery(db, input.endpointId);
  if (!endpoint) throw new BillingError('webhook_endpoint_not_found', `no ${input.endpointId}`);
  const attempt = { eventId: event.id, endpointId: endpoint.id, eventType: event.type };
  const state = deliveryTargetState(endpoint);
  if (state !== 'active') {
    await recordDeliveryCancelled(db, { ...attempt, reason: `endpoint ${state}` });
    return { outcome: 'skipped' };
  }
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
      policy: deps.policy ?? { allowPrivateAddresses: false },
    });
    await recordDeliveryAttempt(db, {
      ...attempt,
      status: 'delivered',
      statusCode: status,
      error: null,
    });
    return { outcome: 'delivered' };
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
