/** Minimal IPv4 CIDR arithmetic for configuration checks. */
export interface Cidr {
  readonly text: string;
  readonly first: number;
  readonly size: number;
  readonly prefix: number;
}

export function parseCidr(text: string): Cidr {
  const [address, prefixText] = text.split('/');
  const prefix = Number(prefixText);
  const octets = (address ?? '').split('.').map(Number);
  const ip = octets.reduce((acc, o) => acc * 256 + o, 0);
  const size = 2 ** (32 - prefix);
  return { text, prefix, size, first: ip - (ip % size) };
}

export function contains(outer: Cidr, inner: Cidr): boolean {
  return inner.first >= outer.first && inner.first + inner.size <= outer.first + outer.size;
}

export function overlaps(a: Cidr, b: Cidr): boolean {
  return a.first < b.first + b.size && b.first < a.first + a.size;
}

/** OCI reserves the first two and the last address of every subnet. */
export function usableAddresses(c: Cidr): number {
  return Math.max(0, c.size - 3);
}
