import { ApiError, fieldErrors } from '../src/http/errors';
import { DbTimeout, PoolSaturated } from '../src/db/bounded';
import { isDbUnavailable, isPoolSaturated } from '../src/db/errors';
import { parseIfMatch } from '../src/items/routes';

describe('fieldErrors', () => {
  it('names the field for each Ajv keyword, once per field, in plain words', () => {
    const issues = [
      { keyword: 'required', instancePath: '', params: { missingProperty: 'name' } },
      { keyword: 'additionalProperties', instancePath: '', params: { additionalProperty: 'owner' } },
      { keyword: 'type', instancePath: '/description', params: { type: 'string' }, message: 'must be string,null' },
      { keyword: 'maxLength', instancePath: '/description', params: { limit: 4000 }, message: 'must NOT have more than 4000 characters' },
      { keyword: 'minProperties', instancePath: '', params: { limit: 1 } },
    ];
    expect(fieldErrors(issues, 'body')).toEqual([
      { field: 'name', message: 'is required' },
      { field: 'owner', message: 'is not a known field: remove it' },
      { field: 'description', message: 'must be string,null' },
      { field: 'body', message: 'must contain at least one field' },
    ]);
  });

  it('names path and query parameters by their own names', () => {
    expect(fieldErrors([{ keyword: 'pattern', instancePath: '/id', params: {} }], 'params')).toEqual([{ field: 'id', message: 'has an invalid format' }]);
  });
});

describe('parseIfMatch', () => {
  it('accepts * and one strong ETag', () => {
    expect(parseIfMatch('*', true)).toBe('*');
    expect(parseIfMatch(' "12" ', true)).toBe(12);
    expect(parseIfMatch(undefined, false)).toBeUndefined();
  });

  it('asks for If-Match with 428 when required and absent, 400 when malformed', () => {
    const missing = (() => {
      try {
        parseIfMatch(undefined, true);
      } catch (err) {
        return err;
      }
      return undefined;
    })();
    expect(missing).toBeInstanceOf(ApiError);
    expect(missing).toMatchObject({ statusCode: 428, code: 'PRECONDITION_REQUIRED' });
    for (const bad of ['12', 'W/"12"', '"1", "2"', '"0"', '"12345678901"']) {
      expect(() => parseIfMatch(bad, true)).toThrow(expect.objectContaining({ statusCode: 400, code: 'VALIDATION_FAILED' }));
    }
  });
});

describe('isDbUnavailable and isPoolSaturated', () => {
  it('is true for connection-level failures and timeouts, false for query errors and for a saturated pool', () => {
    expect(isDbUnavailable({ code: 'ECONNREFUSED' })).toBe(true);
    expect(isDbUnavailable({ code: 'PROTOCOL_CONNECTION_LOST', fatal: true })).toBe(true);
    expect(isDbUnavailable({ code: 'ER_ACCESS_DENIED_ERROR' })).toBe(true);
    expect(isDbUnavailable(new DbTimeout(5000))).toBe(true);
    // A saturated pool is load to shed, not an outage: it must not count as "database unavailable".
    expect(isDbUnavailable(new PoolSaturated('queue_full'))).toBe(false);
    expect(isDbUnavailable(new Error('Queue limit reached.'))).toBe(false);
    expect(isPoolSaturated(new PoolSaturated('queue_timeout'))).toBe(true);
    expect(isPoolSaturated(new Error('Queue limit reached.'))).toBe(true);
    expect(isPoolSaturated(new DbTimeout(5000))).toBe(false);
    expect(isDbUnavailable({ code: 'ER_PARSE_ERROR', fatal: false })).toBe(false);
    expect(isDbUnavailable({ code: 'ER_DUP_ENTRY' })).toBe(false);
    expect(isDbUnavailable(new Error('boom'))).toBe(false);
    expect(isDbUnavailable('ECONNREFUSED')).toBe(false);
  });
});
