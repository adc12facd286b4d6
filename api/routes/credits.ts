import { z } from 'zod';
import { getCredits } from '../../services/get-credits';
import { grantCredit } from '../../services/grant-credit';
import { defineRoute, json } from '../contract/route';
import { creditGrantSchema, creditsSchema, creditsView } from '../schemas/credit';

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
    access: 'customer',
    params: idParams,
    responses: { 200: { description: 'The credits', schema: creditsSchema } },
    errors: [404],
    handle: async ({ params, principal }, deps) =>
      json(200, creditsView(await getCredits(deps.database.db, principal, params.id))),
  }),
];
