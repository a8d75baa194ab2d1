import { invalidParameter } from '../errors';

/** IPv4 CIDR → [first, last] address as numbers; 400 InvalidParameter naming the field when malformed. */
export function parseCidr(field: string, cidr: string): [number, number] {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr);
  const octets = m ? m.slice(1, 5).map(Number) : [];
  const bits = m ? Number(m[5]) : -1;
  if (!m || octets.some((o) => o > 255) || bits < 0 || bits > 32) {
    throw invalidParameter(field, `"${cidr}" is not an IPv4 CIDR block such as 10.0.0.0/16`);
  }
  const base = octets.reduce((acc, o) => acc * 256 + o, 0);
  const size = 2 ** (32 - bits);
  const first = base - (base % size);
  return [first, first + size - 1];
}

export function cidrWithin(inner: [number, number], outer: [number, number]): boolean {
  return inner[0] >= outer[0] && inner[1] <= outer[1];
}

export function cidrOverlaps(a: [number, number], b: [number, number]): boolean {
  return a[0] <= b[1] && b[0] <= a[1];
}

/** First host address of a CIDR (the subnet's virtual router) as dotted quad. */
export function firstHost(range: [number, number]): string {
  const n = range[0] + 1;
  return [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join('.');
}

const DNS_LABEL = /^[a-zA-Z][a-zA-Z0-9]{0,14}$/;

/** OCI DNS labels: a letter first, alphanumeric, at most 15 characters. */
export function checkDnsLabel(field: string, label: string | undefined): void {
  if (label !== undefined && !DNS_LABEL.test(label)) {
    throw invalidParameter(field, `"${label}" must start with a letter and have at most 15 letters or digits`);
  }
}
