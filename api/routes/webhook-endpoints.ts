import { Router } from 'express';
import { z } from 'zod';
import { generateWebhookSecret } from '../../activities/delivery';
import { WEBHOOK_EVENT_TYPES } from '../../activities/billing-event-routing';
import {
  loadDeliveries,
  loadWebhookEndpoint,
  loadWebhookEndpoints,
  saveWebhookEndpoint,
  type WebhookEndpoint,
} from '../../db/repositories/webhooks.repository';
import { BillingError } from '../../domain/errors';
import { toIso } from '../../domain/time';
import { requireOperator } from '../auth';
import type { ApiDeps } from '../deps';
import { idSchema, isWellFormedId } from '../schemas/ids';
import { toFieldIssues } from '../schemas/issues';

const endpointSchema = z.strictObject({
  id: idSchema,
  url: z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
    .max(2048, 'at most 2048 characters'),
  /** A Standard Webhooks secret of the caller's; omitted: one is generated (and returned once). */
  secret: z
    .string()
    .regex(
      /^whsec_[A-Za-z0-9+/]{32,}={0,2}$/,
      'must be whsec_ followed by at least 24 bytes in base64',
    )
    .optional(),
  /** Omitted or empty: every event type. */
  eventTypes: z
    .array(
      z.enum(WEBHOOK_EVENT_TYPES, { error: `must be one of ${WEBHOOK_EVENT_TYPES.join(', ')}` }),
    )
    .max(WEBHOOK_EVENT_TYPES.length)
    .optional(),
});

function endpointView(endpoint: WebhookEndpoint) {
  const { secret: _secret, createdAtMs, ...rest } = endpoint;
  return { ...rest, createdAt: toIso(createdAtMs) };
}

/** Webhook endpoints of the account and their delivery log (operators only). */
export function webhookEndpointsRouter({ database }: ApiDeps): Router {
  const router = Router();
  const { db } = database;

  /** The signing secret is in the answer of the creating call only. */
  router.post('/v1/webhook-endpoints', async (req, res) => {
    requireOperator(res);
    const parsed = endpointSchema.safeParse(req.body);
    if (!parsed.success) {
      throw new BillingError('invalid_request', 'the webhook endpoint is invalid', {
        details: toFieldIssues(parsed.error),
      });
    }
    const eventTypes = [...new Set(parsed.data.eventTypes ?? [])].sort();
    const { endpoint, created } = await saveWebhookEndpoint(db, {
      id: parsed.data.id,
      url: parsed.data.url,
      eventTypes,
      secret: parsed.data.secret ?? generateWebhookSecret(),
    });
    const same =
      endpoint.url === parsed.data.url &&
      endpoint.eventTypes.join() === eventTypes.join() &&
      (parsed.data.secret === undefined || parsed.data.secret === endpoint.secret);
    if (!same) {
      throw new BillingError('webhook_endpoint_exists', `endpoint ${endpoint.id} exists`, {
        details: [
          { field: 'id', message: 'already exists with another url, secret or event types' },
        ],
      });
    }
    res
      .status(created ? 201 : 200)
      .json(
        created ? { ...endpointView(endpoint), secret: endpoint.secret } : endpointView(endpoint),
      );
  });

  router.get('/v1/webhook-endpoints', async (_req, res) => {
    requireOperator(res);
    res.json({ endpoints: (await loadWebhookEndpoints(db)).map(endpointView) });
  });

  router.get('/v1/webhook-endpoints/:id/deliveries', async (req, res) => {
    requireOperator(res);
    const endpoint = isWellFormedId(req.params.id)
      ? await loadWebhookEndpoint(db, req.params.id)
      : null;
    if (!endpoint) {
      throw new BillingError('webhook_endpoint_not_found', `no webhook endpoint ${req.params.id}`);
    }
    const deliveries = await loadDeliveries(db, endpoint.id);
    res.json({
      deliveries: deliveries.map(({ updatedAtMs, endpointId: _endpoint, ...delivery }) => ({
        ...delivery,
        updatedAt: toIso(updatedAtMs),
      })),
    });
  });

  return router;
}
