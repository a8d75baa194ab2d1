import { Agent, request } from 'node:http';
import { shutdown } from '../src/lifecycle';
import { createTestDatabase, type TestDatabase } from './support/database';
import { call } from './support/http';
import { startTestServer } from './support/server';

/**
 * SIGTERM under keep-alive load, in-process (the graceful shutdown of src/lifecycle.ts on a real port): clients
 * that keep their connections open are told `Connection: close` and answered, never reset.
 */
let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase('shutdown');
});
afterAll(async () => {
  await db?.drop();
});

interface Outcome {
  /** Status code, or the error code of a request that got no response. */
  readonly result: string;
  /** The response's Connection header. */
  readonly connection: string | undefined;
  /** Whether the request went out on a socket that had already carried a response. */
  readonly reused: boolean;
}

/** One GET on a keep-alive agent. */
function get(agent: Agent, url: string): Promise<Outcome> {
  return new Promise((resolve) => {
    const req = request(url, { agent }, (res) => {
      res.resume();
      res.on('end', () => resolve({ result: String(res.statusCode), connection: res.headers.connection, reused: req.reusedSocket }));
    });
    req.on('error', (err: NodeJS.ErrnoException) => resolve({ result: err.code ?? err.message, connection: undefined, reused: req.reusedSocket }));
    req.end();
  });
}

it('answers keep-alive clients with Connection: close through the drain and the close, and resets none', async () => {
  const server = await startTestServer(db.name, { DB_POOL_SIZE: '4' });
  const created = await call(server.url, 'POST', '/api/items', { json: { name: 'busy' } });
  const url = `${server.url}/api/items/${(created.body as { id: number }).id}`;
  const DRAIN_SECONDS = 0.3;

  let sigterm = false;
  let exited: (code: number) => void = () => undefined;
  const exit = new Promise<number>((resolve) => (exited = resolve));
  let closePhase: () => void = () => undefined;
  const closing = new Promise<void>((resolve) => (closePhase = resolve));
  const afterSigterm: Outcome[] = [];
  /** Busy: one keep-alive connection, requests back to back; stops once told `Connection: close`, as a load balancer would. */
  const busy = async (): Promise<void> => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    for (;;) {
      const sentAfterSigterm = sigterm;
      const outcome = await get(agent, url);
      if (!sentAfterSigterm) continue;
      afterSigterm.push(outcome);
      if (outcome.connection === 'close' || !/^\d+$/.test(outcome.result)) break;
    }
    agent.destroy();
  };
  /** Idle: a few requests, then its keep-alive connection sits idle until the close phase, when it sends one more. */
  const rested: Promise<void>[] = [];
  const idle = async (): Promise<void> => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    let rest: () => void = () => undefined;
    rested.push(new Promise((resolve) => (rest = resolve)));
    for (let i = 0; i < 3; i++) await get(agent, url);
    rest();
    await closing;
    afterSigterm.push(await get(agent, url));
    agent.destroy();
  };
  const clients = [...Array.from({ length: 12 }, busy), ...Array.from({ length: 4 }, idle)];

  await Promise.all(rested);
  await new Promise((resolve) => setTimeout(resolve, 100));
  sigterm = true;
  void shutdown('SIGTERM', { app: server.app, metricsApp: server.metricsApp, pool: server.pool, state: server.state, drainSeconds: DRAIN_SECONDS, exit: (code) => exited(code) });
  // The close phase starts after the drain and lasts up to a second: the idle connections speak in its middle.
  setTimeout(closePhase, DRAIN_SECONDS * 1000 + 300);
  await Promise.all(clients);
  expect(await exit).toBe(0);

  expect(afterSigterm).toHaveLength(16);
  // Busy clients were answered during the drain (200), idle ones in the close phase (503 SHUTTING_DOWN) on the
  // connection they had kept open; all were told to close. Without the close phase, the idle connections were
  // destroyed when the server closed, and their next request was reset.
  expect(afterSigterm.map((o) => `${o.result} ${o.connection}`).sort()).toEqual([...Array(12).fill('200 close'), ...Array(4).fill('503 close')]);
  expect(afterSigterm.filter((o) => o.result === '503').every((o) => o.reused)).toBe(true);
});
