import { isIP } from 'node:net';
import { ipAddressBytes } from './ip-address-bytes.ts';

/**
 * Why an address is not a public internet address, or `undefined` when it is one. The names are what a
 * refusal message shows (`loopback`, `private`, `link-local`, `cloud metadata`, …).
 */
export type AddressRange =
  | 'unspecified'
  | 'loopback'
  | 'private'
  | 'shared (CGNAT)'
  | 'link-local'
  | 'cloud metadata'
  | 'multicast'
  | 'broadcast'
  | 'documentation'
  | 'benchmarking'
  | 'reserved'
  | 'IETF protocol assignments'
  | 'discard-only'
  | 'unique local'
  | 'site-local'
  | 'local-use NAT64'
  | 'IPv4-compatible'
  | 'not global unicast'
  | 'not an IP address';

/** One IPv4 range: first address as a 32-bit number, prefix length, name. */
type V4Range = readonly [network: number, prefix: number, range: AddressRange];

/**
 * IPv4 ranges that are not globally reachable (IANA special-purpose registry, RFC 6890 and successors), plus
 * cloud metadata addresses that sit inside public space. Order matters only for the name shown: the more
 * specific metadata entries come before the ranges that contain them.
 */
const v4Ranges: readonly V4Range[] = [
  [v4('169.254.169.254'), 32, 'cloud metadata'], // AWS, GCP, Azure IMDS, OpenStack, DigitalOcean
  [v4('169.254.170.2'), 32, 'cloud metadata'], // AWS ECS task metadata
  [v4('100.100.100.200'), 32, 'cloud metadata'], // Alibaba Cloud
  [v4('168.63.129.16'), 32, 'cloud metadata'], // Azure wire server (public space)
  [v4('192.0.0.192'), 32, 'cloud metadata'], // Oracle Cloud
  [v4('0.0.0.0'), 8, 'unspecified'],
  [v4('10.0.0.0'), 8, 'private'],
  [v4('100.64.0.0'), 10, 'shared (CGNAT)'],
  [v4('127.0.0.0'), 8, 'loopback'],
  [v4('169.254.0.0'), 16, 'link-local'],
  [v4('172.16.0.0'), 12, 'private'],
  [v4('192.0.0.0'), 24, 'IETF protocol assignments'],
  [v4('192.0.2.0'), 24, 'documentation'],
  [v4('192.88.99.0'), 24, 'reserved'], // deprecated 6to4 relay anycast
  [v4('192.168.0.0'), 16, 'private'],
  [v4('198.18.0.0'), 15, 'benchmarking'],
  [v4('198.51.100.0'), 24, 'documentation'],
  [v4('203.0.113.0'), 24, 'documentation'],
  [v4('224.0.0.0'), 4, 'multicast'],
  [v4('255.255.255.255'), 32, 'broadcast'],
  [v4('240.0.0.0'), 4, 'reserved'],
];

/**
 * Classifies an IP address (as a resolver returns it, or as a URL's host) for the outbound URL guard.
 * Returns `undefined` only for a public unicast address; anything else names its range.
 *
 * IPv6 is allowed only inside global unicast (2000::/3) and outside the special ranges within it. Forms that
 * carry an IPv4 address — v4-mapped `::ffff:a.b.c.d`, v4-translated `::ffff:0:a.b.c.d`, NAT64 `64:ff9b::/96`,
 * 6to4 `2002::/16` — are judged by the IPv4 address they carry, so `::ffff:127.0.0.1` is loopback. Deprecated
 * v4-compatible `::a.b.c.d`, Teredo and local-use NAT64 are refused outright. A zone id (`fe80::1%eth0`) is
 * ignored.
 */
export function classifyAddress(address: string): AddressRange | undefined {
  const plain = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const version = isIP(plain);
  if (version === 4) return classifyV4(v4(plain));
  if (version !== 6) return 'not an IP address';
  const bytes = ipAddressBytes(plain);
  const groups = Array.from({ length: 8 }, (_, index) => (bytes[index * 2]! << 8) | bytes[index * 2 + 1]!);
  return classifyV6(groups);
}

function classifyV4(value: number): AddressRange | undefined {
  for (const [network, prefix, range] of v4Ranges) {
    if (inV4(value, network, prefix)) return range;
  }
  return undefined;
}

function inV4(value: number, network: number, prefix: number): boolean {
  const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  return (value & mask) >>> 0 === (network & mask) >>> 0;
}

/** Dotted-quad text to a 32-bit unsigned number (the caller has checked it is IPv4). */
function v4(text: string): number {
  return text.split('.').reduce((value, part) => ((value << 8) | Number(part)) >>> 0, 0);
}

function classifyV6(groups: readonly number[]): AddressRange | undefined {
  const [g0 = 0, g1 = 0, g2 = 0, g3 = 0, g4 = 0, g5 = 0, g6 = 0, g7 = 0] = groups;
  const embedded = ((g6 << 16) | g7) >>> 0;
  const firstFive = g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && g4 === 0;
  if (firstFive && g5 === 0 && g6 === 0)
    return g7 === 0 ? 'unspecified' : g7 === 1 ? 'loopback' : 'IPv4-compatible';
  if (firstFive && g5 === 0) return 'IPv4-compatible'; // ::a.b.c.d (deprecated)
  if (firstFive && g5 === 0xffff) return classifyV4(embedded); // v4-mapped
  if (g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && g4 === 0xffff && g5 === 0) return classifyV4(embedded); // v4-translated
  if (g0 === 0x64 && g1 === 0xff9b && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0)
    return classifyV4(embedded); // NAT64
  if (g0 === 0x64 && g1 === 0xff9b && g2 === 1) return 'local-use NAT64';
  if ((g0 & 0xff00) === 0xff00) return 'multicast';
  if ((g0 & 0xffc0) === 0xfe80) return 'link-local';
  if ((g0 & 0xffc0) === 0xfec0) return 'site-local';
  if ((g0 & 0xfe00) === 0xfc00)
    return g0 === 0xfd00 && g1 === 0xec2 && embedded === 0x254 ? 'cloud metadata' : 'unique local';
  if (g0 === 0x100 && g1 === 0 && g2 === 0 && g3 === 0) return 'discard-only';
  if ((g0 & 0xe000) !== 0x2000) return 'not global unicast';
  if (g0 === 0x2001 && g1 === 0xdb8) return 'documentation';
  if (g0 === 0x3fff && g1 < 0x1000) return 'documentation'; // 3fff::/20
  if (g0 === 0x2001 && g1 < 0x200) return 'IETF protocol assignments'; // 2001::/23, Teredo 2001::/32 included
  if (g0 === 0x2002) return classifyV4(((g1 << 16) | g2) >>> 0); // 6to4 carries an IPv4 address
  if (g0 === 0x5f00) return 'reserved'; // SRv6 SIDs
  return undefined;
}
