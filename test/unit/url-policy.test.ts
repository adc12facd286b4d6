import {
  classifyAddress,
  deniedAddressReason,
  outboundHostOf,
  parseIpv6,
} from '../../domain/delivery/url-policy';
import { vetOutboundUrl } from '../../adapters/net/outbound-url';

const deny = { allowPrivateAddresses: false };
const allow = { allowPrivateAddresses: true };

describe('classifyAddress', () => {
  test.each([
    // IPv4
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['10.0.0.1', 'private'],
    ['10.255.255.255', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'private'],
    ['100.127.255.255', 'private'],
    ['169.254.169.254', 'link-local'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.255', 'multicast'],
    ['192.0.0.8', 'special-purpose'],
    ['192.0.2.10', 'special-purpose'],
    ['198.18.0.1', 'special-purpose'],
    ['198.19.255.255', 'special-purpose'],
    ['198.51.100.7', 'special-purpose'],
    ['203.0.113.9', 'special-purpose'],
    ['240.0.0.1', 'special-purpose'],
    ['255.255.255.255', 'special-purpose'],
    // IPv6
    ['::', 'unspecified'],
    ['::1', 'loopback'],
    ['[::1]', 'loopback'],
    ['fc00::1', 'private'],
    ['fd12:3456::1', 'private'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['febf::1', 'link-local'],
    ['fec0::1', 'link-local'],
    ['ff02::1', 'multicast'],
    ['2001:db8::1', 'special-purpose'],
    ['2001::1', 'special-purpose'],
    ['100::1', 'special-purpose'],
    ['::7f00:1', 'special-purpose'],
    // Embedded IPv4: the IPv4 address decides.
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:10.1.2.3', 'private'],
    ['64:ff9b::a9fe:a9fe', 'link-local'],
    ['2002:c0a8:0101::1', 'private'],
  ])('%s is %s', (address, category) => {
    expect(classifyAddress(address)).toEqual({ kind: 'denied', category });
  });

  test.each([
    '1.1.1.1',
    '8.8.8.8',
    '9.255.255.255',
    '11.0.0.1',
    '100.63.255.255',
    '100.128.0.0',
    '169.253.255.255',
    '172.15.255.255',
    '172.32.0.0',
    '192.167.255.255',
    '192.169.0.0',
    '198.17.255.255',
    '198.20.0.0',
    '223.255.255.255',
    '2606:4700::1111',
    '2001:4860:4860::8888',
    '2a00:1450::1',
    '::ffff:8.8.8.8',
    '2002:0808:0808::1',
  ])('%s is public', (address) => {
    expect(classifyAddress(address)).toEqual({ kind: 'public' });
  });

  test.each([
    'example.com',
    'localhost',
    '256.1.1.1',
    '1.2.3',
    '1::2::3',
    'g::1',
    '1:2:3:4:5:6:7:8:9',
  ])('%s is not an address', (text) => {
    expect(classifyAddress(text)).toBeNull();
  });

  test('parseIpv6 expands the compressed form', () => {
    expect(parseIpv6('2001:db8::8:1')).toEqual([0x2001, 0xdb8, 0, 0, 0, 0, 8, 1]);
    expect(parseIpv6('::ffff:1.2.3.4')).toEqual([0, 0, 0, 0, 0, 0xffff, 0x102, 0x304]);
  });
});

describe('deniedAddressReason', () => {
  test('names the category, and allows everything when private addresses are allowed', () => {
    expect(deniedAddressReason('10.0.0.1', deny)).toBe('10.0.0.1 is a private address');
    expect(deniedAddressReason('8.8.8.8', deny)).toBeNull();
    expect(deniedAddressReason('127.0.0.1', allow)).toBeNull();
  });
});

describe('outboundHostOf', () => {
  test.each([
    ['http://10.0.0.1/hook', { ip: '10.0.0.1' }],
    ['https://[fe80::1]:8443/x', { ip: 'fe80::1' }],
    // WHATWG URL parsing turns other IPv4 spellings into dotted quads.
    ['http://0x7f.1/hook', { ip: '127.0.0.1' }],
    ['http://2130706433/hook', { ip: '127.0.0.1' }],
    ['https://hooks.example.com/x', { hostname: 'hooks.example.com' }],
    ['not a url', null],
  ])('%s', (url, host) => {
    expect(outboundHostOf(url)).toEqual(host);
  });
});

describe('vetOutboundUrl (no DNS server: literal IPs, and a stub resolver)', () => {
  const noDns = () => Promise.reject(new Error('no DNS in this test'));
  test.each([
    'http://10.0.0.1/hook',
    'http://192.168.1.1/hook',
    'http://169.254.169.254/latest/meta-data',
    'http://[::1]:8080/hook',
    'http://[fe80::1]/hook',
    'http://127.0.0.1:3000/hook',
  ])('%s is denied without a lookup', async (url) => {
    expect(await vetOutboundUrl(url, deny, noDns)).toMatchObject({ kind: 'denied' });
  });

  test('a name is denied when any of its addresses is', async () => {
    const resolve = () => Promise.resolve(['93.184.216.34', '10.0.0.7']);
    expect(await vetOutboundUrl('https://hooks.example.com/x', deny, resolve)).toEqual({
      kind: 'denied',
      reason: 'hooks.example.com: 10.0.0.7 is a private address',
    });
  });

  test('a name with public addresses only is allowed', async () => {
    const resolve = () => Promise.resolve(['93.184.216.34', '2606:2800:220:1::1']);
    expect(await vetOutboundUrl('https://hooks.example.com/x', deny, resolve)).toMatchObject({
      kind: 'allowed',
    });
  });

  test('a name that does not resolve is unresolvable', async () => {
    const resolve = () => Promise.reject(Object.assign(new Error('nope'), { code: 'ENOTFOUND' }));
    expect(await vetOutboundUrl('https://nowhere.invalid/x', deny, resolve)).toEqual({
      kind: 'unresolvable',
      reason: 'nowhere.invalid does not resolve (ENOTFOUND)',
    });
  });

  test('localhost resolves (system resolver, no network) to loopback: denied', async () => {
    expect(await vetOutboundUrl('http://localhost:1/hook', deny)).toMatchObject({
      kind: 'denied',
      reason: expect.stringContaining('loopback') as unknown,
    });
  });

  test('allowing private addresses allows them without resolving', async () => {
    expect(await vetOutboundUrl('http://127.0.0.1:1/hook', allow, noDns)).toMatchObject({
      kind: 'allowed',
    });
    expect(await vetOutboundUrl('https://hooks.example.com/x', allow, noDns)).toMatchObject({
      kind: 'allowed',
    });
  });
});

describe('callHttp with a policy (send time)', () => {
  test('a denied address fails for good before any connection', async () => {
    const { callHttp } = await import('../../adapters/delivery/http-call');
    const failure = await callHttp({
      method: 'POST',
      url: 'http://169.254.169.254/latest/meta-data',
      headers: {},
      body: '{}',
      timeoutMs: 1_000,
      errorCode: 'webhook_delivery_failed',
      what: 'webhook endpoint',
      policy: deny,
      resolve: () => Promise.reject(new Error('no DNS in this test')),
    }).catch((error: unknown) => error);
    expect(failure).toMatchObject({
      code: 'webhook_delivery_failed',
      retryable: false,
      details: { reason: 'denied_address', status: null },
    });
  });
});
