import type { RequestHandler, Response } from 'express';
import { BillingError } from '../domain/errors';
import type { Principal } from '../domain/principal';
import { authenticateKey, recordKeyUse } from '../services/authenticate';
import type { ApiDeps } from './deps';

const PUBLIC_PATHS = new Set(['/healthz', '/openapi.json']);
const BEARER = /^Bearer ([A-Za-z0-9._~+/=-]{16,256})$/;

/**
 * Every route but /healthz and /openapi.json needs `Authorization: Bearer <key>`: the
 * bootstrap operator key from the environment (BILLING_API_KEY) or a stored key that is
 * neither revoked nor expired (checked on every request). A client address that presented
 * AUTH_FAILURE_LIMIT wrong keys within the window is answered 429 with Retry-After until the
 * window ends, whatever key it sends. A stored key's last use is written down in the
 * background, at most once a minute.
 */
export function authenticate({
  database,
  bootstrapApiKey,
  now,
  authThrottle,
  logger,
}: Pick<
  ApiDeps,
  'database' | 'bootstrapApiKey' | 'now' | 'authThrottle' | 'logger'
>): RequestHandler {
  const deps = { db: database.db, bootstrapApiKey, now };
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
    const address = req.ip ?? req.socket.remoteAddress ?? 'unknown';
    const waitSeconds = authThrottle.retryAfter(address);
    if (waitSeconds !== null) {
      res.setHeader('retry-after', String(waitSeconds));
      next(
        new BillingError('rate_limited', 'too many failed authentications from this address', {
          details: [{ field: 'authorization', message: `retry after ${waitSeconds} s` }],
        }),
      );
      return;
    }
    authenticateKey(deps, match[1] as string).then(
      (authenticated) => {
        if (!authenticated) {
          authThrottle.failed(address);
          next(new BillingError('unauthenticated', 'the API key is not valid'));
          return;
        }
        res.locals.principal = authenticated.principal;
        res.locals.apiKeyId = authenticated.keyId;
        if (authenticated.useToRecord) {
          recordKeyUse(deps, authenticated.keyId).catch((error: unknown) =>
            logger.warn({ err: error }, 'the last use of an API key was not written'),
          );
        }
        next();
      },
      (error: unknown) => next(error),
    );
  };
}

export function principalOf(res: Response): Principal {
  return res.locals.principal as Principal;
}

/** The id of the key that authenticated the request (per-key rate limits count by it). */
export function apiKeyIdOf(res: Response): string {
  return res.locals.apiKeyId as string;
}

/**
 * True when the caller may read this customer's data. Only api/customer-lookup.ts, now
 * unused, still calls it: both go when it is deleted (use cases use services/access.ts).
 */
export function mayRead(res: Response, customerId: string): boolean {
  const principal = principalOf(res);
  return principal.kind === 'operator' || principal.customerId === customerId;
}
