import { createHmac } from 'node:crypto';
import { parseCookies, serializeCookie } from '../../domain/portal/cookies';
import {
  csrfTokenOf,
  isPortalPath,
  sameText,
  signToken,
  verifyToken,
  type TokenClaims,
} from '../../domain/portal/session-token';
import { portalMac } from '../../services/portal-tokens';

const SECRET = 'portal-secret-for-tests-0123456789abcdef';
const mac = portalMac(SECRET);
const T0 = Date.UTC(2026, 10, 27, 12, 0, 0);
const HOUR = 3_600_000;

const link: TokenClaims = {
  principal: { kind: 'customer', customerId: 'cus-a' },
  purpose: 'link',
  expiresAtMs: T0 + HOUR,
  next: '/portal/invoices/inv-cus-a-1',
  keyId: null,
};

const at = (nowMs: number, purpose: TokenClaims['purpose'] = 'link') => ({ mac, nowMs, purpose });

/** The token with one character of its part `index` (0 version, 1 payload, 2 MAC) changed. */
function tamper(token: string, index: number, position: number): string {
  const parts = token.split('.');
  const part = parts[index] as string;
  const flipped = part[position] === 'A' ? 'B' : 'A';
  parts[index] = part.slice(0, position) + flipped + part.slice(position + 1);
  return parts.join('.');
}

describe('portal tokens', () => {
  test('the MAC is HMAC-SHA256 over "v1.<payload>", base64url (checked by hand with node:crypto)', () => {
    const token = signToken(link, mac);
    const [version, payload, signature] = token.split('.');
    expect(version).toEqual('v1');
    expect(signature).toEqual(
      createHmac('sha256', SECRET).update(`v1.${payload}`).digest('base64url'),
    );
    // The payload is the canonical JSON of the claims: keys sorted, so one encoding each.
    expect(Buffer.from(payload as string, 'base64url').toString('utf8')).toEqual(
      '{"expiresAtMs":1795784400000,"keyId":null,"next":"/portal/invoices/inv-cus-a-1",' +
        '"principal":{"customerId":"cus-a","kind":"customer"},"purpose":"link","v":1}',
    );
  });

  test('the same claims and secret give the same token (a retried email carries the same link)', () => {
    expect(signToken(link, mac)).toEqual(signToken({ ...link }, mac));
  });

  test.each<[string, number, string]>([
    ['long before expiry', T0, 'valid'],
    ['the last millisecond', T0 + HOUR - 1, 'valid'],
    ['at the expiry instant', T0 + HOUR, 'expired'],
    ['a day later', T0 + 24 * HOUR, 'expired'],
  ])('%s: %s', (_name, nowMs, kind) => {
    const verified = verifyToken(signToken(link, mac), at(nowMs));
    expect(verified.kind).toEqual(kind);
    if (verified.kind !== 'invalid') expect(verified.claims).toEqual(link);
  });

  test.each<[string, (token: string) => string]>([
    ['a payload character changed', (t) => tamper(t, 1, 10)],
    ['a MAC character changed', (t) => tamper(t, 2, 5)],
    ['the MAC cut short', (t) => t.slice(0, -1)],
    ['the MAC dropped', (t) => t.split('.').slice(0, 2).join('.')],
    ['another version', (t) => t.replace(/^v1\./, 'v2.')],
    ['signed with another secret', () => signToken(link, portalMac(`${SECRET}x`))],
    [
      'another customer in a payload with the old MAC',
      (t) => {
        const [, , signature] = t.split('.');
        const other = signToken(
          { ...link, principal: { kind: 'customer', customerId: 'cus-b' } },
          mac,
        );
        const [version, payload] = other.split('.');
        return `${version}.${payload}.${signature}`;
      },
    ],
    [
      'an operator principal forged into the payload',
      (t) => {
        const [, , signature] = t.split('.');
        const forged = Buffer.from(
          JSON.stringify({ ...link, principal: { kind: 'operator' }, v: 1 }),
        ).toString('base64url');
        return `v1.${forged}.${signature}`;
      },
    ],
    ['empty', () => ''],
    ['not a token at all', () => 'bk_0123456789abcdef0123456789abcdef'],
    ['a session token offered as a link', () => signToken({ ...link, purpose: 'session' }, mac)],
  ])('invalid: %s', (_name, change) => {
    expect(verifyToken(change(signToken(link, mac)), at(T0))).toEqual({ kind: 'invalid' });
  });

  test('a signed payload that is not a set of claims is invalid, even with a right MAC', () => {
    for (const payload of ['{"v":1}', '[]', 'null', '{"v":2,"purpose":"link"}']) {
      const body = `v1.${Buffer.from(payload).toString('base64url')}`;
      expect(verifyToken(`${body}.${mac(body)}`, at(T0))).toEqual({ kind: 'invalid' });
    }
  });

  test('a principal travels whole: a field added later (a project) comes back untouched', () => {
    const scoped = {
      ...link,
      principal: { kind: 'customer', customerId: 'cus-a', projectId: 'prj-1' } as never,
    };
    const verified = verifyToken(signToken(scoped, mac), at(T0));
    expect(verified).toEqual({ kind: 'valid', claims: scoped });
  });

  test('the CSRF token is bound to its session and to the secret', () => {
    const one = signToken({ ...link, purpose: 'session' }, mac);
    const two = signToken({ ...link, purpose: 'session', expiresAtMs: T0 + 2 * HOUR }, mac);
    expect(csrfTokenOf(one, mac)).toEqual(csrfTokenOf(one, mac));
    expect(csrfTokenOf(one, mac)).not.toEqual(csrfTokenOf(two, mac));
    expect(csrfTokenOf(one, mac)).not.toEqual(csrfTokenOf(one, portalMac(`${SECRET}x`)));
  });

  test.each<[string, string, boolean]>([
    ['equal', 'abc', true],
    ['differs at the end', 'abd', false],
    ['differs at the start', 'xbc', false],
    ['a prefix', 'ab', false],
    ['longer', 'abcd', false],
    ['empty', '', false],
  ])('sameText("abc", %s)', (_name, other, same) => {
    expect(sameText('abc', other)).toEqual(same);
    expect(sameText(other, 'abc')).toEqual(same);
  });

  test.each<[string, boolean]>([
    ['/portal', true],
    ['/portal/', true],
    ['/portal/invoices/inv-cus-a-1', true],
    ['/portal/customers/cus-a/usage?from=2026-11-01', true],
    ['/portals', false],
    ['/portal//evil.example', false],
    ['//evil.example/portal/', false],
    ['https://evil.example/portal/', false],
    ['/portal/\\evil', false],
    ['/v1/customers', false],
    ['/portal/a\nb', false],
  ])('next path %j allowed: %s', (path, allowed) => {
    expect(isPortalPath(path)).toEqual(allowed);
  });
});

describe('portal cookies', () => {
  test.each<[string, string | undefined, [string, string][]]>([
    ['none', undefined, []],
    ['one', 'billing_session=v1.a.b', [['billing_session', 'v1.a.b']]],
    [
      'several, spaced, first wins',
      'a=1;  billing_session=v1.x.y ; a=2',
      [
        ['a', '1'],
        ['billing_session', 'v1.x.y'],
      ],
    ],
    ['quoted', 'a="q"', [['a', 'q']]],
    ['junk without names', '=x; ;novalue', []],
  ])('parses %s', (_name, header, cookies) => {
    expect([...parseCookies(header)]).toEqual(cookies);
  });

  test('Set-Cookie: Path=/ and SameSite=Lax always; HttpOnly, Secure and Max-Age as asked', () => {
    expect(serializeCookie('billing_session', 'v1.a.b', { httpOnly: true, secure: true })).toEqual(
      'billing_session=v1.a.b; Path=/; SameSite=Lax; HttpOnly; Secure',
    );
    expect(
      serializeCookie('billing_csrf', '', { httpOnly: false, secure: false, maxAgeSeconds: 0 }),
    ).toEqual('billing_csrf=; Path=/; SameSite=Lax; Max-Age=0');
  });
});
