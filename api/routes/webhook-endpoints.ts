import { z } from 'zod';
import { createWebhookEndpoint } from '../../services/create-webhook-endpoint';
import { deleteWebhookEndpoint } from '../../services/delete-webhook-endpoint';
import { getWebhookEndpoint } from '../../services/get-webhook-endpoint';
import { updateWebhookEndpoint } from '../../services/update-webhook-endpoint';
import type { ApiDeps } from '../deps';
import { listWebhookDeliveriesPage } from '../../services/list-webhook-deliveries';
import { listWebhookEndpointsPage } from '../../services/list-webhook-endpoints';
import { PAGINATED, pageQuery, pageRequestOf, pageRules } from '../contract/pagination';
import { defineRoute, json } from '../contract/route';
import {
  createdWebhookEndpointSchema,
  webhookDeliveryLogSchema,
  webhookDeliveryView,
  webhookEndpointListSchema,
  webhookEndpointChangesSchema,
  webhookEndpointSchema,
  webhookEndpointView,
  webhookEndpointViewSchema,
} from '../schemas/webhook-endpoint';

/** The outbound URL policy webhook URLs are checked against (private addresses denied). */
const urlCheck = (deps: ApiDeps) => ({
  policy: deps.outboundPolicy ?? { allowPrivateAddresses: false },
});

const URL_POLICY =
  'The URL must pass the outbound URL policy: unless the operator allows private ' +
  'addresses, a URL whose host is, or resolves to, a loopback, private, link-local or ' +
  'other special-purpose address (or does not resolve) is a 400 naming `url`.';

/** Webhook endpoints of the account and their delivery log (operators only). */
export const webhookEndpointRoutes = [
  defineRoute({
    method: 'post',
    path: '/v1/webhook-endpoints',
    tag: 'Webhooks',
    summary: 'Register a webhook endpoint',
    description:
      'Idempotent by id (the id of a deleted endpoint conflicts). The signing secret is in ' +
      `the answer of the creating call only. ${URL_POLICY}`,
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
      const { endpoint, created } = await createWebhookEndpoint(deps.database.db, body, {
        urlCheck: urlCheck(deps),
      });
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
    path: '/v1/webhook-endpoints/{id}',
    tag: 'Webhooks',
    summary: 'A webhook endpoint',
    access: 'operator',
    params: z.object({ id: z.string() }),
    responses: { 200: { description: 'The endpoint', schema: webhookEndpointViewSchema } },
    errors: [404],
    handle: async ({ params }, deps) =>
      json(200, webhookEndpointView(await getWebhookEndpoint(deps.database.db, params.id))),
  }),
  defineRoute({
    method: 'patch',
    path: '/v1/webhook-endpoints/{id}',
    tag: 'Webhooks',
    summary: "Change a webhook endpoint's url, event types or enabled flag",
    description:
      'Each field given is changed, the others stay; the secret never changes. A disabled ' +
      'endpoint receives no new events, and deliveries to it being retried give up (logged ' +
      `\`cancelled\`). ${URL_POLICY}`,
    access: 'operator',
    params: z.object({ id: z.string() }),
    body: webhookEndpointChangesSchema,
    invalidMessage: 'the webhook endpoint is invalid',
    responses: { 200: { description: 'The changed endpoint', schema: webhookEndpointViewSchema } },
    errors: [404],
    handle: async ({ params, body }, deps) => {
      const endpoint = await updateWebhookEndpoint(
        { db: deps.database.db, urlCheck: urlCheck(deps) },
        params.id,
        body,
      );
      return json(200, webhookEndpointView(endpoint));
    },
  }),
  defineRoute({
    method: 'delete',
    path: '/v1/webhook-endpoints/{id}',
    tag: 'Webhooks',
    summary: 'Delete a webhook endpoint',
    description:
      'It leaves the list and answers 404 after; deliveries to it being retried give up ' +
      '(logged `cancelled`). Its id cannot be registered again.',
    access: 'operator',
    params: z.object({ id: z.string() }),
    responses: {
      200: { description: 'The deleted endpoint (disabled)', schema: webhookEndpointViewSchema },
    },
    errors: [404],
    handle: async ({ params }, deps) =>
      json(200, webhookEndpointView(await deleteWebhookEndpoint(deps.database.db, params.id))),
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
