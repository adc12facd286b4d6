import { lookup } from 'node:dns/promises';
import {
  deniedAddressReason,
  outboundHostOf,
  type OutboundUrlPolicy,
} from '../../domain/delivery/url-policy';

export type { OutboundUrlPolicy } from '../../domain/delivery/url-policy';

/** Every address a host name resolves to (A and AAAA, as the system resolver gives them). */
export type ResolveHost = (hostname: string) => Promise<string[]>;

export const resolveHost: ResolveHost = async (hostname) =>
  (await lookup(hostname, { all: true, verbatim: true })).map((entry) => entry.address);

/**
 * Whether the engine may send to a URL: `denied` when its host is (or resolves to any) address
 * the policy refuses, `unresolvable` when the name does not resolve. A literal IP host is
 * judged without DNS and without any connection. A URL that is not http(s) is denied. When
 * the policy allows private addresses, every address is allowed and no name is resolved.
 */
export type OutboundVerdict =
  | { kind: 'allowed'; addresses: string[] }
  | { kind: 'denied'; reason: string }
  | { kind: 'unresolvable'; reason: string };

export async function vetOutboundUrl(
  url: string,
  policy: OutboundUrlPolicy,
  resolve: ResolveHost = resolveHost,
): Promise<OutboundVerdict> {
  const host = outboundHostOf(url);
  if (host === null) return { kind: 'denied', reason: 'not a URL' };
  // Every address is allowed: nothing to resolve (fetch resolves when it connects).
  if (policy.allowPrivateAddresses) return { kind: 'allowed', addresses: [] };
  if ('ip' in host) {
    const reason = deniedAddressReason(host.ip, policy);
    return reason === null ? { kind: 'allowed', addresses: [host.ip] } : { kind: 'denied', reason };
  }
  let addresses: string[];
  try {
    addresses = await resolve(host.hostname);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    return {
      kind: 'unresolvable',
      reason: `${host.hostname} does not resolve${typeof code === 'string' ? ` (${code})` : ''}`,
    };
  }
  if (addresses.length === 0) {
    return { kind: 'unresolvable', reason: `${host.hostname} does not resolve` };
  }
  for (const address of addresses) {
    const reason = deniedAddressReason(address, policy);
    if (reason !== null) return { kind: 'denied', reason: `${host.hostname}: ${reason}` };
  }
  return { kind: 'allowed', addresses };
}
