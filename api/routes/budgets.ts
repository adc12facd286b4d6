import { z } from 'zod';
import { PAGINATED, pageQuery, pageRequestOf, pageRules } from '../contract/pagination';
import { createBudget, getBudget, listBudgets, loadCurrentSpend } from '../../services/budgets';
import type { ApiDeps } from '../deps';
import { defineRoute, json } from '../contract/route';
import {
  budgetListSchema,
  budgetRequestSchema,
  budgetView,
  budgetViewSchema,
  toBudget,
} from '../schemas/budget';

const liveDeps = (deps: ApiDeps) => ({ db: deps.database.db, cycles: deps.cycles, now: deps.now });

/** Spend budgets per billing period, for the account or one project, with threshold alerts. */
export const budgetRoutes = [
  defineRoute({
    method: 'post',
    path: '/v1/customers/{id}/budgets',
    tag: 'Budgets',
    summary: 'Create a spend budget for the account or a project (idempotent by id)',
    description:
      'Each threshold is alerted once per billing period, within seconds of the usage that ' +
      'crosses it: a `budget.threshold_crossed` webhook and an email. The same fields again ' +
      'answer 200, other fields 409 budget_exists.',
    access: 'operator',
    params: z.object({ id: z.string() }),
    body: budgetRequestSchema,
    invalidMessage: 'the budget is invalid',
    statedRules: [
      { field: 'amount', rule: "positive, in whole minor units of the customer's currency" },
      { field: 'projectId', rule: 'a project of the customer' },
      { field: 'thresholds', rule: 'ascending, without repeats' },
    ],
    responses: {
      201: { description: 'Created', schema: budgetViewSchema },
      200: { description: 'Already created with the same fields', schema: budgetViewSchema },
    },
    errors: [404, 409],
    handle: async ({ params, body, principal }, deps) => {
      const { budget, created } = await createBudget(
        { db: deps.database.db, cycles: deps.cycles },
        principal,
        toBudget(params.id, body),
      );
      return json(created ? 201 : 200, budgetView({ budget, alerts: [] }));
    },
  }),
  defineRoute({
    method: 'get',
    path: '/v1/customers/{id}/budgets',
    tag: 'Budgets',
    summary: "The customer's budgets, their current spend and the thresholds they crossed",
    description:
      `${PAGINATED} A project key sees the budgets of its project only. \`current\` is the ` +
      "current period's spend on each budget's basis, measured as the threshold alerts measure it.",
    access: 'customer',
    params: z.object({ id: z.string() }),
    query: pageQuery,
    statedRules: pageRules,
    responses: { 200: { description: 'The budgets, by id', schema: budgetListSchema } },
    errors: [404],
    handle: async ({ params, query, principal }, deps) => {
      const page = await listBudgets(deps.database.db, principal, params.id, pageRequestOf(query));
      const current = await loadCurrentSpend(
        liveDeps(deps),
        params.id,
        page.items.map((item) => item.budget),
      );
      return json(200, {
        data: page.items.map((item) => budgetView(item, current.get(item.budget.id) ?? null)),
        nextCursor: page.nextCursor,
      });
    },
  }),
  defineRoute({
    method: 'get',
    path: '/v1/customers/{id}/budgets/{budgetId}',
    tag: 'Budgets',
    summary: 'A budget with the thresholds it crossed',
    access: 'customer',
    params: z.object({ id: z.string(), budgetId: z.string() }),
    responses: { 200: { description: 'The budget', schema: budgetViewSchema } },
    errors: [404],
    handle: async ({ params, principal }, deps) => {
      const item = await getBudget(deps.database.db, principal, params.id, params.budgetId);
      const current = await loadCurrentSpend(liveDeps(deps), params.id, [item.budget]);
      return json(200, budgetView(item, current.get(item.budget.id) ?? null));
    },
  }),
];
