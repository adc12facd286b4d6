import type { Database } from '../db/client';
import { loadApiKeyLifecycle } from '../db/repositories/portal-access.repository';
import { BillingError } from '../domain/errors';
import {
  csrfTokenOf,
  signToken,
  verifyToken,
  type TokenClaims,
} from '../domain/portal/session-token';
import type { Principal } from '../domain/principal';
import { authenticateKey, BOOTSTRAP_KEY_ID } from './authenticate';
import type { PortalSettings } from './portal-tokens';

/** A signed-in portal session: the cookies' values and where the browser goes next. */
export interface PortalSession {
  /** The `billing_session` cookie. */
  token: string;
  /** The `billing_csrf` cookie, which state-changing requests echo in `X-CSRF-Token`. */
  csrf: string;
  principal: Principal;
  expiresAtMs: number;
  /** The path the link asked for, else the portal's start. */
  next: string;
}

export interface PortalSignInDeps {
  portal: Pick<PortalSettings, 'mac' | 'sessionTtlMs'>;
  now: () => number;
}

function sessionFor(
  deps: PortalSignInDeps,
  principal: Principal,
  keyId: string | null,
  next: string | null,
): PortalSession {
  const expiresAtMs = deps.now() + deps.portal.sessionTtlMs;
  const claims: TokenClaims = { principal, purpose: 'session', expiresAtMs, next: null, keyId };
  const token = signToken(claims, deps.portal.mac);
  return {
    token,
    csrf: csrfTokenOf(token, deps.portal.mac),
    principal,
    expiresAtMs,
    next: next ?? '/portal/',
  };
}

/**
 * GET /portal/login?token=...: a link's token becomes a session of PORTAL_SESSION_TTL_SECONDS
 * (a 30-day invoice link still opens a 1 h session). An expired link: session_expired (the
 * portal asks to sign in again); anything else that is not a link we signed: unauthenticated.
 */
export function openPortalLink(deps: PortalSignInDeps, token: string): PortalSession {
  const verified = verifyToken(token, { mac: deps.portal.mac, nowMs: deps.now(), purpose: 'link' });
  if (verified.kind === 'expired') {
    throw new BillingError('session_expired', 'this portal link has expired; ask for a new one');
  }
  if (verified.kind === 'invalid') {
    throw new BillingError('unauthenticated', 'this portal link is not valid');
  }
  return sessionFor(deps, verified.claims.principal, null, verified.claims.next);
}

/**
 * POST /portal/session {"apiKey"}: an API key (a customer's or an operator's) signs in; the
 * session ends when the key is revoked or expires, or after the session's TTL.
 */
export async function signInWithApiKey(
  deps: PortalSignInDeps & { db: Database; bootstrapApiKey?: string },
  apiKey: string,
): Promise<PortalSession> {
  const authenticated = await authenticateKey(deps, apiKey);
  if (!authenticated) throw new BillingError('unauthenticated', 'the API key is not valid');
  return sessionFor(deps, authenticated.principal, authenticated.keyId, null);
}

export type SessionCheck =
  | { kind: 'valid'; principal: Principal; expiresAtMs: number; csrf: string; keyId: string | null }
  | { kind: 'expired' }
  | { kind: 'invalid' };

/**
 * The principal of a `billing_session` cookie: valid while unexpired and, for a session
 * signed in with a stored key, while that key is live (a revocation counts at once, as it
 * does for the key itself).
 */
export async function checkPortalSession(
  deps: { db: Database; portal: Pick<PortalSettings, 'mac'>; now: () => number },
  token: string,
): Promise<SessionCheck> {
  const nowMs = deps.now();
  const verified = verifyToken(token, { mac: deps.portal.mac, nowMs, purpose: 'session' });
  if (verified.kind !== 'valid') return { kind: verified.kind };
  const { principal, expiresAtMs, keyId } = verified.claims;
  if (keyId !== null && keyId !== BOOTSTRAP_KEY_ID) {
    const key = await loadApiKeyLifecycle(deps.db, keyId);
    // keyIsLive's rule: revoked at any instant, or at or past its expiry, ends it.
    const live =
      key !== null &&
      key.revokedAtMs === null &&
      (key.expiresAtMs === null || nowMs < key.expiresAtMs);
    if (!live) return { kind: 'invalid' };
  }
  return {
    kind: 'valid',
    principal,
    expiresAtMs,
    csrf: csrfTokenOf(token, deps.portal.mac),
    keyId,
  };
}
