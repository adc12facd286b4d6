import { issueApiKey } from '../../services/issue-api-key';
import { defineRoute, json } from '../contract/route';
import { apiKeyRequestSchema, apiKeyViewSchema } from '../schemas/api-key';

/** Operators issue keys; the key is in this one answer and stored only as its hash. */
export const apiKeyRoutes = [
  defineRoute({
    method: 'post',
    path: '/v1/api-keys',
    tag: 'API keys',
    summary: 'Issue an operator key or a key for one customer',
    access: 'operator',
    body: apiKeyRequestSchema,
    invalidMessage: 'the API key request is invalid',
    responses: { 201: { description: 'The key, shown once', schema: apiKeyViewSchema } },
    errors: [404],
    handle: async ({ body, principal }, deps) => {
      const issued = await issueApiKey({ db: deps.database.db }, principal, body);
      return json(201, { id: issued.id, key: issued.key, ...issued.principal });
    },
  }),
];
