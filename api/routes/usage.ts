import { z } from 'zod';
import { getLiveUsage } from '../../services/get-live-usage';
import { previewInvoice } from '../../services/preview-invoice';
import type { ApiDeps } from '../deps';
import { defineRoute, json } from '../contract/route';
import {
  invoicePreviewSchema,
  invoicePreviewView,
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
    access: 'customer',
    params: z.object({ id: z.string() }),
    responses: {
      200: { description: 'Live usage of the current period', schema: liveUsageSchema },
    },
    // 409 missing_tax_rate: the customer has tax rates, but none of a line's category.
    // 400 invalid_usage naming the field: usage the plan cannot rate, e.g. counters kept
    // without intervals before a percentile price was enabled (docs/billing-rules.md).
    errors: [400, 404, 409, 503],
    handle: async ({ params, principal }, deps) => {
      const { usage, cost, burst } = await getLiveUsage(liveDeps(deps), principal, params.id);
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
      'minimum commitment. 404 no_subscription when the customer has no plan.',
    access: 'customer',
    params: z.object({ id: z.string() }),
    responses: { 200: { description: 'The preview', schema: invoicePreviewSchema } },
    // 409 missing_tax_rate: the customer has tax rates, but none of a line's category.
    // 400 invalid_usage naming the field: usage the plan cannot rate, e.g. counters kept
    // without intervals before a percentile price was enabled (docs/billing-rules.md).
    errors: [400, 404, 409, 503],
    handle: async ({ params, principal }, deps) => {
      const { usage, preview } = await previewInvoice(liveDeps(deps), principal, params.id);
      return json(200, invoicePreviewView(usage, preview));
    },
  }),
];
