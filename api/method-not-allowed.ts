import type { RequestHandler } from 'express';
import { BillingError } from '../domain/errors';

const HTTP_METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);

/**
 * 405 with an `Allow` header for a known path called with a method it does not have; the
 * known paths and their methods are read from the OpenAPI document, the one list of them.
 */
export function methodNotAllowed(paths: Record<string, object>): RequestHandler {
  const routes = Object.entries(paths).map(([template, item]) => {
    const methods = Object.keys(item).filter((key) => HTTP_METHODS.has(key));
    if (methods.includes('get')) methods.push('head');
    const pattern = template.replace(/\{[^/]+\}/g, '[^/]+');
    return { regex: new RegExp(`^${pattern}$`), allow: methods.map((m) => m.toUpperCase()) };
  });
  return (req, res, next) => {
    const route = routes.find((r) => r.regex.test(req.path));
    if (!route) {
      next();
      return;
    }
    res.setHeader('Allow', route.allow.join(', '));
    next(new BillingError('method_not_allowed', `${req.method} is not allowed on ${req.path}`));
  };
}
