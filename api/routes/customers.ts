import { z } from 'zod';
import { createCustomer } from '../../services/create-customer';
import { getCustomer } from '../../services/get-customer';
import { defineRoute, json } from '../contract/route';
import {
  customerSchema,
  customerViewSchema,
  customerView,
  toBillingProfile,
  toCustomer,
} from '../schemas/customer';

export const customerRoutes = [
  defineRoute({
    method: 'post',
    path: '/v1/customers',
    tag: 'Customers',
    summary: 'Create a customer and start its billing cycle',
    access: 'operator',
    body: customerSchema,
    invalidMessage: 'the customer is invalid',
    responses: {
      201: { description: 'Created', schema: customerViewSchema },
      200: { description: 'Already created with the same fields', schema: customerViewSchema },
    },
    errors: [409],
    handle: async ({ body }, deps) => {
      const { customer, profile, created } = await createCustomer(
        { db: deps.database.db, cycles: deps.cycles },
        { customer: toCustomer(body), profile: toBillingProfile(body) },
      );
      return json(created ? 201 : 200, customerView(customer, profile));
    },
  }),
  defineRoute({
    method: 'get',
    path: '/v1/customers/{id}',
    tag: 'Customers',
    summary: 'A customer',
    access: 'customer',
    params: z.object({ id: z.string() }),
    responses: { 200: { description: 'The customer', schema: customerViewSchema } },
    errors: [404],
    handle: async ({ params, principal }, deps) => {
      const { customer, profile } = await getCustomer(deps.database.db, principal, params.id);
      return json(200, customerView(customer, profile));
    },
  }),
];
