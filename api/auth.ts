import type { RequestHandler, Response } from 'express';
import { hashApiKey, sameHash } from '../adapters/api-key-crypto';
import { BillingError } from '../domain/errors';
import type { Principal } from '../domain/principal';
import { authenticate as principalOfKeyHash } from '../services/authenticate';
import type { ApiDeps } from './deps';

/** Kept for runtime/embedded-api-key.ts; the functions live in adapters/api-key-crypto.ts. */
export { generateApiKey, hashApiKey } from '../adapters/api-key-crypto';

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
  const bootstrapHash = bootstrapApiKey === undefined ? null : hashApiKey(bootstrapApiKey);
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
    const hash = hashApiKey(match[1] as string);
    if (bootstrapHash !== null && sameHash(hash, bootstrapHash)) {
      res.locals.principal = { kind: 'operator' } satisfies Principal;
      next();
      return;
    }
    principalOfKeyHash(database.db, hash).then(
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

/** Platform and admin endpoints: operator keys only (routes not yet declared with `access`). */
export function requireOperator(res: Response): void {
  if (principalOf(res).kind !== 'operator') {
    throw new BillingError('forbidden', 'this endpoint needs an operator key');
  }
}

/** True when the caller may read this customer's data. */
export function mayRead(res: Response, customerId: string): boolean {
  const principal = principalOf(res);
  return principal.kind === 'operator' || principal.customerId === customerId;
}
