import { createTestDatabase, type TestDatabase } from './support/database';
import { call } from './support/http';
import { startTestServer, type TestServer } from './support/server';

let db: TestDatabase;
let server: TestServer;
beforeAll(async () => {
  db = await createTestDatabase('logging');
  // debug: the level at which request headers are logged at all, so redaction is what keeps secrets out.
  server = await startTestServer(db.name, { LOG_LEVEL: 'debug' });
});
afterAll(async () => {
  await server?.close();
  await db?.drop();
});

describe('structured logs', () => {
  it('are JSON lines carrying the request id of each request', async () => {
    const res = await call(server.url, 'GET', '/api/items', { headers: { 'x-request-id': 'log-test-1' } });
    expect(res.status).toBe(200);
    const records = server.logs.records.filter((r) => r.reqId === 'log-test-1');
    expect(records.map((r) => r.msg)).toEqual(['incoming request', 'request completed']);
    expect(records[1]).toMatchObject({ method: 'GET', url: '/api/items', route: '/api/items', statusCode: 200 });
    expect(typeof records[1]?.responseTimeMs).toBe('number');
  });

  it('leave out probe and metrics scrapes, keep everything else at info', async () => {
    await call(server.url, 'GET', '/healthz', { headers: { 'x-request-id': 'log-test-probe' } });
    await call(server.url, 'GET', '/nope', { headers: { 'x-request-id': 'log-test-404' } });
    const level = (id: string) => server.logs.records.find((r) => r.reqId === id && r.msg === 'request completed')?.level;
    expect(level('log-test-probe')).toBeUndefined();
    expect(level('log-test-404')).toBe(30);
  });

  it('redact Authorization, cookies and API keys', async () => {
    const secret = 'Bearer super-secret-token-123';
    await call(server.url, 'GET', '/api/items', {
      headers: { authorization: secret, cookie: 'session=cookie-secret-456', 'x-api-key': 'key-secret-789', 'x-request-id': 'log-test-2' },
    });
    const incoming = server.logs.records.find((r) => r.reqId === 'log-test-2' && r.msg === 'incoming request') as { req: { headers: Record<string, string> } };
    expect(incoming.req.headers.authorization).toBe('[Redacted]');
    expect(incoming.req.headers.cookie).toBe('[Redacted]');
    expect(incoming.req.headers['x-api-key']).toBe('[Redacted]');
    const all = server.logs.lines.join('\n');
    for (const leaked of ['super-secret-token-123', 'cookie-secret-456', 'key-secret-789']) expect(all).not.toContain(leaked);
  });

  it('redact password fields in anything logged', () => {
    server.app.log.info({ db: { user: 'app', password: 'db-pass-000' }, DB_PASSWORD: 'db-pass-111', password: 'db-pass-222' }, 'probe');
    const record = server.logs.records.find((r) => r.msg === 'probe');
    expect(record).toMatchObject({ db: { user: 'app', password: '[Redacted]' }, DB_PASSWORD: '[Redacted]', password: '[Redacted]' });
    expect(server.logs.lines.join('\n')).not.toMatch(/db-pass-\d+/);
  });
});
