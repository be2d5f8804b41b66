// Which SMTP servers a user's own e-mail settings may reach (README, Settings: USER_SMTP_ALLOWED_HOSTS). Without the
// check, a salesperson's settings would make CAIS connect anywhere it can reach: a port scanner and an open relay
// into the internal network. A host is resolved and refused when any of its addresses is not public; the
// connection then goes to the address that was checked (TLS still verifies the name), so a DNS answer that changes
// between the check and the connection cannot slip in a private address.
import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { invalid } from '../errors';

// The ports SMTP submission and relay use.
export const SMTP_PORTS: readonly number[] = [25, 465, 587, 2525];

// Addresses that are not on the public internet (IANA special-purpose registries). IPv4-mapped IPv6 addresses are
// matched against the IPv4 ranges by Node's BlockList itself.
const NOT_PUBLIC = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local (cloud metadata)
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation
  ['192.88.99.0', 24], // 6to4 relay
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // documentation
  ['203.0.113.0', 24], // documentation
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const)
  NOT_PUBLIC.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of [
  ['::', 96], // unspecified, loopback, IPv4-compatible
  ['64:ff9b::', 96], // NAT64 (embeds an IPv4 address)
  ['100::', 64], // discard
  ['2001::', 23], // IETF protocol assignments (Teredo, ORCHID…)
  ['2001:db8::', 32], // documentation
  ['2002::', 16], // 6to4 (embeds an IPv4 address)
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated)
  ['ff00::', 8], // multicast
] as const)
  NOT_PUBLIC.addSubnet(network, prefix, 'ipv6');

export function isPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  return !NOT_PUBLIC.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

// A deployment's own allow-list (USER_SMTP_ALLOWED_HOSTS): exact names, or "*.example.com" for its subdomains. A
// listed host is trusted as the deployment says, on any address and port (a company's internal relay).
export function isAllowListed(host: string, allowList: readonly string[]): boolean {
  const name = host.toLowerCase().replace(/\.$/, '');
  return allowList.some((entry) => {
    const rule = entry.toLowerCase();
    return rule.startsWith('*.') ? name.endsWith(rule.slice(1)) && name.length > rule.length - 1 : name === rule;
  });
}

export interface SmtpPolicy {
  // When set, only these hosts (exact or "*.domain") may be used.
  allowedHosts: readonly string[];
}

export interface SmtpTarget {
  // The checked address to connect to, and the name TLS verifies (none for a host given as an address).
  address: string;
  servername?: string;
}

type Resolve = (host: string) => Promise<Array<{ address: string }>>;
const resolveAll: Resolve = (host) => lookup(host, { all: true, verbatim: true });

// Checks a user's SMTP host and port and answers where to connect; refusals name the field (422).
export async function smtpTarget(
  host: string,
  port: number,
  policy: SmtpPolicy,
  resolve: Resolve = resolveAll,
): Promise<SmtpTarget> {
  const listed = isAllowListed(host, policy.allowedHosts);
  if (!listed && !SMTP_PORTS.includes(port))
    throw invalid([{ field: 'port', message: `an SMTP server listens on port ${SMTP_PORTS.join(', ')}` }]);
  if (policy.allowedHosts.length && !listed)
    throw invalid([{ field: 'host', message: `${host} is not one of the SMTP servers this installation allows` }]);
  let addresses: Array<{ address: string }>;
  try {
    addresses = await resolve(host);
  } catch {
    throw invalid([{ field: 'host', message: `${host} cannot be resolved` }]);
  }
  if (!addresses.length) throw invalid([{ field: 'host', message: `${host} cannot be resolved` }]);
  if (!listed && addresses.some(({ address }) => !isPublicAddress(address)))
    throw invalid([{ field: 'host', message: `${host} is not a public internet address` }]);
  return { address: addresses[0].address, servername: isIP(host) ? undefined : host };
}
