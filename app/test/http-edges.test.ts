import { connect } from 'node:net';
import { gzipSync } from 'node:zlib';
import type { RowDataPacket } from 'mysql2/promise';
import { createTestDatabase, type TestDatabase } from './support/database';
import { call, type ErrorJson, type ItemJson } from './support/http';
import { startTestServer, type TestServer } from './support/server';

/**
 * The edges of HTTP: requests that never finish, headers too large, bytes that are not HTTP, bodies in the wrong
 * type, encoding or Unicode. Every one is answered in the documented error shape with its `x-request-id`.
 */
let db: TestDatabase;
let server: TestServer;
const REQUEST_TIMEOUT_SECONDS = 0.5;

beforeAll(async () => {
  db = await createTestDatabase('edges');
  server = await startTestServer(db.name, { HTTP_REQUEST_TIMEOUT_SECONDS: String(REQUEST_TIMEOUT_SECONDS) });
});
afterAll(async () => {
  await server?.close();
  await db?.drop();
});

interface RawResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: unknown;
}

/** Writes bytes on a fresh TCP connection (optionally more later) and reads the response until the server closes. */
function raw(chunks: readonly (string | Buffer)[], keepOpenMs = 0): Promise<RawResponse> {
  const url = new URL(server.url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(url.port), url.hostname);
    const received: Buffer[] = [];
    socket.on('data', (d) => received.push(d));
    socket.on('error', reject);
    socket.on('close', () => {
      const text = Buffer.concat(received).toString('utf8');
      const [head = '', body = ''] = text.split('\r\n\r\n');
      const [statusLine = '', ...lines] = head.split('\r\n');
      const headers = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
      resolve({ status: Number(statusLine.split(' ')[1]), headers, body: body === '' ? undefined : JSON.parse(body) });
    });
    socket.on('connect', () => {
      for (const c of chunks) socket.write(c);
      // A slow client: stays connected without finishing its request (the server must cut it).
      if (keepOpenMs === 0) socket.end();
      else setTimeout(() => socket.end(), keepOpenMs).unref();
    });
  });
}

/** The documented error shape: code, message and requestId, the id also in `x-request-id`. */
function expectErrorShape(status: number, headers: { get(name: string): string | null }, body: unknown, code: string): void {
  expect({ status, code: (body as ErrorJson | undefined)?.code }).toEqual({ status: expect.any(Number), code });
  const error = body as ErrorJson;
  expect(Object.keys(error).sort()).toEqual(error.fields === undefined ? ['code', 'message', 'requestId'] : ['code', 'fields', 'message', 'requestId']);
  expect(typeof error.message).toBe('string');
  expect(error.requestId).toMatch(/^[A-Za-z0-9._:-]{1,128}$/);
  expect(headers.get('x-request-id')).toBe(error.requestId);
}

const headerGetter = (h: Record<string, string>) => ({ get: (name: string) => h[name] ?? null });

describe('requests that are not finished in time, too large, or not HTTP', () => {
  it('cuts a request whose body never completes at HTTP_REQUEST_TIMEOUT_SECONDS with 408', async () => {
    const res = await raw(['POST /api/items HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 40\r\n\r\n{"name": "sl'], 30_000);
    expect(res.status).toBe(408);
    expectErrorShape(res.status, headerGetter(res.headers), res.body, 'REQUEST_TIMEOUT');
    expect(res.headers.connection).toBe('close');
  });

  it('cuts a request whose headers never complete with 408', async () => {
    const res = await raw(['GET /api/items HTTP/1.1\r\nHost: x\r\nX-Slow: '], 30_000);
    expect(res.status).toBe(408);
    expectErrorShape(res.status, headerGetter(res.headers), res.body, 'REQUEST_TIMEOUT');
  });

  it('answers headers above the size limit with 431 and bytes that are not HTTP with 400', async () => {
    const big = await raw([`GET /api/items HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`]);
    expect(big.status).toBe(431);
    expectErrorShape(big.status, headerGetter(big.headers), big.body, 'HEADERS_TOO_LARGE');
    const garbage = await raw(['\u0001\u0002 not http at all\r\n\r\n']);
    expect(garbage.status).toBe(400);
    expectErrorShape(garbage.status, headerGetter(garbage.headers), garbage.body, 'BAD_REQUEST');
  });

  it('answers a body above 64 KiB with 413', async () => {
    const res = await call(server.url, 'POST', '/api/items', { raw: JSON.stringify({ name: 'x', description: 'y'.repeat(70_000) }), headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(413);
    expectErrorShape(res.status, res.headers, res.body, 'BODY_TOO_LARGE');
  });
});

describe('bodies: type, encoding, Unicode', () => {
  const count = async (): Promise<number> => Number((await db.query<RowDataPacket[]>('SELECT COUNT(*) AS n FROM items'))[0]?.n);

  it('accepts a DELETE that says application/json but sends no body', async () => {
    const created = (await call(server.url, 'POST', '/api/items', { json: { name: 'to delete' } })).body as ItemJson;
    const res = await call(server.url, 'DELETE', `/api/items/${created.id}`, { headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(204);
  });

  it('answers JSON sent as text/plain with 415, like every other type that is not JSON', async () => {
    const before = await count();
    for (const type of ['text/plain', 'text/plain; charset=utf-8', 'application/x-www-form-urlencoded', 'application/xml']) {
      const res = await call(server.url, 'POST', '/api/items', { raw: '{"name":"typed"}', headers: { 'content-type': type } });
      expect({ type, status: res.status }).toEqual({ type, status: 415 });
      expectErrorShape(res.status, res.headers, res.body, 'UNSUPPORTED_MEDIA_TYPE');
    }
    expect(await count()).toBe(before);
  });

  it('answers a compressed body with 415 instead of reading the compressed bytes', async () => {
    const res = await call(server.url, 'POST', '/api/items', { raw: gzipSync('{"name":"zipped"}'), headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' } });
    expect(res.status).toBe(415);
    expectErrorShape(res.status, res.headers, res.body, 'UNSUPPORTED_MEDIA_TYPE');
    expect((res.body as ErrorJson).message).toContain('Content-Encoding gzip');
  });

  it('refuses lone surrogates and invalid UTF-8 with 400 instead of storing U+FFFD', async () => {
    const before = await count();
    const escaped = await call(server.url, 'POST', '/api/items', { raw: '{"name":"a\\ud800b"}', headers: { 'content-type': 'application/json' } });
    expect(escaped.status).toBe(400);
    expectErrorShape(escaped.status, escaped.headers, escaped.body, 'MALFORMED_JSON');
    expect((escaped.body as ErrorJson).message).toContain('lone surrogate in name');
    const cesu = Buffer.concat([Buffer.from('{"name":"a'), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('b"}')]);
    const bytes = await call(server.url, 'POST', '/api/items', { raw: cesu, headers: { 'content-type': 'application/json' } });
    expect(bytes.status).toBe(400);
    expect((bytes.body as ErrorJson).message).toBe('Request body is not valid UTF-8');
    // A real pair (an emoji as an escape) is fine.
    const pair = await call(server.url, 'POST', '/api/items', { raw: '{"name":"\\ud83d\\ude00"}', headers: { 'content-type': 'application/json' } });
    expect((pair.body as ItemJson).name).toBe('😀');
    expect(await count()).toBe(before + 1);
  });
});

describe('every error, in the documented shape with x-request-id', () => {
  it.each([
    ['unknown route', 'GET', '/nope', {}, 404, 'ROUTE_NOT_FOUND'],
    ['unknown item', 'GET', '/api/items/987654321', {}, 404, 'ITEM_NOT_FOUND'],
    ['bad id', 'GET', '/api/items/abc', {}, 400, 'VALIDATION_FAILED'],
    ['id beyond 2^53', 'GET', '/api/items/9007199254740993', {}, 400, 'VALIDATION_FAILED'],
    ['bad body', 'POST', '/api/items', { json: { name: '' } }, 400, 'VALIDATION_FAILED'],
    ['broken JSON', 'POST', '/api/items', { raw: '{', headers: { 'content-type': 'application/json' } }, 400, 'MALFORMED_JSON'],
    ['proto key', 'POST', '/api/items', { raw: '{"name":"x","__proto__":{}}', headers: { 'content-type': 'application/json' } }, 400, 'MALFORMED_JSON'],
    ['no If-Match', 'PUT', '/api/items/1', { json: { name: 'x' } }, 428, 'PRECONDITION_REQUIRED'],
    ['bad media type', 'POST', '/api/items', { raw: 'x', headers: { 'content-type': 'text/csv' } }, 415, 'UNSUPPORTED_MEDIA_TYPE'],
  ] as const)('%s', async (_name, method, path, options, status, code) => {
    const res = await call(server.url, method, path, options);
    expect(res.status).toBe(status);
    expectErrorShape(res.status, res.headers, res.body, code);
  });
});
