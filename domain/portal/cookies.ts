/** The portal's cookies (docs: README, "Portal"). */
export const SESSION_COOKIE = 'billing_session';
export const CSRF_COOKIE = 'billing_csrf';
export const CSRF_HEADER = 'x-csrf-token';

/**
 * The cookies of a `Cookie` header, by name; the first of a repeated name wins (RFC 6265
 * sends the most specific path first). Values are taken as they are: ours are base64url and
 * never need decoding. Worked example: `a=1; billing_session=v1.x.y; a=2` -> {a: '1',
 * billing_session: 'v1.x.y'}.
 */
export function parseCookies(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  if (!header) return cookies;
  for (const part of header.split(';')) {
    const at = part.indexOf('=');
    if (at <= 0) continue;
    const name = part.slice(0, at).trim();
    let value = part.slice(at + 1).trim();
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) {
      value = value.slice(1, -1);
    }
    if (name !== '' && !cookies.has(name)) cookies.set(name, value);
  }
  return cookies;
}

export interface CookieOptions {
  httpOnly: boolean;
  secure: boolean;
  /** Seconds; 0 deletes the cookie; absent: it lasts as long as the browser session. */
  maxAgeSeconds?: number;
}

/**
 * A `Set-Cookie` value: Path=/ and SameSite=Lax always (a link from an email is a top-level
 * navigation, which Lax lets through; cross-site POSTs are not).
 */
export function serializeCookie(name: string, value: string, options: CookieOptions): string {
  return [
    `${name}=${value}`,
    'Path=/',
    'SameSite=Lax',
    ...(options.maxAgeSeconds === undefined ? [] : [`Max-Age=${options.maxAgeSeconds}`]),
    ...(options.httpOnly ? ['HttpOnly'] : []),
    ...(options.secure ? ['Secure'] : []),
  ].join('; ');
}
