import { Agent, request } from 'node:http';
import { createTestDatabase, MARIADB, type TestDatabase } from './support/database';
import { call, type ApiResponse, type ErrorJson } from './support/http';
import { startTestServer, type TestServer } from './support/server';
import { TcpProxy } from './support/tcp-proxy';

/**
 * Load shedding and deadlines, in-process against a real MariaDB behind a TCP proxy: a saturated pool answers
 * 503 OVERLOADED fast and counts "saturated", never "database unavailable"; a black-holed database (accepts
 * TCP, never answers) gets every request answered at its deadline; /readyz stays 200 in both cases.
 */
let db: TestDatabase;
let proxy: TcpProxy;
let server: TestServer | undefined;

beforeAll(async () => {
  db = await createTestDatabase('shedding');
});
afterAll(async () => {
  await db?.drop();
});
beforeEach(async () => {
  proxy = new TcpProxy(MARIADB.host, MARIADB.port);
  await proxy.start();
});
afterEach(async () => {
  proxy.blackhole = false;
  await server?.close();
  server = undefined;
  await proxy.stop();
});

async function start(env: Record<string, string>): Promise<TestServer> {
  server = await startTestServer(db.name, { DB_PORT: String(proxy.port), ...env });
  return server;
}

/** Value of an unlabelled or labelled sample in Prometheus text. */
function sample(text: string, series: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  if (line === undefined) throw new Error(`no sample ${series}`);
  return Number(line.slice(series.length + 1));
}

const outcome = (res: ApiResponse): string => (res.status < 300 ? String(res.status) : `${res.status} ${(res.body as ErrorJson).code}`);

describe('a saturated pool in front of a healthy database', () => {
  it('sheds the excess with 503 OVERLOADED and Retry-After, counts it as saturation, and stays ready', async () => {
    const s = await start({ DB_POOL_SIZE: '1', DB_QUEUE_LIMIT: '1', DB_QUEUE_TIMEOUT_SECONDS: '0.05' });
    const created = await call(s.url, 'POST', '/api/items', { json: { name: 'hot' } });
    const id = (created.body as { id: number }).id;
    // A long request holds the only connection (the database stays healthy and fast throughout).
    let finish!: () => void;
    const held = s.db.withConnection(() => new Promise<void>((resolve) => (finish = resolve)));

    const burst = await Promise.all(Array.from({ length: 8 }, () => call(s.url, 'GET', `/api/items/${id}`)));
    const readyz = await call(s.url, 'GET', '/readyz');
    finish();
    await held;

    // Each request either waited in the one-place queue and gave up after 50 ms, or found the queue full.
    expect(burst.map(outcome)).toEqual(Array(8).fill('503 OVERLOADED'));
    for (const res of burst) {
      expect(res.headers.get('retry-after')).toBe('1');
      expect(res.headers.get('x-request-id')).toBe((res.body as ErrorJson).requestId);
    }
    expect((await call(s.url, 'GET', `/api/items/${id}`)).status).toBe(200);
    // Saturation is not readiness: the pod keeps its endpoints (app/README.md, "Readiness under saturation").
    expect(readyz.status).toBe(200);
    const metrics = (await call(s.metricsUrl, 'GET', '/metrics')).text;
    const timedOut = sample(metrics, 'db_pool_rejected_total{reason="queue_timeout"}');
    expect(timedOut).toBeGreaterThanOrEqual(1);
    expect(timedOut + sample(metrics, 'db_pool_rejected_total{reason="queue_full"}')).toBe(8);
    expect(sample(metrics, 'db_unavailable_errors_total')).toBe(0);
  });
});

describe('a client that retries at once on the connection that was just shed', () => {
  it('has its next request read after Retry-After, and served, not dropped', async () => {
    const s = await start({ DB_POOL_SIZE: '1', DB_QUEUE_LIMIT: '0' });
    const created = await call(s.url, 'POST', '/api/items', { json: { name: 'patient' } });
    const url = `${s.url}/api/items/${(created.body as { id: number }).id}`;
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const get = (): Promise<{ status: number; reused: boolean }> => new Promise((resolve, reject) => {
      const req = request(url, { agent }, (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, reused: req.reusedSocket }));
      });
      req.on('error', reject);
      req.end();
    });
    let finish!: () => void;
    const held = s.db.withConnection(() => new Promise<void>((resolve) => (finish = resolve)));
    const shed = await get();
    const retried = get(); // sent at once on the same connection, which the server is not reading
    // The slot stays busy for a while: read at once, the retry would be shed again (the queue holds none).
    await new Promise((resolve) => setTimeout(resolve, 200));
    finish();
    await held;
    expect(shed.status).toBe(503);
    expect(await retried).toEqual({ status: 200, reused: true });
    agent.destroy();
  });
});

describe('a black-holed database (accepts TCP, never answers)', () => {
  it('answers every request at its deadline, counts it as unavailable, and recovers when the database answers again', async () => {
    const s = await start({ DB_POOL_SIZE: '2', DB_QUEUE_LIMIT: '2', DB_QUEUE_TIMEOUT_SECONDS: '0.3', DB_QUERY_TIMEOUT_SECONDS: '0.5' });
    const created = await call(s.url, 'POST', '/api/items', { json: { name: 'before the hole' } });
    const id = (created.body as { id: number }).id;
    proxy.blackhole = true;

    const requests: [string, string, object | undefined][] = [
      ['GET', `/api/items/${id}`, undefined],
      ['GET', '/api/items', undefined],
      ['POST', '/api/items', { name: 'into the hole' }],
      ['PUT', `/api/items/${id}`, { name: 'into the hole' }],
      ['PATCH', `/api/items/${id}`, { name: 'into the hole' }],
      ['DELETE', `/api/items/${id}`, undefined],
    ];
    // Twice the pool plus queue: some wait for a slot and give up, the others run into the database deadline.
    const answers = await Promise.all(
      [...requests, ...requests].map(([method, path, json]) => call(s.url, method, path, { ...(json !== undefined ? { json } : {}), headers: { 'if-match': '*' } })),
    );
    const codes = answers.map(outcome);
    expect(codes.every((c) => c === '503 DB_UNAVAILABLE' || c === '503 OVERLOADED')).toBe(true);
    const unavailable = codes.filter((c) => c === '503 DB_UNAVAILABLE').length;
    expect(unavailable).toBeGreaterThanOrEqual(2);
    expect(answers.filter((r) => (r.body as ErrorJson).code === 'DB_UNAVAILABLE').every((r) => r.headers.get('retry-after') === '5')).toBe(true);
    expect((await call(s.url, 'GET', '/readyz')).status).toBe(200);
    expect((await call(s.url, 'GET', '/healthz')).status).toBe(200);
    const metrics = (await call(s.metricsUrl, 'GET', '/metrics')).text;
    expect(sample(metrics, 'db_unavailable_errors_total')).toBe(unavailable);

    // The stuck connections were destroyed, not returned to the pool: once the database answers, so does the API.
    proxy.blackhole = false;
    const after = await call(s.url, 'GET', `/api/items/${id}`);
    expect(after.status).toBe(200);
    expect(after.body).toMatchObject({ id, name: 'before the hole', version: 1 });
  });
});
