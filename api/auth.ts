import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { RequestHandler, Response } from 'express';
import type { Database } from '../db/client';
import { loadPrincipalByHash, type Principal } from '../db/repositories/api-keys.repository';
import { BillingError } from '../domain/errors';

const PUBLIC_PATHS = new Set(['/healthz', '/openapi.json']);
const BEARER = /^Bearer ([A-Za-z0-9._~+/=-]{16,256})$/;

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/** A new key: 32 random bytes, shown to the caller once and stored only as its hash. */
export function generateApiKey(): { id: string; key: string } {
  return {
    id: `key_${randomBytes(8).toString('hex')}`,
    key: `bk_${randomBytes(32).toString('base64url')}`,
  };
}

function sameHash(a: string, b: string): boolean {
  return timingSafeEqual(Buffer.from(a, 'hex'), Buffer.from(b, 'hex'));
}

/**
 * Every route but /healthz and /openapi.json needs `Authorization: Bearer <key>`: the
 * bootstrap operator key from the environment (BILLING_API_KEY) or a stored key.
 */
export function authenticate(db: Database, bootstrapKey: string | undefined): RequestHandler {
  const bootstrapHash = bootstrapKey === undefined ? null : hashApiKey(bootstrapKey);
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
    loadPrincipalByHash(db, hash).then(
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

/** Platform and admin endpoints: operator keys only. */
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
