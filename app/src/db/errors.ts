import { PoolSaturated } from './bounded';

/** Error codes meaning "the database cannot be reached or used right now" (as opposed to a bad query). */
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'ER_CON_COUNT_ERROR',
  'ER_SERVER_SHUTDOWN',
  'ER_ACCESS_DENIED_ERROR',
  'ER_DBACCESS_DENIED_ERROR',
  'ER_TOO_MANY_USER_CONNECTIONS',
  'HANDSHAKE_SSL_ERROR',
  'DB_TIMEOUT', // db/bounded.ts: the database work of a request ran past DB_QUERY_TIMEOUT_SECONDS
]);

/** mysql2's pool rejects with plain Errors carrying only these messages. */
const UNAVAILABLE_MESSAGES = new Set(['Pool is closed.']);

interface DriverError {
  readonly code?: unknown;
  readonly fatal?: unknown;
  readonly message?: unknown;
}

/**
 * True when the error says the database is unreachable, unresponsive or closing: the client should retry later.
 * Saturation of this replica's own pool is not among them ({@link isPoolSaturated}): the database is fine then.
 */
export function isDbUnavailable(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const e = err as DriverError;
  if (e.fatal === true) return true;
  if (typeof e.code === 'string' && UNAVAILABLE_CODES.has(e.code)) return true;
  return typeof e.message === 'string' && UNAVAILABLE_MESSAGES.has(e.message);
}

/**
 * True when the error says this replica's pool is saturated (every connection busy, the queue full or the wait
 * over): load to shed, not an outage. mysql2's own "Queue limit reached." is a backstop that BoundedPool keeps
 * from happening.
 */
export function isPoolSaturated(err: unknown): boolean {
  return err instanceof PoolSaturated || (err instanceof Error && err.message === 'Queue limit reached.');
}
