import { z } from 'zod';
import { getTaxRates } from '../../services/get-tax-rates';
import { putTaxRates } from '../../services/put-tax-rates';
import { defineRoute, json } from '../contract/route';
import { taxRateListSchema, taxRatesSchema } from '../schemas/tax-rate';

const customerPath = z.object({ id: z.string() });

/**
 * A customer's tax rates and tax override: each line of its drafts and previews is taxed by
 * the rates of its price's tax category, or in reverse charge under the override.
 */
export const taxRateRoutes = [
  defineRoute({
    method: 'put',
    path: '/v1/customers/{id}/tax-rates',
    tag: 'Tax rates',
    summary: "Replace a customer's tax rates",
    access: 'operator',
    params: customerPath,
    body: taxRatesSchema,
    invalidMessage: 'the tax rates are invalid',
    statedRules: [{ field: 'taxRates', rule: 'each id at most once' }],
    responses: { 200: { description: 'The stored tax rates', schema: taxRateListSchema } },
    errors: [404],
    handle: async ({ params, body, principal }, deps) =>
      json(
        200,
        await putTaxRates(
          { db: deps.database.db },
          principal,
          params.id,
          body.taxRates,
          body.taxOverride ?? null,
        ),
      ),
  }),
  defineRoute({
    method: 'get',
    path: '/v1/customers/{id}/tax-rates',
    tag: 'Tax rates',
    summary: "A customer's tax rates",
    access: 'customer',
    params: customerPath,
    responses: { 200: { description: 'The tax rates', schema: taxRateListSchema } },
    errors: [404],
    handle: async ({ params, principal }, deps) =>
      json(200, await getTaxRates(deps.database.db, principal, params.id)),
  }),
];
