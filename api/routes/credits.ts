import { z } from 'zod';
import { getCreditsPage } from '../../services/get-credits';
import { grantCredit } from '../../services/grant-credit';
import { PAGINATED, pageQuery, pageRequestOf, pageRules } from '../contract/pagination';
import { defineRoute, json } from '../contract/route';
import {
  creditGrantSchema,
  creditsPageSchema,
  creditsPageView,
  creditsSchema,
  creditsView,
} from '../schemas/credit';

const idParams = z.object({ id: z.string() });

/** A customer's prepaid credits: grants by operators, consumption by finalized invoices. */
export const creditRoutes = [
  defineRoute({
    method: 'post',
    path: '/v1/customers/{id}/credit-grants',
    tag: 'Credits',
    summary: 'Grant prepaid credit to a customer',
    description:
      'Idempotent by id: the same grant again is answered 200; another amount under that id ' +
      'is 409. Answers the credits afterwards.',
    access: 'operator',
    params: idParams,
    body: creditGrantSchema,
    invalidMessage: 'the credit grant is invalid',
    statedRules: [
      { field: 'amount', rule: "positive and in whole minor units of the customer's currency" },
    ],
    responses: {
      201: { description: 'Granted', schema: creditsSchema },
      200: { description: 'Already granted', schema: creditsSchema },
    },
    errors: [404, 409],
    handle: async ({ params, body, principal }, deps) => {
      const { created, credits } = await grantCredit(deps.database.db, principal, params.id, body);
      return json(created ? 201 : 200, creditsView(credits));
    },
  }),
  defineRoute({
    method: 'get',
    path: '/v1/customers/{id}/credits',
    tag: 'Credits',
    summary: "A customer's credit balance and ledger",
    description: `The balance sums the whole ledger; its entries, oldest first, are a page. ${PAGINATED}`,
    access: 'customer',
    params: idParams,
    query: pageQuery,
    statedRules: pageRules,
    responses: { 200: { description: 'The credits', schema: creditsPageSchema } },
    errors: [404],
    handle: async ({ params, query, principal }, deps) => {
      const credits = await getCreditsPage(
        deps.database.db,
        principal,
        params.id,
        pageRequestOf(query),
      );
      return json(200, creditsPageView(credits));
    },
  }),
];
