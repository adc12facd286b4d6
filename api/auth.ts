import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { BillingError } from '../domain/errors';
import { CSRF_HEADER, parseCookies, SESSION_COOKIE } from '../domain/portal/cookies';
import { sameText } from '../domain/portal/session-token';
import type { Principal } from '../domain/principal';
import { authenticateKey, recordKeyUse } from '../services/authenticate';
import { checkPortalSession } from '../services/portal-sign-in';
import type { ApiDeps } from './deps';

const PUBLIC_PATHS = new Set(['/healthz', '/openapi.json']);
const BEARER = /^Bearer ([A-Za-z0-9._~+/=-]{16,256})$/;
/** Methods that change nothing: a cookie-authenticated request of any other needs the CSRF header. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The portal's pages and its sign-in endpoints (/portal/...; not /v1/portal/...) need no key. */
const isPublicPath = (path: string): boolean =>
  PUBLIC_PATHS.has(path) || path === '/portal' || path.startsWith('/portal/');

/**
 * Every route but /healthz and /openapi.json needs `Authorization: Bearer <key>`: the
 * bootstrap operator key from the environment (BILLING_API_KEY) or a stored key that is
 * neither revoked nor expired (checked on every request). A client address that presented
 * AUTH_FAILURE_LIMIT wrong keys within the window is answered 429 with Retry-After until the
 * window ends, whatever key it sends. A stored key's last use is written down in the
 * background, at most once a minute. Without an Authorization header, the portal's session
 * cookie may stand in for the key (authenticateSession); the portal's own pages and sign-in
 * endpoints under /portal/ are public.
 */
export function authenticate({
  database,
  bootstrapApiKey,
  now,
  authThrottle,
  logger,
  portal,
}: Pick<
  ApiDeps,
  'database' | 'bootstrapApiKey' | 'now' | 'authThrottle' | 'logger' | 'portal'
>): RequestHandler {
  const deps = { db: database.db, bootstrapApiKey, now };
  const sessionDeps = { db: database.db, now, portal };
  return (req, res, next) => {
    if (isPublicPath(req.path)) {
      next();
      return;
    }
    // Without an Authorization header, the portal's session cookie may stand in for a key.
    const sessionToken =
      req.get('authorization') === undefined
        ? parseCookies(req.get('cookie')).get(SESSION_COOKIE)
        : undefined;
    if (sessionToken !== undefined) {
      authenticateSession(sessionDeps, authThrottle, sessionToken, req, res, next);
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

/**
 * A request with the portal's `billing_session` cookie: the signed session's principal, with
 * the same visibility rules as a key. An expired session is 401 session_expired (the portal
 * asks to sign in again), any other bad cookie 401 unauthenticated. A bad cookie is not
 * counted as a failed authentication: a 256-bit MAC cannot be guessed, and a browser still
 * holding a cookie of a rotated secret is no attacker. A request that changes something
 * must echo the session's CSRF token in X-CSRF-Token (403 csrf_failed): the cookie goes
 * along with a cross-site request, the header cannot.
 */
function authenticateSession(
  deps: Parameters<typeof checkPortalSession>[0],
  authThrottle: ApiDeps['authThrottle'],
  token: string,
  req: Request,
  res: Response,
  next: NextFunction,
): void {
  const address = req.ip ?? req.socket.remoteAddress ?? 'unknown';
  const waitSeconds = authThrottle.retryAfter(address);
  if (waitSeconds !== null) {
    res.setHeader('retry-after', String(waitSeconds));
    next(new BillingError('rate_limited', 'too many failed authentications from this address'));
    return;
  }
  checkPortalSession(deps, token).then(
    (session) => {
      if (session.kind === 'expired') {
        next(new BillingError('session_expired', 'the portal session has expired; sign in again'));
        return;
      }
      if (session.kind === 'invalid') {
        next(new BillingError('unauthenticated', 'the portal session is not valid'));
        return;
      }
      if (!SAFE_METHODS.has(req.method) && !sameText(req.get(CSRF_HEADER) ?? '', session.csrf)) {
        next(
          new BillingError('csrf_failed', 'send the billing_csrf cookie as X-CSRF-Token', {
            details: [{ field: CSRF_HEADER, message: "missing or not this session's token" }],
          }),
        );
        return;
      }
      res.locals.principal = session.principal;
      // Per-key limits count a key's sessions with the key, a link's session by its customer.
      res.locals.apiKeyId =
        session.keyId ??
        `portal:${session.principal.kind === 'customer' ? session.principal.customerId : 'operator'}`;
      res.locals.sessionExpiresAtMs = session.expiresAtMs;
      next();
    },
    (error: unknown) => next(error),
  );
}

/** When the request's portal session ends; null when it was authenticated with a key. */
export function sessionExpiryOf(res: Response): number | null {
  return (res.locals.sessionExpiresAtMs as number | undefined) ?? null;
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
