import { carriesTags, retryToken, stableJson, tagsFor } from '../../lib/bootstrap/tags';

describe('tags and deterministic retry tokens', () => {
  test('tags name project, environment and logical id; matching needs all three', () => {
    const t = tagsFor('dev', 'vcn');
    expect(t).toEqual({ 'oke-vn-project': 'oke-vn', 'oke-vn-environment': 'dev', 'oke-vn-logical-id': 'vcn' });
    expect(carriesTags(t, 'dev', 'vcn')).toBe(true);
    expect(carriesTags(t, 'prod', 'vcn')).toBe(false);
    expect(carriesTags(t, 'dev', 'subnet-pods')).toBe(false);
    expect(carriesTags({}, 'dev', 'vcn')).toBe(false);
  });

  test('the token is stable across processes and key order, and changes with body, generation and logical id', () => {
    const a = retryToken('dev', 'vcn', 0, { b: 1, a: [1, 2] });
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(retryToken('dev', 'vcn', 0, { a: [1, 2], b: 1 })).toBe(a);
    expect(retryToken('dev', 'vcn', 1, { a: [1, 2], b: 1 })).not.toBe(a);
    expect(retryToken('dev', 'vcn', 0, { a: [2, 1], b: 1 })).not.toBe(a);
    expect(retryToken('dev', 'nat-gateway', 0, { a: [1, 2], b: 1 })).not.toBe(a);
    expect(stableJson({ z: undefined, y: null })).toBe('{"y":null}');
  });
});
