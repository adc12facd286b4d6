import { z } from 'zod';
import { createPlan } from '../../services/create-plan';
import { getPlan } from '../../services/get-plan';
import { listPlansPage } from '../../services/list-plans';
import { PAGINATED, pageQuery, pageRequestOf, pageRules } from '../contract/pagination';
import { defineRoute, json } from '../contract/route';
import {
  parsePlan,
  planListSchema,
  planSchema,
  planView,
  planViewSchema,
  toPlan,
} from '../schemas/plan';

/** The price catalog: plans are immutable, so a price change is a new plan. */
export const planRoutes = [
  defineRoute({
    method: 'post',
    path: '/v1/plans',
    tag: 'Plans',
    summary: 'Create a plan with its prices (idempotent by id)',
    access: 'operator',
    body: planSchema,
    parseBody: parsePlan,
    invalidMessage: 'the plan is invalid',
    statedRules: [
      {
        field: 'prices.*.model.tiers.*.upTo',
        rule: 'bounds strictly increase and only the last tier is open-ended (null)',
      },
      { field: 'prices.*.id', rule: 'price ids are unique within the plan' },
      {
        field: 'prices.*.freeUnits',
        rule: 'not combined with a minimumAmount or periodCapAmount in the model',
      },
      { field: 'minimumCommitment', rule: 'in whole minor units of the currency' },
    ],
    responses: {
      201: { description: 'Created', schema: planViewSchema },
      200: { description: 'Already created with the same fields', schema: planViewSchema },
    },
    errors: [409],
    handle: async ({ body }, deps) => {
      const { plan, created } = await createPlan({ db: deps.database.db }, toPlan(body));
      return json(created ? 201 : 200, planView(plan));
    },
  }),
  defineRoute({
    method: 'get',
    path: '/v1/plans',
    tag: 'Plans',
    summary: 'Every plan, by id',
    description: PAGINATED,
    access: 'operator',
    query: pageQuery,
    statedRules: pageRules,
    responses: { 200: { description: 'The plans', schema: planListSchema } },
    handle: async ({ query }, deps) => {
      const { items, nextCursor } = await listPlansPage(deps.database.db, pageRequestOf(query));
      return json(200, { plans: items.map(planView), nextCursor });
    },
  }),
  defineRoute({
    method: 'get',
    path: '/v1/plans/{id}',
    tag: 'Plans',
    summary: 'A plan',
    access: 'operator',
    params: z.object({ id: z.string() }),
    responses: { 200: { description: 'The plan', schema: planViewSchema } },
    errors: [404],
    handle: async ({ params }, deps) =>
      json(200, planView(await getPlan(deps.database.db, params.id))),
  }),
];
