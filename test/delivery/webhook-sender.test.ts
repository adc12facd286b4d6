import { sendWebhook, type WebhookDelivery } from '../../adapters/delivery/webhook-sender';
import { webhookBody } from '../../domain/delivery/webhook-payload';
import { generateWebhookSecret } from '../../adapters/delivery/standard-webhooks';
import { freePort } from '../support/ports';
import { startWebhookReceiver, type WebhookReceiver } from '../support/fakes/webhook-receiver';
import { failureOf } from './failure-of';

const secret = generateWebhookSecret();
const data = { invoiceNumber: 'INV-2026-000042', total: '119.00', currency: 'EUR' };
const body = webhookBody({ type: 'invoice.finalized', occurredAtMs: Date.UTC(2026, 0, 1), data });

let receiver: WebhookReceiver;
beforeEach(async () => {
  receiver = await startWebhookReceiver({ secret });
});
afterEach(async () => {
  await receiver.close();
});

/** One attempt as the activity makes it: the event id fixed, the timestamp taken now. */
const attempt = (overrides: Partial<WebhookDelivery> = {}) =>
  sendWebhook({
    url: receiver.url,
    secret,
    msgId: 'evt_inv_42_finalized',
    timestampSeconds: Math.floor(Date.now() / 1000),
    body,
    timeoutMs: 5_000,
    ...overrides,
  });

describe('sendWebhook', () => {
  it('builds the Standard Webhooks payload with the event time', () => {
    expect(body).toBe(
      '{"type":"invoice.finalized","timestamp":"2026-01-01T00:00:00.000Z","data":{"invoiceNumber":"INV-2026-000042","total":"119.00","currency":"EUR"}}',
    );
  });

  it('delivers a signed event the receiver verifies', async () => {
    const timestampSeconds = Math.floor(Date.now() / 1000);
    const result = await attempt({ timestampSeconds });
    expect(result.status).toBe(204);
    expect(receiver.attempts).toEqual([
      { msgId: 'evt_inv_42_finalized', timestampSeconds, verified: true, status: 204 },
    ]);
    expect(receiver.deliveries).toEqual([
      { msgId: 'evt_inv_42_finalized', type: 'invoice.finalized', payload: data, duplicate: false },
    ]);
  });

  it('reports a 503 as retryable, and the retry delivers the event once', async () => {
    receiver.rejectNext(1, 503);
    const failure = await failureOf(attempt());
    expect([failure.code, failure.retryable, failure.message, failure.details]).toEqual([
      'webhook_delivery_failed',
      true,
      `webhook endpoint ${new URL(receiver.url).origin} answered HTTP 503`,
      { target: new URL(receiver.url).origin, reason: 'http_status', status: 503, response: '' },
    ]);
    await attempt();
    expect(receiver.acceptedCount('evt_inv_42_finalized')).toBe(1);
    expect(receiver.attempts.map((a) => a.status)).toEqual([503, 204]);
  });

  it.each([
    [400, false],
    [401, false],
    [404, false],
    [410, false],
    [408, true],
    [429, true],
    [500, true],
    [502, true],
    [302, false],
  ])('classifies HTTP %i as retryable: %s', async (status, retryable) => {
    receiver.rejectNext(1, status);
    const failure = await failureOf(attempt());
    expect([failure.retryable, (failure.details as { status: number }).status]).toEqual([
      retryable,
      status,
    ]);
    expect(receiver.deliveries).toEqual([]);
  });

  it('is refused with 401, not retryable, when signed with another secret', async () => {
    const failure = await failureOf(attempt({ secret: generateWebhookSecret() }));
    expect([failure.retryable, failure.message]).toEqual([
      false,
      `webhook endpoint ${new URL(receiver.url).origin} answered HTTP 401: {"error":"invalid signature"}`,
    ]);
  });

  it('reports a timeout as retryable; the receiver sees the id twice and can drop the duplicate', async () => {
    receiver.delayNext(1, 1_000);
    const failure = await failureOf(attempt({ timeoutMs: 200 }));
    expect([failure.retryable, failure.details]).toEqual([
      true,
      { target: new URL(receiver.url).origin, reason: 'timeout', status: null, response: null },
    ]);
    await attempt();
    expect(receiver.deliveries.map((d) => [d.msgId, d.duplicate])).toEqual([
      ['evt_inv_42_finalized', false],
      ['evt_inv_42_finalized', true],
    ]);
  });

  it('reports a refused connection as retryable', async () => {
    const failure = await failureOf(attempt({ url: `http://127.0.0.1:${await freePort()}/hooks` }));
    expect([failure.retryable, (failure.details as { reason: string }).reason]).toEqual([
      true,
      'network',
    ]);
  });

  it('reports an invalid URL as not retryable', async () => {
    const failure = await failureOf(attempt({ url: 'not a url' }));
    expect([failure.retryable, failure.message]).toEqual([false, 'webhook endpoint: invalid URL']);
  });
});
