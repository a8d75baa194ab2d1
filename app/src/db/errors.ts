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
]);

/** mysql2's pool rejects with plain Errors carrying only these messages. */
const UNAVAILABLE_MESSAGES = new Set(['Queue limit reached.', 'Pool is closed.']);

interface DriverError {
  readonly code?: unknown;
  readonly fatal?: unknown;
  readonly message?: unknown;
}

/** True when the error says the database is unreachable, overloaded or closing: the client should retry later. */
export function isDbUnavailable(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const e = err as DriverError;
  if (e.fatal === true) return true;
  if (typeof e.code === 'string' && UNAVAILABLE_CODES.has(e.code)) return true;
  return typeof e.message === 'string' && UNAVAILABLE_MESSAGES.has(e.message);
}
