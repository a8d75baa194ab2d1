import { readFileSync } from 'node:fs';
import { ConfigError, TLS_MODES, type LogLevel, type TlsMode } from '../config';

/** A MySQL account: user name and password. The password is never logged. */
export interface Account {
  readonly user: string;
  readonly password: string;
}

/**
 * What the DB-user Job needs: where MySQL is, the admin account it acts with, and the app account it creates with
 * rights on one schema. Read from `DB_*` variables; the Job mounts both passwords as files from ESO-made Secrets.
 */
export interface ProvisionConfig {
  /** `DB_HOST` (required). */
  readonly host: string;
  /** `DB_PORT`, default 3306. */
  readonly port: number;
  /** `DB_NAME` (required): the schema the app user may use, created if missing. */
  readonly schema: string;
  /** `DB_TLS_MODE`, default REQUIRED. */
  readonly tlsMode: TlsMode;
  /** PEM text of the file named by `DB_TLS_CA_FILE`. */
  readonly tlsCa?: string;
  /** `DB_ADMIN_USER` + `DB_ADMIN_PASSWORD_FILE` (or `DB_ADMIN_PASSWORD`). */
  readonly admin: Account;
  /** `DB_APP_USER` + `DB_APP_PASSWORD_FILE` (or `DB_APP_PASSWORD`); the password must not be empty. */
  readonly app: Account;
  /** `DB_APP_USER_HOST`, default `%`: the host part of the app account (pods have changing VCN IPs). */
  readonly appHost: string;
  /** `LOG_LEVEL`, default info. */
  readonly logLevel: LogLevel;
}

/** Every environment variable the DB-user entry point reads. */
export const PROVISION_ENV_VARS = [
  'DB_HOST', 'DB_PORT', 'DB_NAME', 'DB_TLS_MODE', 'DB_TLS_CA_FILE',
  'DB_ADMIN_USER', 'DB_ADMIN_PASSWORD', 'DB_ADMIN_PASSWORD_FILE',
  'DB_APP_USER', 'DB_APP_PASSWORD', 'DB_APP_PASSWORD_FILE', 'DB_APP_USER_HOST', 'LOG_LEVEL',
] as const;

type Env = Readonly<Record<string, string | undefined>>;

/** MySQL user names as the environment schema allows them (also what keeps them safe inside SQL text). */
const USER_NAME = /^[A-Za-z][A-Za-z0-9_]{0,31}$/;
const SCHEMA_NAME = /^[A-Za-z0-9_$]{1,64}$/;
const ACCOUNT_HOST = /^(%|[A-Za-z0-9.%_-]{1,255})$/;
const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

function required(env: Env, name: string): string {
  const value = env[name];
  if (value === undefined || value.trim() === '') throw new ConfigError(name, 'is not set: set it to a non-empty value');
  return value;
}

function matching(env: Env, name: string, pattern: RegExp, what: string): string {
  const value = required(env, name);
  if (!pattern.test(value)) throw new ConfigError(name, `is invalid: use ${what}`);
  return value;
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const found = allowed.find((candidate) => candidate === raw);
  if (found === undefined) throw new ConfigError(name, `is invalid: set it to one of ${allowed.join(', ')} (default ${fallback})`);
  return found;
}

function readFile(name: string, path: string): string {
  try {
    // A trailing newline is an artefact of how the file was written, not part of the secret.
    return readFileSync(path, 'utf8').replace(/\r?\n$/, '');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'read error';
    throw new ConfigError(name, `names a file that cannot be read (${code}): mount the Secret there or fix the path`);
  }
}

/** `<PREFIX>_PASSWORD_FILE` or `<PREFIX>_PASSWORD`, exactly one. */
function password(env: Env, prefix: string): string {
  const fileVar = `${prefix}_PASSWORD_FILE`;
  const direct = env[`${prefix}_PASSWORD`];
  const file = env[fileVar];
  if (direct !== undefined && file !== undefined && file !== '') throw new ConfigError(fileVar, `is set together with ${prefix}_PASSWORD: set only one of them`);
  if (file !== undefined && file !== '') return readFile(fileVar, file);
  if (direct !== undefined) return direct;
  throw new ConfigError(fileVar, `is not set (nor ${prefix}_PASSWORD): point it at the file holding the password`);
}

function port(env: Env): number {
  const raw = env.DB_PORT;
  if (raw === undefined || raw === '') return 3306;
  if (!/^[0-9]+$/.test(raw) || Number(raw) < 1 || Number(raw) > 65535) throw new ConfigError('DB_PORT', 'is invalid: set it to a whole number from 1 to 65535 (default 3306)');
  return Number(raw);
}

/** Reads and validates the DB-user Job's configuration. Throws {@link ConfigError} naming the variable, never a value. */
export function loadProvisionConfig(env: Env): ProvisionConfig {
  const host = required(env, 'DB_HOST');
  const schema = matching(env, 'DB_NAME', SCHEMA_NAME, '1-64 letters, digits, _ or $');
  const tlsMode = oneOf(env, 'DB_TLS_MODE', TLS_MODES, 'REQUIRED');
  const caFile = env.DB_TLS_CA_FILE;
  const tlsCa = caFile !== undefined && caFile !== '' ? readFile('DB_TLS_CA_FILE', caFile) : undefined;
  const adminUser = matching(env, 'DB_ADMIN_USER', USER_NAME, 'a MySQL user name: a letter, then letters, digits or _, at most 32 characters');
  const appUser = matching(env, 'DB_APP_USER', USER_NAME, 'a MySQL user name: a letter, then letters, digits or _, at most 32 characters');
  if (appUser.toLowerCase() === adminUser.toLowerCase()) throw new ConfigError('DB_APP_USER', 'is the admin user (DB_ADMIN_USER): the app needs a user of its own');
  const appPassword = password(env, 'DB_APP');
  if (appPassword === '') throw new ConfigError('DB_APP_PASSWORD_FILE', 'names an empty password: the app user must have one');
  const appHost = env.DB_APP_USER_HOST === undefined || env.DB_APP_USER_HOST === '' ? '%' : matching(env, 'DB_APP_USER_HOST', ACCOUNT_HOST, 'a MySQL account host such as % or 10.0.%');
  return {
    host, port: port(env), schema, tlsMode, ...(tlsCa !== undefined ? { tlsCa } : {}),
    // An empty admin password is allowed on purpose: local MariaDB/MySQL root accounts without one.
    admin: { user: adminUser, password: password(env, 'DB_ADMIN') },
    app: { user: appUser, password: appPassword },
    appHost,
    logLevel: oneOf(env, 'LOG_LEVEL', LOG_LEVELS, 'info'),
  };
}
