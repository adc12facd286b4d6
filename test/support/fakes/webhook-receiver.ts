import { verifyWebhook } from '../../../adapters/delivery/standard-webhooks';
import { createFaultPlan, pause, type FaultPlan } from './fault-plan';
import { sendJson, startLocalHttpServer } from './local-http-server';

/** Every request that reached the receiver, in arrival order. */
export interface WebhookAttempt {
  msgId: string | undefined;
  timestampSeconds: number | undefined;
  verified: boolean;
  /** What the receiver answered. */
  status: number;
}

/** A verified message the receiver accepted (answered 2xx). */
export interface ReceivedWebhook {
  msgId: string;
  type: string;
  payload: unknown;
  /** True when this webhook-id was accepted before: the sender delivered it twice. */
  duplicate: boolean;
}

export interface WebhookReceiver {
  url: string;
  attempts: WebhookAttempt[];
  deliveries: ReceivedWebhook[];
  /** How many times this event id was accepted; exactly-once delivery means 1. */
  acceptedCount: (msgId: string) => number;
  /** The next `count` requests are answered `status` without being accepted. */
  rejectNext: (count: number, status: number) => void;
  /** The next `count` verified requests are accepted, then answered after `ms`. */
  delayNext: FaultPlan['delayNext'];
  close: () => Promise<void>;
}

/**
 * A customer's endpoint: checks the Standard Webhooks signature against `secret` (401 when
 * it does not verify) and records each accepted event by its webhook-id, duplicates too.
 */
export async function startWebhookReceiver(options: {
  secret: string;
  toleranceSeconds?: number;
}): Promise<WebhookReceiver> {
  const faults = createFaultPlan();
  const attempts: WebhookAttempt[] = [];
  const deliveries: ReceivedWebhook[] = [];
  const acceptedCount = (msgId: string) => deliveries.filter((d) => d.msgId === msgId).length;

  const server = await startLocalHttpServer(async (request, body, response) => {
    const msgId = request.headers['webhook-id'] as string | undefined;
    const timestamp = Number(request.headers['webhook-timestamp']);
    const verified = verifyWebhook({
      secret: options.secret,
      headers: request.headers,
      body,
      nowSeconds: Math.floor(Date.now() / 1000),
      ...(options.toleranceSeconds === undefined
        ? {}
        : { toleranceSeconds: options.toleranceSeconds }),
    });
    const fault = faults.take();
    const status = fault?.kind === 'status' ? fault.status : verified ? 204 : 401;
    attempts.push({
      msgId,
      timestampSeconds: Number.isFinite(timestamp) ? timestamp : undefined,
      verified,
      status,
    });
    if (status === 204 && msgId !== undefined) {
      const { type, data } = JSON.parse(body.toString('utf8')) as { type: string; data: unknown };
      deliveries.push({ msgId, type, payload: data, duplicate: acceptedCount(msgId) > 0 });
    }
    if (fault?.kind === 'delay') await pause(fault.ms);
    sendJson(response, status, status === 401 ? { error: 'invalid signature' } : undefined);
  });

  return {
    url: `${server.url}/webhooks`,
    attempts,
    deliveries,
    acceptedCount,
    rejectNext: (count, status) => faults.failNext(count, status),
    delayNext: faults.delayNext,
    close: server.close,
  };
}
