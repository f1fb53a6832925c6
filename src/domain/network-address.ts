// Which network addresses an outbound request (a webhook) may reach: public unicast only, unless the
// operator allow-listed the host name or an address range for internal receivers.
import ipaddr from 'ipaddr.js';

type Address = ipaddr.IPv4 | ipaddr.IPv6;

/** Host names and address ranges the operator lets webhooks reach even though they are not public. */
export interface HostAllowList {
  /** Lower-case, without a trailing dot. */
  names: readonly string[];
  ranges: readonly (readonly [Address, number])[];
}

export const NO_ALLOWED_HOSTS: HostAllowList = { names: [], ranges: [] };

// Global unicast is 2000::/3 (RFC 4291); everything outside it is not reachable over the internet.
const GLOBAL_UNICAST_V6 = ipaddr.parseCIDR('2000::/3');
// The well-known NAT64 prefix: the last 32 bits are the IPv4 address actually reached.
const NAT64_WELL_KNOWN = ipaddr.parseCIDR('64:ff9b::/96');

const lastV4 = (a: ipaddr.IPv6): ipaddr.IPv4 => {
  const [, , , , , , hi = 0, lo = 0] = a.parts;
  return new ipaddr.IPv4([hi >> 8, hi & 0xff, lo >> 8, lo & 0xff]);
};

/**
 * True when the address is public unicast. IPv6 forms that carry an IPv4 address (mapped, SIIT,
 * NAT64, 6to4) are judged by that IPv4 address; Teredo and the local-use NAT64 prefix never pass.
 * Throws on a string that is not an IP address.
 */
export function isPublicAddress(address: string): boolean {
  const a = ipaddr.process(unbracket(address));
  if (a.kind() === 'ipv4') return a.range() === 'unicast';
  const v6 = a as ipaddr.IPv6;
  switch (v6.range()) {
    case 'rfc6145':
      return lastV4(v6).range() === 'unicast';
    case 'rfc6052':
      return v6.match(NAT64_WELL_KNOWN) && lastV4(v6).range() === 'unicast';
    case '6to4': {
      const [, hi = 0, lo = 0] = v6.parts;
      return new ipaddr.IPv4([hi >> 8, hi & 0xff, lo >> 8, lo & 0xff]).range() === 'unicast';
    }
    case 'unicast':
      return v6.match(GLOBAL_UNICAST_V6);
    default:
      return false;
  }
}

const unbracket = (host: string): string =>
  host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;

/** The IP address a URL host names literally (brackets stripped), or null for a host name. */
export function literalAddress(host: string): string | null {
  const h = unbracket(host);
  return ipaddr.isValid(h) ? h : null;
}

const normalName = (host: string): string => host.toLowerCase().replace(/\.$/, '');

/** `localhost` and its subdomains resolve to loopback by definition (RFC 6761). */
export const isLocalhostName = (host: string): boolean => {
  const h = normalName(host);
  return h === 'localhost' || h.endsWith('.localhost');
};

export function isNameAllowed(list: HostAllowList, host: string): boolean {
  return list.names.includes(normalName(host));
}

export function isAddressAllowed(list: HostAllowList, address: string): boolean {
  const a = ipaddr.process(unbracket(address));
  return list.ranges.some(([base, bits]) => base.kind() === a.kind() && a.match(base, bits));
}

/** May a request to `host` connect to `address` (what the host resolved to, or the host itself)? */
export function mayConnect(list: HostAllowList, host: string, address: string): boolean {
  return isNameAllowed(list, host) || isAddressAllowed(list, address) || isPublicAddress(address);
}

/**
 * Whether a URL host (as WHATWG URL leaves it: IPv4 in four decimal parts, IPv6 in brackets) is
 * plainly not public: `localhost` or a literal non-public address not on the allow-list. Names that
 * resolve to private addresses pass here; the check at connect time catches those.
 */
export function isPlainlyInternalHost(list: HostAllowList, host: string): boolean {
  if (isNameAllowed(list, host)) return false;
  if (isLocalhostName(host)) return true;
  const address = literalAddress(host);
  return address !== null && !isAddressAllowed(list, address) && !isPublicAddress(address);
}

const HOST_NAME =
  /^(?=.{1,253}$)([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)(\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)*$/;

/**
 * Parses a comma-separated list of host names, addresses and CIDR ranges
 * (`hooks.internal, 10.0.0.0/8, ::1`); `invalid` holds the entries that are none of these.
 */
export function parseHostAllowList(text: string): { list: HostAllowList; invalid: string[] } {
  const names: string[] = [];
  const ranges: (readonly [Address, number])[] = [];
  const invalid: string[] = [];
  for (const raw of text.split(',')) {
    const entry = raw.trim();
    if (entry === '') continue;
    const bare = unbracket(entry);
    if (ipaddr.isValidCIDR(bare)) {
      const [base, bits] = ipaddr.parseCIDR(bare);
      ranges.push([base, bits]);
    } else if (ipaddr.IPv4.isValidFourPartDecimal(bare) || ipaddr.IPv6.isValid(bare)) {
      const a = ipaddr.process(bare);
      ranges.push([a, a.kind() === 'ipv4' ? 32 : 128]);
    } else if (ipaddr.isValid(bare)) {
      // 127.1, 2130706433 and the like: an address, but in a spelling too easy to misread here.
      invalid.push(entry);
    } else if (HOST_NAME.test(normalName(entry))) {
      names.push(normalName(entry));
    } else {
      invalid.push(entry);
    }
  }
  return { list: { names, ranges }, invalid };
}
