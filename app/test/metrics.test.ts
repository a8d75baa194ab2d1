import { createTestDatabase, type TestDatabase } from './support/database';
import { call } from './support/http';
import { startTestServer, type TestServer } from './support/server';

let db: TestDatabase;
let server: TestServer;
beforeAll(async () => {
  db = await createTestDatabase('metrics');
  server = await startTestServer(db.name, { DB_POOL_SIZE: '3' });
});
afterAll(async () => {
  await server?.close();
  await db?.drop();
});

/** Value of one sample line, e.g. `http_requests_total{method="GET",...} 3`. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) continue;
    const match = /^([a-z_]+)(\{([^}]*)\})? (\S+)$/.exec(line);
    if (match === null || match[1] !== name) continue;
    const present = (match[3] ?? '').split(',');
    if (wanted.every((w) => present.includes(w))) return Number(match[4]);
  }
  return undefined;
}

describe('/metrics', () => {
  it('serves Prometheus text with request counts and latency by route template and status', async () => {
    const created = await call(server.url, 'POST', '/api/items', { json: { name: 'm' } });
    const id = (created.body as { id: number }).id;
    await call(server.url, 'GET', `/api/items/${id}`);
    await call(server.url, 'GET', `/api/items/${id}`);
    await call(server.url, 'GET', '/api/items/999999');
    await call(server.url, 'GET', '/no/such/route');
    const res = await call(server.metricsUrl, 'GET', '/metrics');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = res.text;
    expect(sample(text, 'http_requests_total', { method: 'POST', route: '/api/items', status_code: '201' })).toBe(1);
    expect(sample(text, 'http_requests_total', { method: 'GET', route: '/api/items/:id', status_code: '200' })).toBe(2);
    expect(sample(text, 'http_requests_total', { method: 'GET', route: '/api/items/:id', status_code: '404' })).toBe(1);
    expect(sample(text, 'http_requests_total', { method: 'GET', route: 'unmatched', status_code: '404' })).toBe(1);
    expect(text).not.toContain('/no/such/route');
    expect(sample(text, 'http_request_duration_seconds_count', { method: 'GET', route: '/api/items/:id', status_code: '200' })).toBe(2);
    expect(sample(text, 'http_request_duration_seconds_bucket', { route: '/api/items/:id', status_code: '200', le: '+Inf' })).toBe(2);
    expect(text).toContain('# TYPE http_request_duration_seconds histogram');
  });

  it('reports pool size and usage', async () => {
    await server.db.withConnection(async () => {
      const text = (await call(server.metricsUrl, 'GET', '/metrics')).text;
      expect(sample(text, 'db_pool_connections_max')).toBe(3);
      expect(sample(text, 'db_pool_connections_in_use')).toBe(1);
      expect(sample(text, 'db_pool_connections_open')).toBeGreaterThanOrEqual(1);
      expect(sample(text, 'db_pool_queue_waiting')).toBe(0);
      expect(sample(text, 'db_pool_queue_limit')).toBe(60);
    });
    const after = (await call(server.metricsUrl, 'GET', '/metrics')).text;
    expect(sample(after, 'db_pool_connections_in_use')).toBe(0);
    expect(sample(after, 'db_unavailable_errors_total')).toBe(0);
    expect(sample(after, 'db_pool_rejected_total', { reason: 'queue_full' })).toBe(0);
    expect(sample(after, 'db_pool_rejected_total', { reason: 'queue_timeout' })).toBe(0);
  });
});
