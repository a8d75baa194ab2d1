/** Byte counts for messages. */
const KIB = 1024;
const MIB = 1024 * KIB;

/** `1.5 MiB`, `12.0 KiB`, `512 B`. */
export function formatBytes(n: number): string {
  if (n >= MIB) return `${(n / MIB).toFixed(1)} MiB`;
  if (n >= KIB) return `${(n / KIB).toFixed(1)} KiB`;
  return `${n} B`;
}
