import { z } from 'zod';
import { buildOpenApiDocument, errorStatusesOf } from '../../api/contract/openapi';
import { defineRoute, json, type Route } from '../../api/contract/route';

const thing = z.strictObject({ id: z.string(), amount: z.string() }).meta({ id: 'TestThing' });

const routes: Route[] = [
  defineRoute({
    method: 'get',
    path: '/v1/things/{id}',
    tag: 'Things',
    summary: 'A thing',
    access: 'customer',
    params: z.object({ id: z.string() }),
    query: z.object({ at: z.iso.datetime({ offset: true }).optional(), kind: z.enum(['a', 'b']) }),
    responses: { 200: { description: 'The thing', schema: thing } },
    errors: [404],
    handle: () => Promise.resolve(json(200, { id: 'x', amount: '1.00' })),
  }),
  defineRoute({
    method: 'post',
    path: '/v1/things',
    tag: 'Things',
    summary: 'Create a thing',
    access: 'operator',
    body: thing,
    responses: { 201: { description: 'Created', schema: thing } },
    handle: () => Promise.resolve(json(201, { id: 'x', amount: '1.00' })),
  }),
  defineRoute({
    method: 'get',
    path: '/healthz',
    tag: 'Health',
    summary: 'Liveness',
    access: 'public',
    responses: { 200: { description: 'Healthy' } },
    handle: () => Promise.resolve(json(200, {})),
  }),
];

describe('the OpenAPI document derived from route declarations', () => {
  const document = buildOpenApiDocument(routes);

  it.each([
    ['a customer-readable read', 0, [400, 401, 404]],
    ['an operator write with a body', 1, [400, 401, 403, 413, 415]],
    ['a public route', 2, []],
  ])('%s answers the error statuses its declaration implies', (_name, index, statuses) => {
    expect(errorStatusesOf(routes[index]!)).toEqual(statuses);
  });

  it('gives security per operation: none for public routes, the bearer key elsewhere', () => {
    expect(document.paths['/healthz']?.get?.security).toEqual([]);
    expect(document.paths['/v1/things']?.post?.security).toEqual([{ bearer: [] }]);
  });

  it('lists path and query parameters with their schemas and whether they are required', () => {
    expect(document.paths['/v1/things/{id}']?.get?.parameters).toEqual([
      { name: 'id', in: 'path', required: true, schema: { type: 'string' } },
      {
        name: 'at',
        in: 'query',
        required: false,
        schema: expect.objectContaining({ type: 'string', format: 'date-time' }),
      },
      { name: 'kind', in: 'query', required: true, schema: { type: 'string', enum: ['a', 'b'] } },
    ]);
  });

  it('moves named schemas to components and references them from there', () => {
    const created = document.paths['/v1/things']?.post?.responses as Record<string, any>;
    expect(created['201'].content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/TestThing',
    });
    expect(document.components.schemas.TestThing).toEqual({
      type: 'object',
      properties: { id: { type: 'string' }, amount: { type: 'string' } },
      required: ['id', 'amount'],
      additionalProperties: false,
    });
  });

  it('documents each error status with a JSON body whose codes are those of that status', () => {
    const responses = document.paths['/v1/things']?.post?.responses as Record<string, any>;
    const schema = responses['403'].content['application/json'].schema;
    expect(schema.properties.error.properties.code.enum).toContain('forbidden');
    expect(schema.properties.error.properties.code.enum).not.toContain('customer_not_found');
  });

  it('requires the request id in every error body, as in the x-request-id header', () => {
    const responses = document.paths['/v1/things/{id}']?.get?.responses as Record<string, any>;
    for (const status of ['400', '401', '404']) {
      const error = responses[status].content['application/json'].schema.properties.error;
      expect(error.required).toEqual(['code', 'message', 'details', 'requestId']);
      expect(error.properties.requestId).toEqual(expect.objectContaining({ type: 'string' }));
      expect(error.additionalProperties).toBe(false);
    }
  });

  it('documents a text body (the Prometheus metrics) under its own media type', () => {
    const metrics = buildOpenApiDocument([
      defineRoute({
        method: 'get',
        path: '/metrics',
        tag: 'Operations',
        summary: 'Metrics',
        access: 'operator',
        responses: { 200: { description: 'Prometheus text', contentType: 'text/plain' } },
        handle: () => Promise.resolve({ status: 200, body: '', contentType: 'text/plain' }),
      }),
    ]);
    const responses = metrics.paths['/metrics']?.get?.responses as Record<string, any>;
    expect(responses['200'].content).toEqual({ 'text/plain': { schema: { type: 'string' } } });
    expect(Object.keys(responses).sort()).toEqual(['200', '401', '403']);
  });
});
