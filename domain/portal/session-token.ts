import { canonical } from '../canonical-json';
import type { Principal } from '../principal';

/**
 * Signed portal tokens, stateless: nothing is stored, the signature is the proof.
 *
 * - `link`: what a portal link carries (`/portal/login?token=...`). Opening it trades it for
 *   a session; it is customer-scoped, short-lived for an operator's link (1 h) and longer for
 *   the invoice email's "View invoice" link (30 days).
 * - `session`: the `billing_session` cookie's value.
 *
 * A token is `v1.<payload>.<mac>`: `payload` is the base64url of the canonical JSON of the
 * claims (keys sorted, so one set of claims has one encoding), `mac` the base64url of
 * HMAC-SHA256 over `v1.<payload>` with the portal secret. The MAC itself is computed by the
 * caller (services/portal-tokens.ts, node:crypto), so this file stays pure; the comparison is
 * constant-time here.
 *
 * The principal is carried whole: a field added to Principal later (a project scope, say)
 * travels through a token untouched.
 *
 * Worked example (claims abridged): {"expiresAtMs":1767229200000,"next":null,
 * "principal":{"customerId":"cus-1","kind":"customer"},"purpose":"link","v":1}
 * -> `v1.eyJleHBpcmVzQXRNcyI6...` + `.` + 43 base64url characters of MAC.
 */

export type TokenPurpose = 'link' | 'session';

export interface TokenClaims {
  principal: Principal;
  purpose: TokenPurpose;
  /** The first instant (epoch ms) at which the token no longer counts. */
  expiresAtMs: number;
  /** Where a link lands after sign-in: a path under /portal/; null for the portal's start. */
  next: string | null;
  /**
   * The API key a session was signed in with (its id), so a revoked or expired key ends the
   * session at once; null for a session opened by a link, and for links.
   */
  keyId: string | null;
}

/** base64url HMAC-SHA256 of a message under the portal secret. */
export type Mac = (message: string) => string;

export type Verified =
  | { kind: 'valid'; claims: TokenClaims }
  /** Authentic, but past its expiry: the portal says "sign in again", not "invalid". */
  | { kind: 'expired'; claims: TokenClaims }
  /** Malformed, tampered with, signed with another secret, or of another purpose. */
  | { kind: 'invalid' };

const VERSION = 'v1';
const TOKEN_SHAPE = /^v1\.([A-Za-z0-9_-]{1,4096})\.([A-Za-z0-9_-]{16,128})$/;
/**
 * `/portal` itself or a path below it, with an optional query: segments are never empty (no
 * `//`, which a browser reads as another host), no backslash, no control characters.
 */
export const PORTAL_PATH_PATTERN =
  /^\/portal(?:\/(?:[A-Za-z0-9._~!$&'()*+,;=:@%-]+\/)*[A-Za-z0-9._~!$&'()*+,;=:@%-]*)?(?:\?[A-Za-z0-9._~!$&'()*+,;=:@%/?-]*)?$/;

/** True for a path a token may send the browser to after sign-in (never another site). */
export function isPortalPath(path: string): boolean {
  return path.length <= 512 && PORTAL_PATH_PATTERN.test(path);
}

/**
 * Constant-time equality of two strings: the time depends on their lengths only, never on
 * where they first differ (a MAC compared with `===` leaks its prefix byte by byte).
 */
export function sameText(a: string, b: string): boolean {
  let difference = a.length ^ b.length;
  for (let i = 0; i < a.length; i += 1) {
    difference |= a.charCodeAt(i) ^ b.charCodeAt(i % Math.max(b.length, 1));
  }
  return difference === 0;
}

function toBase64Url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}

function fromBase64Url(text: string): string {
  return Buffer.from(text, 'base64url').toString('utf8');
}

/** A token for these claims: the same claims and secret always give the same token. */
export function signToken(claims: TokenClaims, mac: Mac): string {
  const body = `${VERSION}.${toBase64Url(JSON.stringify(canonical({ v: 1, ...claims })))}`;
  return `${body}.${mac(body)}`;
}

function isPrincipal(value: unknown): value is Principal {
  if (typeof value !== 'object' || value === null) return false;
  const { kind, customerId } = value as { kind?: unknown; customerId?: unknown };
  return (
    kind === 'operator' ||
    (kind === 'customer' && typeof customerId === 'string' && customerId !== '')
  );
}

function claimsOf(payload: unknown): TokenClaims | null {
  if (typeof payload !== 'object' || payload === null) return null;
  const p = payload as Record<string, unknown>;
  const fits =
    p.v === 1 &&
    isPrincipal(p.principal) &&
    (p.purpose === 'link' || p.purpose === 'session') &&
    Number.isSafeInteger(p.expiresAtMs) &&
    (p.next === null || (typeof p.next === 'string' && isPortalPath(p.next))) &&
    (p.keyId === null || typeof p.keyId === 'string');
  if (!fits) return null;
  return {
    principal: p.principal as Principal,
    purpose: p.purpose as TokenPurpose,
    expiresAtMs: p.expiresAtMs as number,
    next: p.next as string | null,
    keyId: p.keyId as string | null,
  };
}

/**
 * The claims of a token of this purpose, if its MAC is right: `expired` at and after
 * `expiresAtMs` (expiry 12:00:00.000 still lets 11:59:59.999 in), `invalid` for anything
 * that is not a token this secret signed for this purpose.
 */
export function verifyToken(
  token: string,
  options: { mac: Mac; nowMs: number; purpose: TokenPurpose },
): Verified {
  const match = TOKEN_SHAPE.exec(token);
  if (!match) return { kind: 'invalid' };
  const body = `${VERSION}.${match[1] as string}`;
  if (!sameText(options.mac(body), match[2] as string)) return { kind: 'invalid' };
  let payload: unknown;
  try {
    payload = JSON.parse(fromBase64Url(match[1] as string));
  } catch {
    return { kind: 'invalid' };
  }
  const claims = claimsOf(payload);
  if (!claims || claims.purpose !== options.purpose) return { kind: 'invalid' };
  return options.nowMs < claims.expiresAtMs
    ? { kind: 'valid', claims }
    : { kind: 'expired', claims };
}

/**
 * The CSRF token that goes with a session (cookie `billing_csrf`, header `X-CSRF-Token`):
 * derived from the session token, so it cannot be chosen by whoever plants a cookie, and
 * needs no storage.
 */
export function csrfTokenOf(sessionToken: string, mac: Mac): string {
  return mac(`csrf.${sessionToken}`);
}
