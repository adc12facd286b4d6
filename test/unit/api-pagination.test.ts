import { z } from 'zod';
import { pageQuery } from '../../api/contract/pagination';
import { openApiDocument } from '../../api/openapi';
import { routes } from '../../api/routes';

/** The list endpoints (issue 14, item 3): each takes `limit` and `cursor` and answers `nextCursor`. */
const PAGINATED = [
  '/v1/customers/{id}/invoices',
  '/v1/plans',
  '/v1/coupons',
  '/v1/customers/{id}/coupons',
  '/v1/customers/{id}/subscriptions',
  '/v1/invoices/{id}/credit-notes',
  '/v1/invoices/{id}/payments',
  '/v1/customers/{id}/credits',
  '/v1/webhook-endpoints',
  '/v1/webhook-endpoints/{id}/deliveries',
  '/v1/api-keys',
  '/v1/operator/customers',
  '/v1/customers/{id}/resources',
  '/v1/customers/{id}/projects',
  '/v1/customers/{id}/budgets',
];

/**
 * GETs answering an array that are not lists, and why: a customer's tax rates are at most 10
 * (PUT replaces them whole); live usage and the invoice preview are one period's figures. A
 * single resource (`.../{id}`) may hold arrays (lines, prices).
 */
const BOUNDED = [
  '/v1/customers/{id}/tax-rates',
  '/v1/customers/{id}/usage',
  '/v1/customers/{id}/invoice-preview',
  // One period's figures: the top resources, the meters, the buckets of a bounded range
  // (at most 100 days of hours, `top` groups), one resource's runs in a range.
  '/v1/customers/{id}/overview',
  '/v1/customers/{id}/meters',
  '/v1/customers/{id}/usage/timeseries',
  '/v1/customers/{id}/resources/{resourceId}/runs',
];

const gets = routes.filter((route) => route.method === 'get');
const shapeOf = (path: string) => {
  const schema = gets.find((route) => route.path === path)?.responses[200]?.schema;
  return schema instanceof z.ZodObject ? schema.shape : {};
};

test('every GET answering a list of records is paginated (a new list must be too)', () => {
  const withArrays = gets
    .filter((route) => Object.values(shapeOf(route.path)).some((f) => f instanceof z.ZodArray))
    .map((route) => route.path)
    .filter((path) => !BOUNDED.includes(path) && !/\/\{[A-Za-z]+\}$/.test(path));
  expect([...withArrays].sort()).toEqual([...PAGINATED].sort());
});

test.each(PAGINATED)('%s takes limit and cursor and answers nextCursor', (path) => {
  const route = gets.find((candidate) => candidate.path === path);
  // pageQuery itself, or extended with the list's filters (`search`).
  const shape = route?.query instanceof z.ZodObject ? route.query.shape : {};
  expect([shape.limit, shape.cursor]).toEqual([pageQuery.shape.limit, pageQuery.shape.cursor]);
  expect(route?.statedRules).toContainEqual(expect.objectContaining({ field: 'cursor' }));
  expect(Object.keys(shapeOf(path))).toContain('nextCursor');

  const operation = openApiDocument.paths[path]?.get as {
    parameters: { name: string; in: string; schema: Record<string, unknown> }[];
  };
  const query = operation.parameters.filter(
    (parameter) => parameter.in === 'query' && ['limit', 'cursor'].includes(parameter.name),
  );
  expect(query).toEqual([
    {
      name: 'limit',
      in: 'query',
      required: false,
      schema: expect.objectContaining({
        type: 'string',
        pattern: '^(?:[1-9][0-9]?|1[0-9]{2}|200)$',
      }),
    },
    {
      name: 'cursor',
      in: 'query',
      required: false,
      schema: expect.objectContaining({ type: 'string', pattern: '^[A-Za-z0-9_-]{1,1024}$' }),
    },
  ]);
});

test.each<[string, boolean]>([
  ['1', true],
  ['9', true],
  ['10', true],
  ['99', true],
  ['100', true],
  ['199', true],
  ['200', true],
  ['0', false],
  ['201', false],
  ['300', false],
  ['1000', false],
  ['01', false],
  ['-1', false],
  ['1.0', false],
  [' 1', false],
  ['', false],
])('limit %j is accepted: %s', (limit, accepted) => {
  expect(pageQuery.safeParse({ limit }).success).toEqual(accepted);
});
