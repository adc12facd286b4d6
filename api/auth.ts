import type { RequestHandler, Response } from 'express';
import { BillingError } from '../domain/errors';
import type { Principal } from '../domain/principal';
import { authenticate as principalOfKey } from '../services/authenticate';
import type { ApiDeps } from './deps';

const PUBLIC_PATHS = new Set(['/healthz', '/openapi.json']);
const BEARER = /^Bearer ([A-Za-z0-9._~+/=-]{16,256})$/;

/**
 * Every route but /healthz and /openapi.json needs `Authorization: Bearer <key>`: the
 * bootstrap operator key from the environment (BILLING_API_KEY) or a stored key.
 */
export function authenticate({
  database,
  bootstrapApiKey,
}: Pick<ApiDeps, 'database' | 'bootstrapApiKey'>): RequestHandler {
  const deps = { db: database.db, bootstrapApiKey };
  return (req, res, next) => {
    if (PUBLIC_PATHS.has(req.path)) {
      next();
      return;
    }
    const match = BEARER.exec(req.get('authorization') ?? '');
    if (!match) {
      next(new BillingError('unauthenticated', 'send an API key as Authorization: Bearer <key>'));
      return;
    }
    principalOfKey(deps, match[1] as string).then(
      (principal) => {
        if (!principal) {
          next(new BillingError('unauthenticated', 'the API key is not valid'));
          return;
        }
        res.locals.principal = principal;
        next();
      },
      (error: unknown) => next(error),
    );
  };
}

export function principalOf(res: Response): Principal {
  return res.locals.principal as Principal;
}

/**
 * True when the caller may read this customer's data. Only api/customer-lookup.ts, now
 * unused, still calls it: both go when it is deleted (use cases use services/access.ts).
 */
export function mayRead(res: Response, customerId: string): boolean {
  const principal = principalOf(res);
  return principal.kind === 'operator' || principal.customerId === customerId;
}
