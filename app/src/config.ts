import { readFileSync } from 'node:fs';

/** How the connection to MySQL is encrypted; mirrors MySQL's `--ssl-mode`. */
export type TlsMode = 'DISABLED' | 'REQUIRED' | 'VERIFY_IDENTITY';
export const TLS_MODES: readonly TlsMode[] = ['DISABLED', 'REQUIRED', 'VERIFY_IDENTITY'];

/** Database settings, read from `DB_*` variables. */
export interface DbConfig {
  /** `DB_HOST` (required). */
  readonly host: string;
  /** `DB_PORT`, default 3306. */
  readonly port: number;
  /** `DB_NAME` (required): the schema the app owns and migrates. */
  readonly database: string;
  /** `DB_USER` (required). */
  readonly user: string;
  /** From `DB_PASSWORD` or the file named by `DB_PASSWORD_FILE` (exactly one of them). Never logged. */
  readonly password: string;
  /** `DB_TLS_MODE`, default REQUIRED (what OCI MySQL HeatWave offers). */
  readonly tlsMode: TlsMode;
  /** PEM text of the file named by `DB_TLS_CA_FILE`; when absent, Node's built-in CA roots are used. */
  readonly tlsCa?: string;
  /** `DB_POOL_SIZE`, default 10: connections per replica. Keep replicas × size under MySQL's max_connections. */
  readonly poolSize: number;
  /**
   * `DB_QUEUE_LIMIT`, default 20 × pool size: requests allowed to wait for a free connection. Past it a request
   * is refused at once with 503 OVERLOADED (the pool is saturated; the database may be perfectly healthy).
   */
  readonly queueLimit: number;
  /** `DB_QUEUE_TIMEOUT_SECONDS`, default 1: longest wait for a free connection before 503 OVERLOADED. */
  readonly queueTimeoutMs: number;
  /**
   * `DB_QUERY_TIMEOUT_SECONDS`, default 5: longest time the database work of one request may take (connecting
   * and every statement of it, a transaction included). Past it the connection is destroyed (the server rolls
   * back) and the request gets 503 DB_UNAVAILABLE.
   */
  readonly queryTimeoutMs: number;
}

/** Everything the server reads from its environment. */
export interface AppConfig {
  /** `PORT`, default 8080. The server always binds 0.0.0.0 (probes hit the pod IP). */
  readonly port: number;
  /**
   * `METRICS_PORT`, default 9090: `/metrics` is served here only, never on `PORT`, so an Ingress or load
   * balancer in front of `PORT` cannot publish it. Must differ from `PORT`.
   */
  readonly metricsPort: number;
  /** `LOG_LEVEL`, default info. */
  readonly logLevel: LogLevel;
  /**
   * `SHUTDOWN_DRAIN_SECONDS`, default 5: after SIGTERM the server reports not-ready but keeps serving
   * this long, so endpoints and load balancers stop routing to it before it stops accepting.
   */
  readonly drainSeconds: number;
  /**
   * `HTTP_REQUEST_TIMEOUT_SECONDS`, default 10: time a client has to send a whole request (headers and body);
   * a slower one gets 408 and its connection is closed.
   */
  readonly requestTimeoutMs: number;
  readonly db: DbConfig;
}

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** Every environment variable the server reads; nothing else configures it. */
export const ENV_VARS = [
  'PORT',
  'METRICS_PORT',
  'LOG_LEVEL',
  'SHUTDOWN_DRAIN_SECONDS',
  'HTTP_REQUEST_TIMEOUT_SECONDS',
  'DB_HOST',
  'DB_PORT',
  'DB_NAME',
  'DB_USER',
  'DB_PASSWORD',
  'DB_PASSWORD_FILE',
  'DB_TLS_MODE',
  'DB_TLS_CA_FILE',
  'DB_POOL_SIZE',
  'DB_QUEUE_LIMIT',
  'DB_QUEUE_TIMEOUT_SECONDS',
  'DB_QUERY_TIMEOUT_SECONDS',
] as const;

/** Hard limit for everything after SIGTERM (virtual nodes keep the default 30 s grace period). */
export const SHUTDOWN_BUDGET_SECONDS = 25;
/** Upper bound for the drain delay, leaving at least 5 s of the budget to finish requests and close the pool. */
export const MAX_DRAIN_SECONDS = 20;
/** Requests allowed to wait for a connection, per pooled connection, by default. */
export const QUEUE_PER_CONNECTION = 20;
/** Kept free at the end of the shutdown budget for closing the metrics server and the pool. */
const CLOSE_MARGIN_SECONDS = 1;

/** A missing or invalid variable. The message names the variable and the fix, never its value. */
export class ConfigError extends Error {
  constructor(readonly variable: string, problem: string) {
    super(`${variable} ${problem}`);
    this.name = 'ConfigError';
  }
}

type Env = Readonly<Record<string, string | undefined>>;

function required(env: Env, name: string): string {
  const value = env[name];
  if (value === undefined || value.trim() === '') {
    throw new ConfigError(name, 'is not set: set it to a non-empty value');
  }
  return value;
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^[0-9]+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new ConfigError(name, `is invalid: set it to a whole number from ${min} to ${max} (default ${fallback})`);
  }
  return Number(raw);
}

function decimal(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^[0-9]+(\.[0-9]+)?$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new ConfigError(name, `is invalid: set it to a number of seconds from ${min} to ${max} (default ${fallback})`);
  }
  return Number(raw);
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const found = allowed.find((candidate) => candidate === raw);
  if (found === undefined) {
    throw new ConfigError(name, `is invalid: set it to one of ${allowed.join(', ')} (default ${fallback})`);
  }
  return found;
}

function readSecretFile(name: string, path: string): string {
  try {
    // A trailing newline is an artefact of how the file was written, not part of the secret.
    return readFileSync(path, 'utf8').replace(/\r?\n$/, '');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'read error';
    throw new ConfigError(name, `names a file that cannot be read (${code}): mount the Secret there or fix the path`);
  }
}

function password(env: Env): string {
  const direct = env.DB_PASSWORD;
  const file = env.DB_PASSWORD_FILE;
  if (direct !== undefined && file !== undefined && file !== '') {
    throw new ConfigError('DB_PASSWORD_FILE', 'is set together with DB_PASSWORD: set only one of them');
  }
  if (file !== undefined && file !== '') return readSecretFile('DB_PASSWORD_FILE', file);
  // An empty DB_PASSWORD is allowed on purpose: local MariaDB/MySQL accounts without a password.
  if (direct !== undefined) return direct;
  throw new ConfigError('DB_PASSWORD_FILE', 'is not set (nor DB_PASSWORD): point it at the file holding the database password');
}

/** Reads and validates the configuration. Throws {@link ConfigError} on the first bad variable. */
export function loadConfig(env: Env): AppConfig {
  const port = integer(env, 'PORT', 8080, 1, 65535);
  const metricsPort = integer(env, 'METRICS_PORT', 9090, 1, 65535);
  if (metricsPort === port) {
    throw new ConfigError('METRICS_PORT', `is the same as PORT (${port}): give /metrics its own port, e.g. 9090`);
  }
  const logLevel = oneOf(env, 'LOG_LEVEL', LOG_LEVELS, 'info');
  const drainSeconds = decimal(env, 'SHUTDOWN_DRAIN_SECONDS', 5, 0, MAX_DRAIN_SECONDS);
  const host = required(env, 'DB_HOST');
  const dbPort = integer(env, 'DB_PORT', 3306, 1, 65535);
  const database = required(env, 'DB_NAME');
  if (!/^[A-Za-z0-9_$]{1,64}$/.test(database)) {
    throw new ConfigError('DB_NAME', 'is invalid: use 1-64 letters, digits, _ or $');
  }
  const user = required(env, 'DB_USER');
  const tlsMode = oneOf(env, 'DB_TLS_MODE', TLS_MODES, 'REQUIRED');
  const caFile = env.DB_TLS_CA_FILE;
  const tlsCa = caFile !== undefined && caFile !== '' ? readSecretFile('DB_TLS_CA_FILE', caFile) : undefined;
  if (tlsCa !== undefined && tlsMode === 'DISABLED') {
    throw new ConfigError('DB_TLS_CA_FILE', 'is set while DB_TLS_MODE is DISABLED: set DB_TLS_MODE to REQUIRED or VERIFY_IDENTITY, or unset DB_TLS_CA_FILE');
  }
  const poolSize = integer(env, 'DB_POOL_SIZE', 10, 1, 200);
  const queueLimit = integer(env, 'DB_QUEUE_LIMIT', poolSize * QUEUE_PER_CONNECTION, 0, 100_000);
  const queueTimeout = decimal(env, 'DB_QUEUE_TIMEOUT_SECONDS', 1, 0.01, 10);
  const queryTimeout = decimal(env, 'DB_QUERY_TIMEOUT_SECONDS', 5, 0.05, 20);
  const requestTimeout = decimal(env, 'HTTP_REQUEST_TIMEOUT_SECONDS', 10, 0.1, 20);
  // Every request in flight when SIGTERM arrives must be able to finish inside the shutdown budget: after the
  // drain delay it may still be receiving its body, then wait for a connection, then run its statements.
  const worst = drainSeconds + requestTimeout + queueTimeout + queryTimeout;
  if (worst > SHUTDOWN_BUDGET_SECONDS - CLOSE_MARGIN_SECONDS) {
    throw new ConfigError(
      'DB_QUERY_TIMEOUT_SECONDS',
      `is too long for the shutdown budget: SHUTDOWN_DRAIN_SECONDS + HTTP_REQUEST_TIMEOUT_SECONDS + DB_QUEUE_TIMEOUT_SECONDS + DB_QUERY_TIMEOUT_SECONDS must stay under ${SHUTDOWN_BUDGET_SECONDS - CLOSE_MARGIN_SECONDS} s (virtual nodes give 30 s); lower one of them`,
    );
  }
  return {
    port,
    metricsPort,
    logLevel,
    drainSeconds,
    requestTimeoutMs: Math.round(requestTimeout * 1000),
    db: {
      host,
      port: dbPort,
      database,
      user,
      password: password(env),
      tlsMode,
      ...(tlsCa !== undefined ? { tlsCa } : {}),
      poolSize,
      queueLimit,
      queueTimeoutMs: Math.round(queueTimeout * 1000),
      queryTimeoutMs: Math.round(queryTimeout * 1000),
    },
  };
}
