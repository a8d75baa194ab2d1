import { isIPv4, isIPv6 } from 'node:net';
import { invalidParameter } from '../errors';

/** An IPv4 range as [first, last] address, both as unsigned numbers. */
export type Ipv4Range = [number, number];

/**
 * VCN and subnet IPv4 CIDR blocks can range from /16 to /30
 * (VirtualNetworkClient.createVcn comment in oci-core 2.139.1; OCI VCN FAQ).
 */
export const VCN_PREFIX_RANGE = { min: 16, max: 30 } as const;

const IPV4_CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/** Parses an IPv4 CIDR, or undefined when the text is not one. */
function ipv4(cidr: string): { range: Ipv4Range; bits: number } | undefined {
  const m = IPV4_CIDR.exec(cidr);
  if (!m) return undefined;
  const octets = m.slice(1, 5).map(Number);
  const bits = Number(m[5]);
  if (octets.some((o) => o > 255) || bits > 32) return undefined;
  const base = octets.reduce((acc, o) => acc * 256 + o, 0);
  const size = 2 ** (32 - bits);
  const first = base - (base % size);
  return { range: [first, first + size - 1], bits };
}

/** IPv4 CIDR → [first, last]; 400 InvalidParameter naming the field when malformed. */
export function parseIpv4Cidr(field: string, cidr: string): Ipv4Range {
  const parsed = ipv4(cidr);
  if (!parsed) throw invalidParameter(field, `"${cidr}" is not an IPv4 CIDR block such as 10.0.0.0/16`);
  return parsed.range;
}

/** Whether the text is an IPv4 CIDR block. */
export function isIpv4Cidr(text: string): boolean {
  return ipv4(text) !== undefined;
}

/** Whether the text is an IPv6 prefix such as 2001:db8::/56. */
export function isIpv6Cidr(text: string): boolean {
  const slash = text.lastIndexOf('/');
  if (slash < 0) return false;
  const bits = text.slice(slash + 1);
  return isIPv6(text.slice(0, slash)) && /^\d{1,3}$/.test(bits) && Number(bits) <= 128;
}

/** Whether the text is an IPv4 or IPv6 CIDR (security and route rules accept both). */
export function isCidr(text: string): boolean {
  return isIpv4Cidr(text) || isIpv6Cidr(text);
}

/** An IPv4 CIDR of a VCN or subnet: valid and /16 to /30. */
export function checkNetworkCidr(field: string, cidr: string, what: 'VCN' | 'subnet'): Ipv4Range {
  const parsed = ipv4(cidr);
  if (!parsed) {
    const hint = isIPv4(cidr) ? ' (the /prefix length is missing)' : '';
    throw invalidParameter(field, `"${cidr}" is not an IPv4 CIDR block such as 10.0.0.0/16${hint}`);
  }
  const { min, max } = VCN_PREFIX_RANGE;
  if (parsed.bits < min || parsed.bits > max) {
    throw invalidParameter(field, `${cidr} is a /${parsed.bits}; a ${what} CIDR block must be /${min} to /${max}`);
  }
  return parsed.range;
}

/** The CIDR blocks of a new VCN: each valid and /16../30, and no two overlapping (CreateVcnDetails.cidrBlocks). */
export function checkVcnCidrBlocks(cidrs: readonly string[]): Ipv4Range[] {
  const ranges = cidrs.map((c, i) => checkNetworkCidr(`cidrBlocks[${i}]`, c, 'VCN'));
  ranges.forEach((r, i) => {
    const j = ranges.findIndex((other, k) => k < i && cidrOverlaps(r, other));
    if (j >= 0) throw invalidParameter(`cidrBlocks[${i}]`, `${cidrs[i]} overlaps cidrBlocks[${j}] ${cidrs[j]}; the CIDR blocks of a VCN must not overlap`);
  });
  return ranges;
}

export function cidrWithin(inner: Ipv4Range, outer: Ipv4Range): boolean {
  return inner[0] >= outer[0] && inner[1] <= outer[1];
}

export function cidrOverlaps(a: Ipv4Range, b: Ipv4Range): boolean {
  return a[0] <= b[1] && b[0] <= a[1];
}

/** First host address of a CIDR (the subnet's virtual router) as dotted quad. */
export function firstHost(range: Ipv4Range): string {
  const n = range[0] + 1;
  return [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join('.');
}
