import type { DatabaseHandle } from '../../db/client';
import { recordBillingEvent } from '../../db/repositories/billing-events.repository';
import { saveNewCustomer } from '../../db/repositories/customers.repository';
import { loadDelivery } from '../../db/repositories/webhooks.repository';
import { BillingError } from '../../domain/errors';
import { createWebhookEndpoint } from '../../services/create-webhook-endpoint';
import { deliverWebhook } from '../../services/deliver-webhook';
import { listWebhookDeliveriesPage } from '../../services/list-webhook-deliveries';
import { listWebhookEndpointsPage } from '../../services/list-webhook-endpoints';
import { markWebhookFailed } from '../../services/mark-webhook-failed';
import { planEventDelivery } from '../../services/plan-event-delivery';
import { databaseEngines } from '../support/engines';
import { MAX_PAGE_LIMIT } from '../../domain/pagination';

describe.each(databaseEngines)('webhook endpoints and delivery on %s', (_name, open) => {
  let handle: DatabaseHandle;
  let dispose: () => Promise<void>;
  beforeAll(async () => {
    ({ handle, dispose } = await open());
    await saveNewCustomer(handle.db, {
      id: 'acme',
      name: 'Acme',
      email: 'ap@acme.example',
      currency: 'EUR',
      timezone: 'UTC',
      billingSchedule: 'monthly',
      billingAnchorMs: null,
      gracePeriodSeconds: 0,
    });
  }, 60_000);
  afterAll(() => dispose());

  test('an endpoint is created once, with a generated secret; a retry replays, a change conflicts', async () => {
    const first = await createWebhookEndpoint(handle.db, {
      id: 'all',
      url: 'https://example.com/all',
    });
    expect([first.created, first.endpoint.secret]).toEqual([
      true,
      expect.stringMatching(/^whsec_/),
    ]);
    const again = await createWebhookEndpoint(handle.db, {
      id: 'all',
      url: 'https://example.com/all',
    });
    expect([again.created, again.endpoint.secret]).toEqual([false, first.endpoint.secret]);
    await expect(
      createWebhookEndpoint(handle.db, { id: 'all', url: 'https://example.com/other' }),
    ).rejects.toMatchObject({ code: 'webhook_endpoint_exists' });
    const paid = await createWebhookEndpoint(handle.db, {
      id: 'paid',
      url: 'https://example.com/paid',
      eventTypes: ['invoice.paid', 'invoice.paid'],
      secret: 'whsec_own',
    });
    expect([paid.created, paid.endpoint.eventTypes, paid.endpoint.secret]).toEqual([
      true,
      ['invoice.paid'],
      'whsec_own',
    ]);
    expect(
      (await listWebhookEndpointsPage(handle.db, { limit: MAX_PAGE_LIMIT })).items.map(
        (endpoint) => endpoint.id,
      ),
    ).toEqual(['all', 'paid']);
  });

  test('an event is planned to the endpoints of its type; each attempt is logged', async () => {
    const eventId = await recordBillingEvent(handle.db, {
      type: 'invoice.voided',
      customerId: 'acme',
      subjectId: 'inv-x',
      payload: { invoiceId: 'inv-x' },
      occurredAtMs: 1_000,
    });
    const plan = await planEventDelivery(
      { db: handle.db, channels: { mailer: true, erp: true } },
      { eventId },
    );
    expect(plan).toEqual({
      subjectId: 'inv-x',
      documentKind: null,
      email: false,
      endpointIds: ['all'],
      erp: false,
      watchOverdue: false,
    });

    const refused = new BillingError('webhook_delivery_failed', 'answered 500', {
      details: { status: 500 },
      retryable: true,
    });
    const deps = { db: handle.db, webhookTimeoutMs: 1_000, now: () => 5_000 };
    await expect(
      deliverWebhook(
        { ...deps, sendWebhook: () => Promise.reject(refused) },
        { eventId, endpointId: 'all' },
      ),
    ).rejects.toBe(refused);
    const sent: unknown[] = [];
    await deliverWebhook(
      {
        ...deps,
        sendWebhook: (delivery) => {
          sent.push(delivery);
          return Promise.resolve({ status: 204, durationMs: 1 });
        },
      },
      { eventId, endpointId: 'all' },
    );
    expect(sent).toEqual([
      expect.objectContaining({ msgId: eventId, timestampSeconds: 5, timeoutMs: 1_000 }),
    ]);
    // Delivered stays delivered, even when a late give-up arrives.
    await markWebhookFailed(handle.db, { eventId, endpointId: 'all' });
    expect(await loadDelivery(handle.db, eventId, 'all')).toMatchObject({
      status: 'delivered',
      attempts: 2,
      lastStatusCode: 204,
      lastError: null,
    });
    expect(
      (await listWebhookDeliveriesPage(handle.db, 'all', { limit: MAX_PAGE_LIMIT })).items.map(
        (d) => d.eventId,
      ),
    ).toEqual([eventId]);
    await expect(listWebhookDeliveriesPage(handle.db, 'nope', { limit: 1 })).rejects.toMatchObject({
      code: 'webhook_endpoint_not_found',
    });
  });
});
