import { Server } from 'node:net';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { Pool } from 'mysql2/promise';
import { SHUTDOWN_BUDGET_SECONDS } from './config';
import { migrate } from './db/migrate';
import type { AppState } from './ops/state';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Retry delays while the database is not reachable at start-up: quick first, then every 10 s. */
export const MIGRATION_RETRY_MS = [500, 1000, 2000, 5000, 10_000] as const;

/**
 * Migrates the schema, retrying until it works or shutdown begins. The server already listens meanwhile,
 * so liveness passes and readiness tells the truth instead of the pod crash-looping on a slow database.
 */
export async function prepareSchema(pool: Pool, state: AppState, log: FastifyBaseLogger): Promise<void> {
  for (let attempt = 0; !state.shuttingDown; attempt++) {
    try {
      const result = await migrate(pool);
      state.schemaReady = true;
      log.info({ schemaVersion: result.version, applied: result.applied }, 'schema ready');
      return;
    } catch (err) {
      const delay = MIGRATION_RETRY_MS[Math.min(attempt, MIGRATION_RETRY_MS.length - 1)] ?? 10_000;
      const e = err as { code?: unknown; message?: unknown };
      log.warn({ dbError: String(e.code ?? e.message), retryInMs: delay }, 'schema migration failed; retrying');
      await sleep(delay);
    }
  }
}

export interface ShutdownOptions {
  readonly app: FastifyInstance;
  /** Closed after the API server, so a scrape during the drain still sees the shutdown. */
  readonly metricsApp: FastifyInstance;
  readonly pool: Pool;
  readonly state: AppState;
  /** Seconds to keep serving while not ready, so traffic moves elsewhere first. */
  readonly drainSeconds: number;
  /** Called with the exit code once done (or when the budget runs out). */
  readonly exit: (code: number) => void;
}

/**
 * After the drain, how long open keep-alive connections get to send one more request (answered 503
 * SHUTTING_DOWN with `Connection: close`) before the idle ones are closed.
 */
export const CLOSE_GRACE_MS = 1000;

/**
 * Stops accepting connections without reaping idle keep-alive ones (Node's http `server.close()` destroys them
 * at once, and a client whose next request is already on the wire then sees a reset). Resolves when every
 * connection has ended or after `graceMs`.
 */
function stopAccepting(app: FastifyInstance, graceMs: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, graceMs);
    timer.unref();
    Server.prototype.close.call(app.server, () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/**
 * Graceful shutdown: readiness off at once, keep serving for the drain delay (every response carries
 * `Connection: close`), then stop accepting, answer requests still arriving on open connections with 503
 * SHUTTING_DOWN + `Connection: close` for a short grace, close what is left and wait for in-flight requests
 * (bounded by the request and database timeouts), close the pool, exit 0. A timer exits 1 if this overruns the
 * budget, before the kubelet's SIGKILL at 30 s.
 */
export async function shutdown(signal: string, options: ShutdownOptions): Promise<void> {
  const { app, metricsApp, pool, state, drainSeconds, exit } = options;
  if (state.shuttingDown) return;
  state.shuttingDown = true;
  const started = Date.now();
  app.log.info({ signal, drainSeconds }, 'shutdown started: readiness off');
  const deadline = setTimeout(() => {
    app.log.error({ budgetSeconds: SHUTDOWN_BUDGET_SECONDS }, 'shutdown overran its budget; exiting');
    exit(1);
  }, (SHUTDOWN_BUDGET_SECONDS - 1) * 1000);
  deadline.unref();
  try {
    await sleep(drainSeconds * 1000);
    state.closing = true;
    await stopAccepting(app, CLOSE_GRACE_MS);
    await app.close();
    await metricsApp.close();
    await pool.end();
    app.log.info({ elapsedMs: Date.now() - started }, 'shutdown complete');
    clearTimeout(deadline);
    exit(0);
  } catch (err) {
    app.log.error({ err: { message: (err as Error).message } }, 'shutdown failed');
    clearTimeout(deadline);
    exit(1);
  }
}
