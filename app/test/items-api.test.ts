import type { RowDataPacket } from 'mysql2/promise';
import { createTestDatabase, type TestDatabase } from './support/database';
import { call, type ErrorJson, type ItemJson } from './support/http';
import { startTestServer, type TestServer } from './support/server';

let db: TestDatabase;
let server: TestServer;
const api = (method: string, path: string, options?: Parameters<typeof call>[3]) => call(server.url, method, path, options);

beforeAll(async () => {
  db = await createTestDatabase('items');
  server = await startTestServer(db.name);
});
afterAll(async () => {
  await server?.close();
  await db?.drop();
});

async function create(name: string, description?: string | null): Promise<ItemJson> {
  const res = await api('POST', '/api/items', { json: description === undefined ? { name } : { name, description } });
  expect(res.status).toBe(201);
  return res.body as ItemJson;
}

/** Everything stored, to prove a rejected request changed nothing. */
async function snapshot(): Promise<string> {
  const rows = await db.query<RowDataPacket[]>('SELECT id, name, description, version, created_at, updated_at FROM items ORDER BY id');
  return JSON.stringify(rows);
}

describe('create', () => {
  it('answers 201 with Location, ETag and the stored item', async () => {
    const res = await api('POST', '/api/items', { json: { name: 'first', description: 'a thing' } });
    expect(res.status).toBe(201);
    const item = res.body as ItemJson;
    expect(item).toMatchObject({ name: 'first', description: 'a thing', version: 1 });
    expect(Number.isInteger(item.id)).toBe(true);
    expect(res.headers.get('location')).toBe(`/api/items/${item.id}`);
    expect(res.headers.get('etag')).toBe('"1"');
    expect(new Date(item.createdAt).toISOString()).toBe(item.createdAt);
    expect(item.updatedAt).toBe(item.createdAt);
    const rows = await db.query<RowDataPacket[]>('SELECT name, description, version FROM items WHERE id = ?', [item.id]);
    expect(rows).toEqual([{ name: 'first', description: 'a thing', version: 1 }]);
  });

  it('stores a missing description as null and accepts 200 characters (code points, not bytes)', async () => {
    expect((await create('no description')).description).toBeNull();
    const long = '😀'.repeat(200);
    const item = await create(long);
    const rows = await db.query<RowDataPacket[]>('SELECT name FROM items WHERE id = ?', [item.id]);
    expect(rows[0]?.name).toBe(long);
  });
});

describe('read', () => {
  it('returns the item with its ETag', async () => {
    const created = await create('readable');
    const res = await api('GET', `/api/items/${created.id}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual(created);
    expect(res.headers.get('etag')).toBe('"1"');
  });

  it('answers 404 ITEM_NOT_FOUND for an id that does not exist', async () => {
    const res = await api('GET', '/api/items/999999999');
    expect(res.status).toBe(404);
    expect((res.body as ErrorJson).code).toBe('ITEM_NOT_FOUND');
  });

  it.each(['abc', '0', '-1', '1.5', '1e3', '01', '%201', '1%20OR%201=1', '12345678901234567', "1'%20OR%20'1'='1"])(
    'rejects the id %s with 400 naming the id field',
    async (id) => {
      for (const method of ['GET', 'PUT', 'PATCH', 'DELETE']) {
        const res = await api(method, `/api/items/${id}`, method === 'PUT' || method === 'PATCH' ? { json: { name: 'x' }, headers: { 'if-match': '"1"' } } : {});
        expect(res.status).toBe(400);
        const body = res.body as ErrorJson;
        expect(body.code).toBe('VALIDATION_FAILED');
        expect(body.fields).toEqual([{ field: 'id', message: 'has an invalid format' }]);
      }
    },
  );
});

describe('ids beyond 2^53 - 1', () => {
  // Own database: rows with ids past 2^53 move AUTO_INCREMENT there.
  let bigDb: TestDatabase;
  let bigServer: TestServer;
  beforeAll(async () => {
    bigDb = await createTestDatabase('bigid');
    bigServer = await startTestServer(bigDb.name);
    // Neighbours the API cannot represent: 2^53 and 2^53 + 2 (Number('9007199254740993') rounds to 2^53).
    for (const id of ['9007199254740992', '9007199254740994']) {
      await bigDb.query("INSERT INTO items (id, name, description, version, created_at, updated_at) VALUES (?, 'neighbour', NULL, 1, UTC_TIMESTAMP(3), UTC_TIMESTAMP(3))", [id]);
    }
  });
  afterAll(async () => {
    await bigServer?.close();
    await bigDb?.drop();
  });

  it('are refused with 400 before any statement: 2^53 + 1 touches no row', async () => {
    const rows = async () => JSON.stringify(await bigDb.query<RowDataPacket[]>('SELECT CAST(id AS CHAR) AS id, name, version, updated_at FROM items ORDER BY id'));
    const before = await rows();
    for (const id of ['9007199254740993', '9007199254740992', '9999999999999999']) {
      for (const method of ['GET', 'PUT', 'PATCH', 'DELETE']) {
        const res = await call(bigServer.url, method, `/api/items/${id}`, method === 'PUT' || method === 'PATCH' ? { json: { name: 'overwritten' }, headers: { 'if-match': '*' } } : { headers: { 'if-match': '*' } });
        expect({ id, method, status: res.status }).toEqual({ id, method, status: 400 });
        expect((res.body as ErrorJson).fields).toEqual([{ field: 'id', message: 'must be at most 9007199254740991' }]);
      }
    }
    expect(await rows()).toBe(before);
    // The largest exact id is accepted (and simply does not exist here).
    expect((await call(bigServer.url, 'GET', '/api/items/9007199254740991')).status).toBe(404);
  });

  it('are never listed (their ids would be rounded), and a create past 2^53 fails instead of returning a wrong id', async () => {
    const list = await call(bigServer.url, 'GET', '/api/items');
    expect(list.body).toEqual({ items: [], nextCursor: null });
    const create = await call(bigServer.url, 'POST', '/api/items', { json: { name: 'past the end' } });
    expect(create.status).toBe(500);
    expect((create.body as ErrorJson).code).toBe('INTERNAL_ERROR');
    expect(await bigDb.query<RowDataPacket[]>("SELECT id FROM items WHERE name = 'past the end'")).toEqual([]);
  });
});

describe('list', () => {
  let listDb: TestDatabase;
  let listServer: TestServer;
  beforeAll(async () => {
    listDb = await createTestDatabase('list');
    listServer = await startTestServer(listDb.name);
    for (let i = 1; i <= 5; i++) await call(listServer.url, 'POST', '/api/items', { json: { name: `item ${i}` } });
  });
  afterAll(async () => {
    await listServer?.close();
    await listDb?.drop();
  });

  it('walks every item once, in id order, with an opaque cursor', async () => {
    const names: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = cursor === null ? '?limit=2' : `?limit=2&cursor=${cursor}`;
      const res = await call(listServer.url, 'GET', `/api/items${query}`);
      expect(res.status).toBe(200);
      const page = res.body as { items: ItemJson[]; nextCursor: string | null };
      expect(page.items.length).toBeLessThanOrEqual(2);
      names.push(...page.items.map((item) => item.name));
      cursor = page.nextCursor;
      pages++;
    } while (cursor !== null);
    expect(names).toEqual(['item 1', 'item 2', 'item 3', 'item 4', 'item 5']);
    expect(pages).toBe(3);
  });

  it('uses a default page size and accepts the maximum', async () => {
    const res = await call(listServer.url, 'GET', '/api/items');
    expect((res.body as { items: ItemJson[] }).items).toHaveLength(5);
    expect((await call(listServer.url, 'GET', '/api/items?limit=100')).status).toBe(200);
  });

  it.each([
    ['limit=0', 'limit'],
    ['limit=101', 'limit'],
    ['limit=abc', 'limit'],
    ['limit=-5', 'limit'],
    ['limit=1&limit=2', 'limit'],
    ['cursor=not-a-cursor', 'cursor'],
    ["cursor=' OR 1=1 --", 'cursor'],
    ['cursor=' + Buffer.from('after:0 OR 1=1').toString('base64url'), 'cursor'],
    ['page=2', 'page'],
  ])('rejects ?%s with 400 naming %s', async (query, field) => {
    const res = await call(listServer.url, 'GET', `/api/items?${query}`);
    expect(res.status).toBe(400);
    const body = res.body as ErrorJson;
    expect(body.code).toBe('VALIDATION_FAILED');
    expect(body.fields?.map((f) => f.field)).toEqual([field]);
  });
});

describe('update', () => {
  it('PUT replaces the item when If-Match carries the current ETag, and bumps the version', async () => {
    const item = await create('before', 'old description');
    const res = await api('PUT', `/api/items/${item.id}`, { json: { name: 'after' }, headers: { 'if-match': '"1"' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).toBe('"2"');
    expect(res.body).toMatchObject({ id: item.id, name: 'after', description: null, version: 2, createdAt: item.createdAt });
    expect((await api('GET', `/api/items/${item.id}`)).body).toEqual(res.body);
  });

  it('PATCH merges: absent fields stay, null clears the description; merge-patch+json is accepted', async () => {
    const item = await create('patchable', 'keep me');
    const renamed = await api('PATCH', `/api/items/${item.id}`, { json: { name: 'renamed' }, headers: { 'if-match': '"1"' } });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ name: 'renamed', description: 'keep me', version: 2 });
    const cleared = await api('PATCH', `/api/items/${item.id}`, {
      raw: JSON.stringify({ description: null }),
      headers: { 'if-match': '"2"', 'content-type': 'application/merge-patch+json' },
    });
    expect(cleared.status).toBe(200);
    expect(cleared.body).toMatchObject({ name: 'renamed', description: null, version: 3 });
  });

  it('answers 412 with the current ETag on a stale version, and changes nothing', async () => {
    const item = await create('contested');
    await api('PATCH', `/api/items/${item.id}`, { json: { name: 'v2' }, headers: { 'if-match': '"1"' } });
    const before = await snapshot();
    for (const method of ['PUT', 'PATCH']) {
      const res = await api(method, `/api/items/${item.id}`, { json: { name: 'lost update' }, headers: { 'if-match': '"1"' } });
      expect(res.status).toBe(412);
      expect(res.headers.get('etag')).toBe('"2"');
      expect((res.body as ErrorJson).code).toBe('PRECONDITION_FAILED');
      expect((res.body as ErrorJson).fields?.[0]?.field).toBe('If-Match');
    }
    expect(await snapshot()).toBe(before);
  });

  it('answers 428 PRECONDITION_REQUIRED without If-Match and 400 for a malformed one', async () => {
    const item = await create('guarded');
    const missing = await api('PUT', `/api/items/${item.id}`, { json: { name: 'x' } });
    expect(missing.status).toBe(428);
    expect((missing.body as ErrorJson).code).toBe('PRECONDITION_REQUIRED');
    for (const tag of ['1', 'W/"1"', '"abc"', '"1", "2"', '"0"']) {
      const res = await api('PATCH', `/api/items/${item.id}`, { json: { name: 'x' }, headers: { 'if-match': tag } });
      expect(res.status).toBe(400);
      expect((res.body as ErrorJson).fields).toEqual([{ field: 'If-Match', message: expect.stringContaining('strong ETag') }]);
    }
    expect((await api('GET', `/api/items/${item.id}`)).body).toMatchObject({ name: 'guarded', version: 1 });
  });

  it('accepts If-Match: * as "any current version"', async () => {
    const item = await create('star');
    const res = await api('PUT', `/api/items/${item.id}`, { json: { name: 'forced' }, headers: { 'if-match': '*' } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ name: 'forced', version: 2 });
  });

  it('answers 404 for an update of an id that does not exist', async () => {
    const res = await api('PUT', '/api/items/999999998', { json: { name: 'x' }, headers: { 'if-match': '"1"' } });
    expect(res.status).toBe(404);
    expect((res.body as ErrorJson).code).toBe('ITEM_NOT_FOUND');
  });

  it('lets exactly one of two concurrent updates of the same version win (one 200, one 412)', async () => {
    for (let round = 0; round < 5; round++) {
      const item = await create(`race ${round}`);
      const [a, b] = await Promise.all([
        api('PUT', `/api/items/${item.id}`, { json: { name: 'writer A' }, headers: { 'if-match': '"1"' } }),
        api('PATCH', `/api/items/${item.id}`, { json: { name: 'writer B' }, headers: { 'if-match': '"1"' } }),
      ]);
      expect([a.status, b.status].sort()).toEqual([200, 412]);
      const winner = (a.status === 200 ? a.body : b.body) as ItemJson;
      const stored = await db.query<RowDataPacket[]>('SELECT name, version FROM items WHERE id = ?', [item.id]);
      expect(stored).toEqual([{ name: winner.name, version: 2 }]);
    }
  });
});

describe('delete', () => {
  it('answers 204, then the item is gone (404 on read and on a second delete)', async () => {
    const item = await create('doomed');
    const res = await api('DELETE', `/api/items/${item.id}`);
    expect(res.status).toBe(204);
    expect(res.text).toBe('');
    expect((await api('GET', `/api/items/${item.id}`)).status).toBe(404);
    expect((await api('DELETE', `/api/items/${item.id}`)).status).toBe(404);
  });

  it('honours If-Match: 412 on a stale version, 204 on the current one', async () => {
    const item = await create('conditional');
    await api('PATCH', `/api/items/${item.id}`, { json: { name: 'v2' }, headers: { 'if-match': '"1"' } });
    const stale = await api('DELETE', `/api/items/${item.id}`, { headers: { 'if-match': '"1"' } });
    expect(stale.status).toBe(412);
    expect((await api('GET', `/api/items/${item.id}`)).status).toBe(200);
    expect((await api('DELETE', `/api/items/${item.id}`, { headers: { 'if-match': '"2"' } })).status).toBe(204);
  });
});

describe('bad input is rejected with 4xx and leaves the database unchanged', () => {
  const tooLongName = 'n'.repeat(201);
  const cases: { title: string; raw?: string | Buffer; json?: unknown; contentType?: string; status: number; code: string; field?: string }[] = [
    { title: 'name of the wrong type', json: { name: 5 }, status: 400, code: 'VALIDATION_FAILED', field: 'name' },
    { title: 'name null', json: { name: null }, status: 400, code: 'VALIDATION_FAILED', field: 'name' },
    { title: 'name as array', json: { name: ['a'] }, status: 400, code: 'VALIDATION_FAILED', field: 'name' },
    { title: 'description of the wrong type', json: { name: 'a', description: 7 }, status: 400, code: 'VALIDATION_FAILED', field: 'description' },
    { title: 'missing name', json: { description: 'x' }, status: 400, code: 'VALIDATION_FAILED', field: 'name' },
    { title: 'empty name', json: { name: '' }, status: 400, code: 'VALIDATION_FAILED', field: 'name' },
    { title: 'name over 200 characters', json: { name: tooLongName }, status: 400, code: 'VALIDATION_FAILED', field: 'name' },
    { title: 'description over 4000 characters', json: { name: 'a', description: 'd'.repeat(4001) }, status: 400, code: 'VALIDATION_FAILED', field: 'description' },
    { title: 'unknown field', json: { name: 'a', owner: 'me' }, status: 400, code: 'VALIDATION_FAILED', field: 'owner' },
    { title: 'server-set field', json: { name: 'a', id: 1 }, status: 400, code: 'VALIDATION_FAILED', field: 'id' },
    { title: 'array body', json: [{ name: 'a' }], status: 400, code: 'VALIDATION_FAILED', field: 'body' },
    { title: 'string body', json: 'a', status: 400, code: 'VALIDATION_FAILED', field: 'body' },
    { title: 'malformed JSON', raw: '{"name": "a",', status: 400, code: 'MALFORMED_JSON' },
    { title: 'empty body', raw: '', status: 400, code: 'MALFORMED_JSON' },
    { title: 'prototype pollution', raw: '{"name":"a","__proto__":{"polluted":true}}', status: 400, code: 'MALFORMED_JSON' },
    { title: 'oversize body', raw: JSON.stringify({ name: 'a', description: 'x'.repeat(100 * 1024) }), status: 413, code: 'BODY_TOO_LARGE' },
    { title: 'wrong content type', raw: 'name=a', contentType: 'application/x-www-form-urlencoded', status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' },
  ];

  it.each(cases)('$title → $status $code', async (c) => {
    const target = await create('target');
    const before = await snapshot();
    const requests: [string, string, Record<string, string>][] = [
      ['POST', '/api/items', {}],
      ['PUT', `/api/items/${target.id}`, { 'if-match': '"1"' }],
    ];
    for (const [method, path, headers] of requests) {
      const options =
        c.raw !== undefined
          ? { raw: c.raw, headers: { 'content-type': c.contentType ?? 'application/json', ...headers } }
          : { json: c.json, headers };
      const res = await api(method, path, options);
      expect(res.status).toBe(c.status);
      const body = res.body as ErrorJson;
      expect(body.code).toBe(c.code);
      expect(body.requestId).toBe(res.headers.get('x-request-id'));
      if (c.field !== undefined) expect(body.fields?.map((f) => f.field)).toContain(c.field);
    }
    expect(await snapshot()).toBe(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('PATCH with an empty object or an unknown field is rejected', async () => {
    const item = await create('patch target');
    const before = await snapshot();
    const empty = await api('PATCH', `/api/items/${item.id}`, { json: {}, headers: { 'if-match': '"1"' } });
    expect(empty.status).toBe(400);
    expect((empty.body as ErrorJson).fields).toEqual([{ field: 'body', message: 'must contain at least one field' }]);
    const unknown = await api('PATCH', `/api/items/${item.id}`, { json: { version: 9 }, headers: { 'if-match': '"1"' } });
    expect(unknown.status).toBe(400);
    expect((unknown.body as ErrorJson).fields).toEqual([{ field: 'version', message: 'is not a known field: remove it' }]);
    expect(await snapshot()).toBe(before);
  });

  it('reports every bad field at once', async () => {
    const res = await api('POST', '/api/items', { json: { name: 3, description: false, extra: 1 } });
    expect(res.status).toBe(400);
    expect((res.body as ErrorJson).fields?.map((f) => f.field).sort()).toEqual(['description', 'extra', 'name']);
  });
});

describe('SQL injection strings', () => {
  const payloads = [
    "'; DROP TABLE items; --",
    "Robert'); DROP TABLE items;--",
    '" OR "1"="1',
    "' OR 1=1 --",
    "1; DELETE FROM items WHERE '1'='1",
    '\\\'; SELECT SLEEP(5); --',
    'ʼ OR ʼ1ʼ=ʼ1',
    '%_\\%\\_',
    'nul\u0000byte',
    '*/ UNION SELECT password FROM mysql.user /*',
  ];

  it('are stored and returned verbatim and harm nothing', async () => {
    const [{ n: countBefore }] = await db.query<RowDataPacket[]>('SELECT COUNT(*) AS n FROM items');
    const ids: number[] = [];
    for (const payload of payloads) {
      const created = await create(payload, payload);
      ids.push(created.id);
      expect(created).toMatchObject({ name: payload, description: payload });
      const patched = await api('PATCH', `/api/items/${created.id}`, { json: { description: `${payload}!` }, headers: { 'if-match': '"1"' } });
      expect(patched.status).toBe(200);
      expect((await api('GET', `/api/items/${created.id}`)).body).toMatchObject({ name: payload, description: `${payload}!` });
    }
    const stored = await db.query<RowDataPacket[]>(`SELECT name FROM items WHERE id IN (${ids.map(() => '?').join(',')}) ORDER BY id`, ids);
    expect(stored.map((row) => row.name)).toEqual(payloads);
    const [{ n: countAfter }] = await db.query<RowDataPacket[]>('SELECT COUNT(*) AS n FROM items');
    expect(Number(countAfter)).toBe(Number(countBefore) + payloads.length);
    const tables = await db.query<RowDataPacket[]>('SHOW TABLES');
    expect(tables.map((row) => Object.values(row)[0]).sort()).toEqual(['items', 'schema_migrations']);
  });
});

describe('framework edges', () => {
  it('answers unknown routes and methods with 404 ROUTE_NOT_FOUND as JSON', async () => {
    for (const [method, path] of [
      ['GET', '/nope'],
      ['POST', '/api/items/1'],
      ['DELETE', '/api/items'],
    ] as const) {
      const res = await api(method, path);
      expect(res.status).toBe(404);
      expect((res.body as ErrorJson).code).toBe('ROUTE_NOT_FOUND');
    }
  });

  it('keeps a plain caller request id and replaces an unsafe one', async () => {
    const kept = await api('GET', '/api/items/999999997', { headers: { 'x-request-id': 'trace-123' } });
    expect(kept.headers.get('x-request-id')).toBe('trace-123');
    expect((kept.body as ErrorJson).requestId).toBe('trace-123');
    const replaced = await api('GET', '/api/items/999999997', { headers: { 'x-request-id': 'bad id with spaces' } });
    expect(replaced.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers 503 NOT_READY on the API until the schema is in place', async () => {
    server.state.schemaReady = false;
    try {
      const res = await api('GET', '/api/items');
      expect(res.status).toBe(503);
      expect((res.body as ErrorJson).code).toBe('NOT_READY');
      expect(res.headers.get('retry-after')).toBe('2');
      expect((await api('GET', '/readyz')).body).toEqual({ status: 'not-ready', reason: 'migrating-schema' });
      expect((await api('GET', '/healthz')).status).toBe(200);
    } finally {
      server.state.schemaReady = true;
    }
  });
});
