import { createPool, type Pool, type PoolOptions, type SslOptions } from 'mysql2/promise';
import type { DbConfig } from '../config';

/**
 * Connection attempts give up after this long (or after DB_QUERY_TIMEOUT_SECONDS if shorter), so an unreachable
 * database turns into a 503 quickly and a connect attempt never holds a pool slot for long.
 */
export const CONNECT_TIMEOUT_MS = 5000;

/**
 * Maps DB_TLS_MODE to mysql2's ssl options, following MySQL's ssl-mode:
 * REQUIRED encrypts and, only when a CA is given, verifies the chain (MySQL's VERIFY_CA behaviour);
 * VERIFY_IDENTITY verifies the chain (given CA or Node's roots) and the host name.
 */
export function tlsOptions(db: Pick<DbConfig, 'tlsMode' | 'tlsCa'>): SslOptions | undefined {
  const ca = db.tlsCa !== undefined ? { ca: db.tlsCa } : {};
  switch (db.tlsMode) {
    case 'DISABLED':
      return undefined;
    case 'REQUIRED':
      return {
        minVersion: 'TLSv1.2',
        ...ca,
        rejectUnauthorized: db.tlsCa !== undefined,
        // The certificate of a managed DB system rarely names the private address we dial.
        verifyIdentity: false,
      };
    case 'VERIFY_IDENTITY':
      return { minVersion: 'TLSv1.2', ...ca, rejectUnauthorized: true, verifyIdentity: true };
  }
}

/**
 * mysql2 pool options for our config: bounded pool, UTC dates, no multi-statements. Waiting is bounded in front
 * of the pool (db/bounded.ts lets at most `poolSize` requests in), so mysql2's own queue stays empty; its limit
 * is only a backstop.
 */
export function poolOptions(db: DbConfig): PoolOptions {
  const ssl = tlsOptions(db);
  return {
    host: db.host,
    port: db.port,
    user: db.user,
    password: db.password,
    database: db.database,
    connectionLimit: db.poolSize,
    maxIdle: db.poolSize,
    idleTimeout: 60_000,
    queueLimit: db.poolSize,
    waitForConnections: true,
    connectTimeout: Math.min(CONNECT_TIMEOUT_MS, db.queryTimeoutMs),
    enableKeepAlive: true,
    multipleStatements: false,
    timezone: 'Z',
    // mysql2 captures a JS stack trace on every query by default, to name the caller in DB errors; ours are
    // mapped by code (db/errors.ts), and the capture cost ~3 % of a create's CPU under load.
    trace: false,
    ...(ssl !== undefined ? { ssl } : {}),
  };
}

export function openPool(db: DbConfig): Pool {
  return createPool(poolOptions(db));
}

/** Pool occupancy, for /metrics. */
export interface PoolStats {
  /** Configured connection limit. */
  readonly max: number;
  /** Open connections. */
  readonly open: number;
  /** Open connections currently lent to a request. */
  readonly inUse: number;
  /** Requests waiting for a connection. */
  readonly waiting: number;
}

interface Sized {
  readonly length: number;
}

function sizeOf(value: unknown): number {
  return typeof value === 'object' && value !== null && typeof (value as Sized).length === 'number' ? (value as Sized).length : 0;
}

/**
 * Reads the occupancy of a mysql2 pool. mysql2 exposes no public API for it; these queues are what
 * its own pool logic consults (lib/base/pool.js), read defensively so an internal change yields zeros, not a crash.
 */
export function poolStats(pool: Pool, max: number): PoolStats {
  const core = (pool as unknown as { pool?: Record<string, unknown> }).pool ?? {};
  const open = sizeOf(core._allConnections);
  const free = sizeOf(core._freeConnections);
  return { max, open, inUse: Math.max(0, open - free), waiting: sizeOf(core._connectionQueue) };
}
