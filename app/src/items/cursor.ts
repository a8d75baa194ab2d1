/**
 * Opaque pagination cursor: the last id of the previous page, base64url-encoded so clients do not build
 * it themselves and the encoding can change without breaking them.
 */
export function encodeCursor(afterId: number): string {
  return Buffer.from(`after:${afterId}`, 'utf8').toString('base64url');
}

/** Returns the id a cursor points after, or undefined when it is not one of ours. */
export function decodeCursor(cursor: string): number | undefined {
  const match = /^after:([1-9][0-9]{0,15})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (match === null) return undefined;
  const id = Number(match[1]);
  return Number.isSafeInteger(id) ? id : undefined;
}
