import { createTestDatabase, MARIADB, appEnv, type TestDatabase } from './support/database';
import { call, type ErrorJson } from './support/http';
import { buildApp, freePorts, spawnBuiltApp, waitForStatus, type RunningApp } from './support/process';
import { TcpProxy } from './support/tcp-proxy';

/**
 * The built server (node app/build/main.js, as in the image) as a separate process, talking to MariaDB
 * through a proxy the tests cut and restore.
 */
let db: TestDatabase;
let proxy: TcpProxy;
let running: RunningApp | undefined;

beforeAll(async () => {
  buildApp();
  db = await createTestDatabase('lifecycle');
}, 120_000);
afterAll(async () => {
  await db?.drop();
});
beforeEach(async () => {
  proxy = new TcpProxy(MARIADB.host, MARIADB.port);
  await proxy.start();
});
afterEach(async () => {
  await running?.stop();
  running = undefined;
  await proxy.stop();
});

async function start(env: Record<string, string> = {}): Promise<RunningApp> {
  const ports = await freePorts();
  running = spawnBuiltApp(appEnv(db.name, { DB_PORT: String(proxy.port), SHUTDOWN_DRAIN_SECONDS: '0.5', ...ports.env, ...env }), ports.port);
  return running;
}

/** Resolves once the condition holds (checked every 20 ms), or fails after the timeout. */
async function until(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const alive = (app: RunningApp) => app.child.exitCode === null && app.child.signalCode === null;

describe('database outage', () => {
  it('answers 503 DB_UNAVAILABLE, stays ready and alive, and recovers when the database returns', async () => {
    const app = await start();
    await waitForStatus(`${app.url}/readyz`, 200);
    const created = await call(app.url, 'POST', '/api/items', { json: { name: 'survivor' } });
    expect(created.status).toBe(201);
    const id = (created.body as { id: number }).id;

    await proxy.cut();
    for (const [method, path, json] of [
      ['GET', `/api/items/${id}`, undefined],
      ['GET', '/api/items', undefined],
      ['POST', '/api/items', { name: 'during outage' }],
      ['PUT', `/api/items/${id}`, { name: 'during outage' }],
      ['DELETE', `/api/items/${id}`, undefined],
    ] as const) {
      const res = await call(app.url, method, path, { ...(json !== undefined ? { json } : {}), headers: method === 'PUT' ? { 'if-match': '"1"' } : {} });
      expect({ method, status: res.status, code: (res.body as ErrorJson).code }).toEqual({ method, status: 503, code: 'DB_UNAVAILABLE' });
      expect(res.headers.get('retry-after')).toBe('5');
    }
    // Documented choice: a database outage does not fail readiness (app/README.md, "Readiness and database outages").
    expect((await call(app.url, 'GET', '/readyz')).status).toBe(200);
    expect((await call(app.url, 'GET', '/healthz')).status).toBe(200);
    const metrics = await call(app.metricsUrl, 'GET', '/metrics');
    expect(metrics.text).toMatch(/^db_unavailable_errors_total [1-9]/m);
    expect(alive(app)).toBe(true);

    await proxy.restore();
    await waitForStatus(`${app.url}/api/items/${id}`, 200, 10_000);
    expect((await call(app.url, 'GET', `/api/items/${id}`)).body).toMatchObject({ id, name: 'survivor', version: 1 });
    const [{ n }] = await db.query<import('mysql2/promise').RowDataPacket[]>("SELECT COUNT(*) AS n FROM items WHERE name = 'during outage'");
    expect(Number(n)).toBe(0);
    expect(alive(app)).toBe(true);
  }, 60_000);

  it('starts while the database is down: live, not ready, then ready once it is back', async () => {
    await proxy.cut();
    const app = await start();
    await waitForStatus(`${app.url}/healthz`, 200);
    const readyz = await call(app.url, 'GET', '/readyz');
    expect(readyz.status).toBe(503);
    expect(readyz.body).toEqual({ status: 'not-ready', reason: 'migrating-schema' });
    expect(((await call(app.url, 'GET', '/api/items')).body as ErrorJson).code).toBe('NOT_READY');
    await proxy.restore();
    await waitForStatus(`${app.url}/readyz`, 200, 20_000);
    expect(app.output()).toContain('schema migration failed; retrying');
  }, 60_000);
});

describe('SIGTERM', () => {
  it('turns readiness off at once, finishes every in-flight request, closes the pool and exits 0 within budget', async () => {
    const app = await start({ SHUTDOWN_DRAIN_SECONDS: '1.5', DB_POOL_SIZE: '8' });
    await waitForStatus(`${app.url}/readyz`, 200);
    const seed = await call(app.url, 'POST', '/api/items', { json: { name: 'seed' } });
    const seedId = (seed.body as { id: number }).id;
    proxy.latencyMs = 150; // every database answer is slow, so many requests are in flight at SIGTERM

    interface Outcome {
      started: number;
      ended: number;
      status: number | string;
    }
    const outcomes: Outcome[] = [];
    const answered = new Set<number>();
    let stopAt = Number.POSITIVE_INFINITY;
    const worker = async (n: number) => {
      for (let i = 0; Date.now() < stopAt && i < 200; i++) {
        const started = Date.now();
        try {
          const res =
            (n + i) % 3 === 0
              ? await call(app.url, 'POST', '/api/items', { json: { name: `load ${n}.${i}` } })
              : await call(app.url, 'GET', `/api/items/${seedId}`);
          outcomes.push({ started, ended: Date.now(), status: res.status });
          answered.add(n);
        } catch (err) {
          outcomes.push({ started, ended: Date.now(), status: (err as Error).message });
        }
      }
    };
    const workers = Array.from({ length: 16 }, (_, n) => worker(n));
    // Under way: every worker has had an answer (its connection is open and its next request sent).
    await until(() => answered.size === 16, 10_000);
    const sigtermAt = Date.now();
    app.child.kill('SIGTERM');
    await waitForStatus(`${app.url}/readyz`, 503, 800);
    const readyz = await call(app.url, 'GET', '/readyz');
    expect(readyz.body).toEqual({ status: 'not-ready', reason: 'shutting-down' });
    const exit = await app.exited;
    stopAt = 0;
    await Promise.all(workers);

    expect(exit.code).toBe(0);
    expect(exit.at - sigtermAt).toBeLessThan(25_000);
    // Requests started before SIGTERM, or during the drain delay (minus a margin), must all have succeeded.
    const mustSucceed = outcomes.filter((o) => o.started < sigtermAt + 800);
    const inFlightAtSigterm = mustSucceed.filter((o) => o.started < sigtermAt && o.ended > sigtermAt);
    expect(inFlightAtSigterm.length).toBeGreaterThanOrEqual(8);
    expect(mustSucceed.filter((o) => o.status !== 200 && o.status !== 201)).toEqual([]);
    expect(app.output()).toContain('shutdown complete');
  }, 60_000);

  it('finishes and exits 0 even when in-flight requests wait on an unresponsive database: they end at their deadline', async () => {
    const app = await start({ SHUTDOWN_DRAIN_SECONDS: '0', DB_QUERY_TIMEOUT_SECONDS: '1' });
    await waitForStatus(`${app.url}/readyz`, 200);
    proxy.blackhole = true;
    const hanging = Array.from({ length: 3 }, () => call(app.url, 'GET', '/api/items').catch((err: Error) => err));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await call(app.url, 'GET', '/healthz')).status).toBe(200);
    app.child.kill('SIGTERM');
    const exit = await app.exited;
    const answers = await Promise.all(hanging);
    expect(answers.map((a) => (a instanceof Error ? a.message : `${a.status} ${(a.body as ErrorJson).code}`))).toEqual(Array(3).fill('503 DB_UNAVAILABLE'));
    expect(exit.code).toBe(0);
    expect(app.output()).toContain('shutdown complete');
  }, 60_000);
});
