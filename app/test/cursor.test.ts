import { decodeCursor, encodeCursor } from '../src/items/cursor';

describe('pagination cursor', () => {
  it('round-trips an id through an opaque base64url token', () => {
    for (const id of [1, 42, 2 ** 53 - 1]) {
      const cursor = encodeCursor(id);
      expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(cursor).not.toContain(String(id));
      expect(decodeCursor(cursor)).toBe(id);
    }
  });

  it.each([
    ['plain text', 'hello'],
    ['a bare number', Buffer.from('5').toString('base64url')],
    ['zero', Buffer.from('after:0').toString('base64url')],
    ['leading zero', Buffer.from('after:07').toString('base64url')],
    ['trailing SQL', Buffer.from('after:1 OR 1=1').toString('base64url')],
    ['beyond safe integers', Buffer.from('after:9999999999999999').toString('base64url')],
  ])('rejects %s', (_title, cursor) => {
    expect(decodeCursor(cursor)).toBeUndefined();
  });
});
