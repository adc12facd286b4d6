import { z } from 'zod';
import { listSubscriptionsPage } from '../../services/list-subscriptions';
import { subscribe } from '../../services/subscribe';
import { PAGINATED, pageQuery, pageRequestOf, pageRules } from '../contract/pagination';
import { defineRoute, json } from '../contract/route';
import {
  subscriptionListSchema,
  subscriptionSchema,
  subscriptionView,
  subscriptionViewSchema,
  toSubscriptionRequest,
} from '../schemas/subscription';

const customerPath = z.object({ id: z.string() });

/** Which plan a customer is on, from when: each subscription lasts until the next begins. */
export const subscriptionRoutes = [
  defineRoute({
    method: 'post',
    path: '/v1/customers/{id}/subscriptions',
    tag: 'Subscriptions',
    summary: 'Subscribe a customer to a plan from an instant (idempotent by id)',
    description:
      "The plan must be in the customer's currency (else 400 currency_mismatch), and no other " +
      'subscription of the customer may start at the same instant (409 subscription_conflict).',
    access: 'operator',
    params: customerPath,
    body: subscriptionSchema,
    invalidMessage: 'the subscription is invalid',
    statedRules: [
      { field: 'planId', rule: "the plan exists and is in the customer's currency" },
      {
        field: 'effectiveFrom',
        rule: 'no other subscription of the customer starts at this instant',
      },
    ],
    responses: {
      201: { description: 'Created', schema: subscriptionViewSchema },
      200: { description: 'Already created with the same fields', schema: subscriptionViewSchema },
    },
    errors: [404, 409],
    handle: async ({ params, body, principal }, deps) => {
      const { subscription, created } = await subscribe(
        { db: deps.database.db },
        principal,
        params.id,
        toSubscriptionRequest(body),
      );
      return json(created ? 201 : 200, subscriptionView(subscription));
    },
  }),
  defineRoute({
    method: 'get',
    path: '/v1/customers/{id}/subscriptions',
    tag: 'Subscriptions',
    summary: "A customer's subscriptions, oldest first",
    description: PAGINATED,
    access: 'customer',
    params: customerPath,
    query: pageQuery,
    statedRules: pageRules,
    responses: { 200: { description: 'The subscriptions', schema: subscriptionListSchema } },
    errors: [404],
    handle: async ({ params, query, principal }, deps) => {
      const { items, nextCursor } = await listSubscriptionsPage(
        deps.database.db,
        principal,
        params.id,
        pageRequestOf(query),
      );
      return json(200, { subscriptions: items.map(subscriptionView), nextCursor });
    },
  }),
];
