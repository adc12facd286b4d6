import { z } from 'zod';
import { errorCodesWithStatus } from '../../domain/error-catalogue';
import { toOpenApiSchema, type JsonSchema } from './json-schema';
import type { Route } from './route';

const STATUS_TEXT: Record<number, string> = {
  400: 'Invalid request: `details` names each field',
  401: 'No or an unknown API key',
  403: 'The key may not call this operation',
  404: 'Not found, or not visible to this key',
  405: 'Method not allowed',
  409: 'Conflicts with the current state',
  413: 'Body larger than 1 MiB',
  429: 'Too many requests or failed authentications; retry after `Retry-After` seconds',
  415: 'Body not UTF-8 JSON',
  500: 'Internal error',
  503: 'A dependency is unavailable; retry later',
};

function errorSchema(status: number): JsonSchema {
  return {
    type: 'object',
    required: ['error'],
    additionalProperties: false,
    properties: {
      error: {
        type: 'object',
        required: ['code', 'message', 'details', 'requestId'],
        additionalProperties: false,
        properties: {
          code: { type: 'string', enum: errorCodesWithStatus(status) },
          message: { type: 'string' },
          details: { type: 'array' },
          requestId: {
            type: 'string',
            description: 'The id of the request, as in its `x-request-id` header and the logs',
          },
        },
      },
    },
  };
}

function parametersOf(route: Route, components: Record<string, JsonSchema>): JsonSchema[] {
  const names = [...route.path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1] as string);
  const pathShape = route.params instanceof z.ZodObject ? route.params.shape : {};
  const inPath = names.map((name) => ({
    name,
    in: 'path',
    required: true,
    schema: pathShape[name]
      ? toOpenApiSchema(pathShape[name] as z.ZodType, 'input', components)
      : { type: 'string' },
  }));
  const queryShape = route.query instanceof z.ZodObject ? route.query.shape : {};
  const inQuery = Object.entries(queryShape).map(([name, schema]) => {
    const field = schema as z.ZodType;
    return {
      name,
      in: 'query',
      required: !field.safeParse(undefined).success,
      schema: toOpenApiSchema(field, 'input', components),
    };
  });
  return [...inPath, ...inQuery];
}

/** The statuses an operation answers with an error body, derived from its declaration. */
export function errorStatusesOf(route: Route): number[] {
  const statuses = new Set(route.errors ?? []);
  if (route.body || route.query) statuses.add(400);
  if (route.body) [413, 415].forEach((status) => statuses.add(status));
  if (route.access !== 'public') statuses.add(401);
  if (route.access === 'operator') statuses.add(403);
  return [...statuses].sort((a, b) => a - b);
}

/** The description, with the rules the schemas cannot state written out and listed. */
function describe(route: Route): JsonSchema {
  const rules = route.statedRules ?? [];
  const text = [
    route.description,
    rules.length > 0 &&
      [
        'Rules beyond the schema (400 naming the field):',
        ...rules.map((r) => `- \`${r.field}\`: ${r.rule}`),
      ].join('\n'),
  ].filter(Boolean);
  return {
    ...(text.length > 0 ? { description: text.join('\n\n') } : {}),
    ...(rules.length > 0 ? { 'x-stated-rules': rules } : {}),
  };
}

function operationOf(route: Route, components: Record<string, JsonSchema>): JsonSchema {
  const responses: Record<string, JsonSchema> = {};
  for (const [status, spec] of Object.entries(route.responses)) {
    const contentType = spec.contentType ?? 'application/json';
    responses[status] = {
      description: spec.description,
      ...(spec.schema || spec.contentType
        ? {
            content: {
              [contentType]: {
                schema: spec.schema
                  ? toOpenApiSchema(spec.schema, 'output', components)
                  : {
                      type: 'string',
                      ...(contentType === 'application/pdf' ? { format: 'binary' } : {}),
                    },
              },
            },
          }
        : {}),
    };
  }
  for (const status of errorStatusesOf(route)) {
    responses[String(status)] = {
      description: STATUS_TEXT[status] ?? 'Error',
      content: { 'application/json': { schema: errorSchema(status) } },
    };
  }
  const parameters = parametersOf(route, components);
  return {
    operationId: `${route.method}${route.path.replace(/[{}]/g, '').replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ?? '').toUpperCase())}`,
    summary: route.summary,
    ...describe(route),
    tags: [route.tag],
    security: route.access === 'public' ? [] : [{ bearer: [] }],
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(route.body
      ? {
          requestBody: {
            required: route.bodyOptional !== true,
            content: {
              'application/json': { schema: toOpenApiSchema(route.body, 'input', components) },
            },
          },
        }
      : {}),
    responses,
  };
}

/** The OpenAPI 3.1 document, derived from the route declarations: nothing written twice. */
export function buildOpenApiDocument(routes: readonly Route[]) {
  const components: Record<string, JsonSchema> = {};
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const route of routes) {
    paths[route.path] = { ...paths[route.path], [route.method]: operationOf(route, components) };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Usage billing engine',
      version: '0.1.0',
      description: 'Per-second usage billing on Temporal.',
    },
    paths,
    components: {
      schemas: components,
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'An API key' } },
    },
  };
}
