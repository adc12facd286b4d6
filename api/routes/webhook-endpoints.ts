import { z } from 'zod';
import { createWebhookEndpoint } from '../../services/create-webhook-endpoint';
import { listWebhookDeliveriesPage } from '../../services/list-webhook-deliveries';
import { listWebhookEndpointsPage } from '../../services/list-webhook-endpoints';
import { PAGINATED, pageQuery, pageRequestOf, pageRules } from '../contract/pagination';
import { defineRoute, json } from '../contract/route';
import {
  createdWebhookEndpointSchema,
  webhookDeliveryLogSchema,
  webhookDeliveryView,
  webhookEndpointListSchema,
  webhookEndpointSchema,
  webhookEndpointView,
  webhookEndpointViewSchema,
} from '../schemas/webhook-endpoint';

/** Webhook endpoints of the account and their delivery log (operators only). */
export const webhookEndpointRoutes = [
  defineRoute({
    method: 'post',
    path: '/v1/webhook-endpoints',
    tag: 'Webhooks',
    summary: 'Register a webhook endpoint',
    description: 'Idempotent by id. The signing secret is in the answer of the creating call only.',
    access: 'operator',
    body: webhookEndpointSchema,
    invalidMessage: 'the webhook endpoint is invalid',
    responses: {
      201: {
        description: 'Created, with its signing secret',
        schema: createdWebhookEndpointSchema,
      },
      200: { description: 'Already registered the same way', schema: webhookEndpointViewSchema },
    },
    errors: [409],
    handle: async ({ body }, deps) => {
      const { endpoint, created } = await createWebhookEndpoint(deps.database.db, body);
      return created
        ? json(201, { ...webhookEndpointView(endpoint), secret: endpoint.secret })
        : json(200, webhookEndpointView(endpoint));
    },
  }),
  defineRoute({
    method: 'get',
    path: '/v1/webhook-endpoints',
    tag: 'Webhooks',
    summary: 'The webhook endpoints, by id',
    description: PAGINATED,
    access: 'operator',
    query: pageQuery,
    statedRules: pageRules,
    responses: { 200: { description: 'The endpoints', schema: webhookEndpointListSchema } },
    handle: async ({ query }, deps) => {
      const { items, nextCursor } = await listWebhookEndpointsPage(
        deps.database.db,
        pageRequestOf(query),
      );
      return json(200, { endpoints: items.map(webhookEndpointView), nextCursor });
    },
  }),
  defineRoute({
    method: 'get',
    path: '/v1/webhook-endpoints/{id}/deliveries',
    tag: 'Webhooks',
    summary: "An endpoint's delivery log, most recently updated first",
    description:
      'Ordered by (updatedAt, eventId), newest first: a delivery attempted again while a ' +
      `client pages moves to the head of the log. ${PAGINATED}`,
    access: 'operator',
    params: z.object({ id: z.string() }),
    query: pageQuery,
    statedRules: pageRules,
    responses: { 200: { description: 'The delivery log', schema: webhookDeliveryLogSchema } },
    errors: [404],
    handle: async ({ params, query }, deps) => {
      const { items, nextCursor } = await listWebhookDeliveriesPage(
        deps.database.db,
        params.id,
        pageRequestOf(query),
      );
      return json(200, { deliveries: items.map(webhookDeliveryView), nextCursor });
    },
  }),
];
