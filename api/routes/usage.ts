import { z } from 'zod';
import { getLiveUsage } from '../../services/get-live-usage';
import { previewInvoice } from '../../services/preview-invoice';
import type { ApiDeps } from '../deps';
import { defineRoute, json } from '../contract/route';
import {
  invoicePreviewSchema,
  invoicePreviewView,
  liveUsageQuery,
  liveUsageSchema,
  liveUsageView,
} from '../schemas/usage';

const liveDeps = (deps: ApiDeps) => ({ db: deps.database.db, cycles: deps.cycles, now: deps.now });

export const usageRoutes = [
  defineRoute({
    method: 'get',
    path: '/v1/customers/{id}/usage',
    tag: 'Usage',
    summary: 'Usage so far, with its cost so far and a forecast to the period end',
    description:
      '`cost.accrued` and `cost.forecast` are the totals of the invoice the period would get ' +
      'now and at its end; `cost.projects` breaks them down by project (the live ' +
      '`groupBy=project`; present when a line belongs to a project): each project section ' +
      "of that invoice, before coupons and taxes, summing exactly to the lines' subtotal " +
      '(to the totals when there are no coupons or taxes). With `projectId` the resources, ' +
      "meters, open runs and late usage are that project's only, and the cost is its section " +
      "of the invoice (`accrued` equals the invoice's project subtotal; lines are priced on " +
      "the organization's total and split to projects by largest remainder). A project key " +
      "reads its own project only, as if projectId named it; another project's id, like one " +
      'the customer does not have, answers 404 project_not_found.',
    access: 'customer',
    params: z.object({ id: z.string() }),
    query: liveUsageQuery,
    invalidMessage: 'the usage query is invalid',
    responses: {
      200: { description: 'Live usage of the current period', schema: liveUsageSchema },
    },
    // 409 missing_tax_rate: the customer has tax rates, but none of a line's category.
    // 400 invalid_usage naming the field: usage the plan cannot rate, e.g. counters kept
    // without intervals before a percentile price was enabled (docs/billing-rules.md).
    errors: [400, 404, 409, 503],
    handle: async ({ params, query, principal }, deps) => {
      const { usage, cost, burst } = await getLiveUsage(
        liveDeps(deps),
        principal,
        params.id,
        query.projectId === undefined ? {} : { projectId: query.projectId },
      );
      return json(200, liveUsageView(usage, cost, burst));
    },
  }),
  defineRoute({
    method: 'get',
    path: '/v1/customers/{id}/invoice-preview',
    tag: 'Usage',
    summary: "The current period's invoice as if the period closed now",
    description:
      'Exactly the draft the period close would write for the usage so far: the plan in ' +
      'effect now, taxes, active coupons, the credit balance, late-usage adjustments and the ' +
      'minimum commitment, in its project sections (`projects`, as the invoice will have ' +
      'them). 404 no_subscription when the customer has no plan.',
    access: 'customer',
    params: z.object({ id: z.string() }),
    responses: { 200: { description: 'The preview', schema: invoicePreviewSchema } },
    // 409 missing_tax_rate: the customer has tax rates, but none of a line's category.
    // 400 invalid_usage naming the field: usage the plan cannot rate, e.g. counters kept
    // without intervals before a percentile price was enabled (docs/billing-rules.md).
    errors: [400, 404, 409, 503],
    handle: async ({ params, principal }, deps) => {
      const { usage, preview, projects } = await previewInvoice(
        liveDeps(deps),
        principal,
        params.id,
      );
      return json(200, invoicePreviewView(usage, preview, projects));
    },
  }),
];
