/**
 * The outbound URL policy of webhook and ERP URLs: which IP addresses the engine may send to.
 * Pure: the DNS lookup that turns a host name into addresses lives in adapters/net.
 *
 * Denied by default (IANA special-purpose registries, RFC 6890 and successors):
 *
 * | range                         | category        | what                                    |
 * | ----------------------------- | --------------- | --------------------------------------- |
 * | 0.0.0.0/8, ::/128             | unspecified     | "this host"; 0.0.0.0 reaches localhost  |
 * | 127.0.0.0/8, ::1/128          | loopback        | the engine's own machine                |
 * | 10/8, 172.16/12, 192.168/16   | private         | RFC 1918                                |
 * | 100.64.0.0/10                 | private         | carrier-grade NAT (RFC 6598)            |
 * | fc00::/7                      | private         | unique local (RFC 4193)                 |
 * | 169.254.0.0/16, fe80::/10     | link-local      | incl. cloud metadata 169.254.169.254    |
 * | fec0::/10                     | link-local      | deprecated site-local                   |
 * | 224.0.0.0/4, ff00::/8         | multicast       |                                         |
 * | 192.0.0/24, 192.0.2/24,       | special-purpose | IETF assignments, documentation,        |
 * | 192.88.99/24, 198.18/15,      |                 | 6to4 relay, benchmarking, reserved and  |
 * | 198.51.100/24, 203.0.113/24,  |                 | broadcast                               |
 * | 240.0.0.0/4                   |                 |                                         |
 * | ::/96 (IPv4-compatible),      | special-purpose | deprecated, discard, IETF assignments   |
 * | 100::/64, 2001::/23,          |                 | (Teredo...), documentation, NAT64       |
 * | 2001:db8::/32, 3fff::/20,     |                 | local use                               |
 * | 64:ff9b:1::/48                |                 |                                         |
 *
 * An IPv6 address that embeds an IPv4 one (IPv4-mapped ::ffff:0:0/96, NAT64 64:ff9b::/96,
 * 6to4 2002::/16) is judged by the IPv4 address: ::ffff:127.0.0.1 is loopback.
 */

export type DeniedCategory =
  'unspecified' | 'loopback' | 'private' | 'link-local' | 'multicast' | 'special-purpose';

export type AddressClass = { kind: 'public' } | { kind: 'denied'; category: DeniedCategory };

export interface OutboundUrlPolicy {
  /** Lets loopback, private, link-local and special-purpose addresses through (dev, tests). */
  allowPrivateAddresses: boolean;
}

const PUBLIC: AddressClass = { kind: 'public' };
const denied = (category: DeniedCategory): AddressClass => ({ kind: 'denied', category });

/** [first octets, prefix length, category] */
const IPV4_DENIED: readonly (readonly [number[], number, DeniedCategory])[] = [
  [[0], 8, 'unspecified'],
  [[10], 8, 'private'],
  [[100, 64], 10, 'private'],
  [[127], 8, 'loopback'],
  [[169, 254], 16, 'link-local'],
  [[172, 16], 12, 'private'],
  [[192, 0, 0], 24, 'special-purpose'],
  [[192, 0, 2], 24, 'special-purpose'],
  [[192, 88, 99], 24, 'special-purpose'],
  [[192, 168], 16, 'private'],
  [[198, 18], 15, 'special-purpose'],
  [[198, 51, 100], 24, 'special-purpose'],
  [[203, 0, 113], 24, 'special-purpose'],
  [[224], 4, 'multicast'],
  [[240], 4, 'special-purpose'],
];

/** [first 16-bit groups, prefix length, category] (embedded-IPv4 ranges are handled apart). */
const IPV6_DENIED: readonly (readonly [number[], number, DeniedCategory])[] = [
  [[0xfc00], 7, 'private'],
  [[0xfe80], 10, 'link-local'],
  [[0xfec0], 10, 'link-local'],
  [[0xff00], 8, 'multicast'],
  [[0x0100, 0, 0, 0], 64, 'special-purpose'],
  [[0x2001, 0x0db8], 32, 'special-purpose'],
  [[0x2001, 0], 23, 'special-purpose'],
  [[0x3fff, 0], 20, 'special-purpose'],
  [[0x0064, 0xff9b, 0x0001], 48, 'special-purpose'],
];

/** Whether `value` (an array of `width`-bit units) starts with the prefix of `bits` bits. */
function inPrefix(
  value: readonly number[],
  prefix: readonly number[],
  bits: number,
  width: number,
) {
  for (let i = 0; i * width < bits; i += 1) {
    const take = Math.min(width, bits - i * width);
    const shift = width - take;
    if ((value[i] ?? 0) >>> shift !== (prefix[i] ?? 0) >>> shift) return false;
  }
  return true;
}

/** Four octets of a dotted-quad IPv4 address, or null. */
export function parseIpv4(text: string): number[] | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  const octets = parts.map((part) => (/^\d{1,3}$/.test(part) ? Number(part) : NaN));
  return octets.every((octet) => octet <= 255) ? octets : null;
}

/** Eight 16-bit groups of an IPv6 address (brackets, zone and a dotted IPv4 tail allowed). */
export function parseIpv6(text: string): number[] | null {
  let body = text.replace(/^\[(.*)\]$/, '$1').replace(/%.*$/, '');
  if (!body.includes(':')) return null;
  const tail = /:(\d+\.\d+\.\d+\.\d+)$/.exec(body);
  if (tail) {
    const v4 = parseIpv4(tail[1] ?? '');
    if (!v4) return null;
    const hex = (a: number, b: number) => ((a << 8) | b).toString(16);
    body = `${body.slice(0, tail.index)}:${hex(v4[0] ?? 0, v4[1] ?? 0)}:${hex(v4[2] ?? 0, v4[3] ?? 0)}`;
  }
  const halves = body.split('::');
  if (halves.length > 2) return null;
  const groupsOf = (half: string) => (half === '' ? [] : half.split(':'));
  const head = groupsOf(halves[0] ?? '');
  const rest = halves.length === 2 ? groupsOf(halves[1] ?? '') : [];
  const missing = 8 - head.length - rest.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return null;
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...rest];
  if (!groups.every((group) => /^[0-9a-fA-F]{1,4}$/.test(group))) return null;
  return groups.map((group) => parseInt(group, 16));
}

function classifyIpv4(octets: readonly number[]): AddressClass {
  const hit = IPV4_DENIED.find(([prefix, bits]) => inPrefix(octets, prefix, bits, 8));
  return hit ? denied(hit[2]) : PUBLIC;
}

function octetsOf(high: number, low: number): number[] {
  return [high >>> 8, high & 0xff, low >>> 8, low & 0xff];
}

function classifyIpv6(groups: readonly number[]): AddressClass {
  const zeros = (from: number, to: number) => groups.slice(from, to).every((g) => g === 0);
  if (zeros(0, 8)) return denied('unspecified');
  if (zeros(0, 7) && groups[7] === 1) return denied('loopback');
  // IPv4-mapped ::ffff:a.b.c.d and NAT64 64:ff9b::a.b.c.d: the IPv4 address decides.
  if (
    (zeros(0, 5) && groups[5] === 0xffff) ||
    (groups[0] === 0x64 && groups[1] === 0xff9b && zeros(2, 6))
  ) {
    return classifyIpv4(octetsOf(groups[6] ?? 0, groups[7] ?? 0));
  }
  if (zeros(0, 6)) return denied('special-purpose'); // IPv4-compatible ::a.b.c.d, deprecated
  if (groups[0] === 0x2002) return classifyIpv4(octetsOf(groups[1] ?? 0, groups[2] ?? 0)); // 6to4
  const hit = IPV6_DENIED.find(([prefix, bits]) => inPrefix(groups, prefix, bits, 16));
  return hit ? denied(hit[2]) : PUBLIC;
}

/** The class of an IP address literal (IPv4 dotted quad or IPv6), or null when not one. */
export function classifyAddress(address: string): AddressClass | null {
  const v4 = parseIpv4(address);
  if (v4) return classifyIpv4(v4);
  const v6 = parseIpv6(address);
  return v6 ? classifyIpv6(v6) : null;
}

/** Why an address may not be sent to under the policy, or null when it may. */
export function deniedAddressReason(address: string, policy: OutboundUrlPolicy): string | null {
  if (policy.allowPrivateAddresses) return null;
  const verdict = classifyAddress(address);
  if (verdict === null) return `${address} is not an IP address`;
  return verdict.kind === 'denied' ? `${address} is a ${verdict.category} address` : null;
}

/**
 * The host of an http(s) URL as the policy sees it: an IP literal (brackets removed) or a
 * host name to resolve. WHATWG parsing has already turned 0x7f.1 or 2130706433 into 127.0.0.1.
 */
export function outboundHostOf(url: string): { ip: string } | { hostname: string } | null {
  if (!URL.canParse(url)) return null;
  const { hostname } = new URL(url);
  const bare = hostname.replace(/^\[(.*)\]$/, '$1');
  return classifyAddress(bare) === null ? { hostname: bare } : { ip: bare };
}
