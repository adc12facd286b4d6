import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { BillingError } from '../domain/errors';
import { CSRF_COOKIE, serializeCookie, SESSION_COOKIE } from '../domain/portal/cookies';
import { openPortalLink, signInWithApiKey, type PortalSession } from '../services/portal-sign-in';
import type { ApiDeps } from './deps';

/**
 * The portal's sign-in endpoints. They are browser endpoints, not part of the /v1 JSON
 * contract: GET /portal/login trades a signed link for the session cookies and redirects
 * (303) to the portal, so the token leaves the address bar at once; POST /portal/session
 * signs in with an API key; POST /portal/logout clears the cookies.
 *
 * The session cookie is HttpOnly (scripts never read it), SameSite=Lax (sent on a top-level
 * navigation from an email, not on cross-site POSTs) and Secure behind https; it lasts as
 * long as the browser session, and the signed expiry inside it decides (an expired one is
 * answered session_expired, so the portal can say "sign in again"). `billing_csrf` is
 * readable: the page echoes it in X-CSRF-Token (api/auth.ts).
 */
export function portalAuthRouter(
  deps: Pick<ApiDeps, 'database' | 'bootstrapApiKey' | 'now' | 'portal' | 'authThrottle'>,
): Router {
  const router = Router();
  const signInDeps = {
    db: deps.database.db,
    now: deps.now,
    portal: deps.portal,
    ...(deps.bootstrapApiKey === undefined ? {} : { bootstrapApiKey: deps.bootstrapApiKey }),
  };
  const secure = (req: Request): boolean =>
    req.secure || deps.portal.publicBaseUrl.startsWith('https:');

  const setSessionCookies = (req: Request, res: Response, session: PortalSession): void => {
    res.setHeader('set-cookie', [
      serializeCookie(SESSION_COOKIE, session.token, { httpOnly: true, secure: secure(req) }),
      serializeCookie(CSRF_COOKIE, session.csrf, { httpOnly: false, secure: secure(req) }),
    ]);
    res.setHeader('cache-control', 'no-store');
  };

  router.get('/portal/login', (req, res, next) => {
    // Nothing of this page may leak the token onwards (Referer of the next request).
    res.setHeader('referrer-policy', 'no-referrer');
    res.setHeader('cache-control', 'no-store');
    const token = typeof req.query.token === 'string' ? req.query.token : '';
    let session: PortalSession;
    try {
      session = openPortalLink(signInDeps, token);
    } catch (error) {
      if (error instanceof BillingError && req.accepts(['json', 'html']) === 'html') {
        sendSignInAgainPage(res, error);
        return;
      }
      next(error);
      return;
    }
    setSessionCookies(req, res, session);
    res.redirect(303, session.next);
  });

  const signInBody = z.object({ apiKey: z.string().min(16).max(256) });
  router.post('/portal/session', (req, res, next) => {
    const parsed = signInBody.safeParse(req.body);
    if (!parsed.success) {
      next(
        new BillingError('invalid_request', 'send {"apiKey": "..."} as JSON', {
          details: [{ field: 'apiKey', message: 'an API key (16 to 256 characters)' }],
        }),
      );
      return;
    }
    const address = req.ip ?? req.socket.remoteAddress ?? 'unknown';
    const waitSeconds = deps.authThrottle.retryAfter(address);
    if (waitSeconds !== null) {
      res.setHeader('retry-after', String(waitSeconds));
      next(new BillingError('rate_limited', 'too many failed authentications from this address'));
      return;
    }
    signInWithApiKey(signInDeps, parsed.data.apiKey).then(
      (session) => {
        setSessionCookies(req, res, session);
        res.status(204).end();
      },
      (error: unknown) => {
        if (error instanceof BillingError && error.code === 'unauthenticated') {
          deps.authThrottle.failed(address);
        }
        next(error);
      },
    );
  });

  router.post('/portal/logout', (req, res) => {
    res.setHeader('set-cookie', [
      serializeCookie(SESSION_COOKIE, '', {
        httpOnly: true,
        secure: secure(req),
        maxAgeSeconds: 0,
      }),
      serializeCookie(CSRF_COOKIE, '', { httpOnly: false, secure: secure(req), maxAgeSeconds: 0 }),
    ]);
    res.setHeader('cache-control', 'no-store');
    res.status(204).end();
  });

  return router;
}

/** A browser that opened a dead link gets a page, not JSON: the portal's sign-in is one click away. */
function sendSignInAgainPage(res: Response, error: BillingError): void {
  const expired = error.code === 'session_expired';
  const title = expired ? 'This link has expired' : 'This link is not valid';
  res
    .status(401)
    .type('html')
    .send(
      `<!doctype html><html lang="en"><head><meta charset="utf-8">` +
        `<meta name="viewport" content="width=device-width, initial-scale=1">` +
        `<title>${title}</title></head><body data-error-code="${error.code}">` +
        `<main><h1>${title}</h1><p>Ask for a new link, or sign in with an API key.</p>` +
        `<p><a href="/portal/">Sign in</a></p></main></body></html>`,
    );
}
