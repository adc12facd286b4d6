import { Router, type Request, type RequestHandler, type Response } from 'express';
import type { z } from 'zod';
import { BillingError } from '../../domain/errors';
import { principalOf } from '../auth';
import { toFieldIssues } from '../schemas/issues';
import type { ApiDeps } from '../deps';
import type { Reply, Route } from './route';

export interface MountOptions {
  /**
   * Checks every JSON reply against its declared schema and turns a mismatch into a 500
   * (tests and development: a response that breaks the contract fails loudly).
   */
  validateResponses: boolean;
}

/** `/v1/customers/{id}` -> `/v1/customers/:id` */
export const expressPath = (template: string): string => template.replace(/\{([^}]+)\}/g, ':$1');

function parseOrThrow<S extends z.ZodType>(
  schema: S,
  value: unknown,
  message: string,
): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new BillingError('invalid_request', message, { details: toFieldIssues(parsed.error) });
  }
  return parsed.data;
}

function checkReply(route: Route, reply: Reply, options: MountOptions): void {
  const declared = route.responses[reply.status];
  if (!declared) {
    throw new Error(`${route.method} ${route.path} answered undeclared status ${reply.status}`);
  }
  if (!options.validateResponses || !declared.schema) return;
  // What the client receives: the body after JSON serialization.
  const wire: unknown = JSON.parse(JSON.stringify(reply.body) ?? 'null');
  const checked = declared.schema.safeParse(wire);
  if (!checked.success) {
    throw new Error(
      `${route.method} ${route.path} ${reply.status} breaks its schema: ${JSON.stringify(
        toFieldIssues(checked.error),
      )}`,
    );
  }
}

function send(res: Response, reply: Reply): void {
  for (const [name, value] of Object.entries(reply.headers ?? {})) res.setHeader(name, value);
  res.status(reply.status);
  if (reply.contentType) {
    res.type(reply.contentType).send(reply.body);
  } else {
    res.json(reply.body);
  }
}

function handlerOf(route: Route, deps: ApiDeps, options: MountOptions): RequestHandler {
  const invalid = route.invalidMessage ?? 'the request is invalid';
  return async (req: Request, res: Response) => {
    const principal = principalOf(res);
    if (route.access === 'operator' && principal.kind !== 'operator') {
      throw new BillingError('forbidden', 'this endpoint needs an operator key');
    }
    const query = route.query ? parseOrThrow(route.query, req.query, invalid) : {};
    let body: unknown = undefined;
    if (route.parseBody) body = route.parseBody(req.body, req, deps);
    else if (route.body) body = parseOrThrow(route.body, req.body, invalid);
    const reply = await route.handle(
      {
        params: req.params,
        query,
        body,
        principal,
        req,
        res,
      },
      deps,
    );
    checkReply(route, reply, options);
    send(res, reply);
  };
}

/** An Express router serving the declared routes, each validated as it is declared. */
export function mountRoutes(
  routes: readonly Route[],
  deps: ApiDeps,
  options: MountOptions,
): Router {
  const router = Router();
  for (const route of routes) {
    router[route.method](expressPath(route.path), handlerOf(route, deps, options));
  }
  return router;
}
