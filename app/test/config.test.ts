import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, ENV_VARS, loadConfig } from '../src/config';

const base = { DB_HOST: 'db.internal', DB_NAME: 'items', DB_USER: 'app', DB_PASSWORD: 's3cret-value' };
const dir = mkdtempSync(join(tmpdir(), 'app-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function errorOf(env: Record<string, string | undefined>): ConfigError {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const config = loadConfig(base);
    expect(config).toEqual({
      port: 8080,
      metricsPort: 9090,
      logLevel: 'info',
      drainSeconds: 5,
      requestTimeoutMs: 10_000,
      db: {
        host: 'db.internal', port: 3306, database: 'items', user: 'app', password: 's3cret-value', tlsMode: 'REQUIRED', poolSize: 10,
        queueLimit: 200, queueTimeoutMs: 1000, queryTimeoutMs: 5000,
      },
    });
  });

  it('reads every variable the Deployment sets', () => {
    const passwordFile = join(dir, 'password');
    writeFileSync(passwordFile, 'from-file\n');
    const caFile = join(dir, 'ca.pem');
    writeFileSync(caFile, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
    const { DB_PASSWORD: _unused, ...withoutPassword } = base;
    const config = loadConfig({
      ...withoutPassword,
      PORT: '9000',
      METRICS_PORT: '9100',
      DB_PORT: '3307',
      DB_PASSWORD_FILE: passwordFile,
      DB_TLS_MODE: 'VERIFY_IDENTITY',
      DB_TLS_CA_FILE: caFile,
      DB_POOL_SIZE: '25',
      SHUTDOWN_DRAIN_SECONDS: '0.5',
      LOG_LEVEL: 'warn',
      DB_QUEUE_LIMIT: '7',
      DB_QUEUE_TIMEOUT_SECONDS: '0.25',
      DB_QUERY_TIMEOUT_SECONDS: '2.5',
      HTTP_REQUEST_TIMEOUT_SECONDS: '4',
    });
    expect(config.db).toMatchObject({ queueLimit: 7, queueTimeoutMs: 250, queryTimeoutMs: 2500 });
    expect(config.requestTimeoutMs).toBe(4000);
    expect(config.port).toBe(9000);
    expect(config.metricsPort).toBe(9100);
    expect(config.db).toMatchObject({ port: 3307, password: 'from-file', tlsMode: 'VERIFY_IDENTITY', poolSize: 25 });
    expect(config.db.tlsCa).toContain('BEGIN CERTIFICATE');
    expect(config.drainSeconds).toBe(0.5);
    expect(config.logLevel).toBe('warn');
  });

  it('reads exactly the variables listed in ENV_VARS', () => {
    const read = new Set<string>();
    const env = new Proxy({ ...base, DB_PASSWORD: undefined, DB_PASSWORD_FILE: join(dir, 'pw') } as Record<string, string | undefined>, {
      get(target, key: string) {
        read.add(key);
        return target[key];
      },
    });
    writeFileSync(join(dir, 'pw'), 'x');
    loadConfig(env);
    expect([...read].sort()).toEqual([...ENV_VARS].sort());
  });

  it('accepts an empty DB_PASSWORD (local accounts without password)', () => {
    expect(loadConfig({ ...base, DB_PASSWORD: '' }).db.password).toBe('');
  });

  it.each([
    ['DB_HOST', { ...base, DB_HOST: undefined }, 'is not set'],
    ['DB_NAME', { ...base, DB_NAME: '' }, 'is not set'],
    ['DB_USER', { ...base, DB_USER: '  ' }, 'is not set'],
    ['DB_PASSWORD_FILE', { ...base, DB_PASSWORD: undefined }, 'is not set (nor DB_PASSWORD)'],
    ['DB_PASSWORD_FILE', { ...base, DB_PASSWORD_FILE: '/nonexistent/s3cret-value' }, 'set only one'],
    ['DB_PASSWORD_FILE', { ...base, DB_PASSWORD: undefined, DB_PASSWORD_FILE: '/nonexistent/s3cret-value' }, 'cannot be read (ENOENT)'],
    ['PORT', { ...base, PORT: 'eighty' }, 'whole number from 1 to 65535'],
    ['PORT', { ...base, PORT: '70000' }, 'whole number from 1 to 65535'],
    ['METRICS_PORT', { ...base, METRICS_PORT: 'ninety' }, 'whole number from 1 to 65535'],
    ['METRICS_PORT', { ...base, PORT: '8080', METRICS_PORT: '8080' }, 'is the same as PORT (8080): give /metrics its own port'],
    ['DB_PORT', { ...base, DB_PORT: '-1' }, 'whole number'],
    ['DB_POOL_SIZE', { ...base, DB_POOL_SIZE: '0' }, 'from 1 to 200'],
    ['DB_POOL_SIZE', { ...base, DB_POOL_SIZE: '1.5' }, 'whole number'],
    ['DB_TLS_MODE', { ...base, DB_TLS_MODE: 'PREFERRED' }, 'one of DISABLED, REQUIRED, VERIFY_IDENTITY'],
    ['DB_TLS_CA_FILE', { ...base, DB_TLS_MODE: 'REQUIRED', DB_TLS_CA_FILE: '/nonexistent/ca.pem' }, 'cannot be read'],
    ['DB_NAME', { ...base, DB_NAME: 'items; DROP' }, 'letters, digits'],
    ['SHUTDOWN_DRAIN_SECONDS', { ...base, SHUTDOWN_DRAIN_SECONDS: '21' }, 'from 0 to 20'],
    ['LOG_LEVEL', { ...base, LOG_LEVEL: 'loud' }, 'one of'],
    ['DB_QUEUE_LIMIT', { ...base, DB_QUEUE_LIMIT: 'many' }, 'whole number from 0 to 100000'],
    ['DB_QUEUE_TIMEOUT_SECONDS', { ...base, DB_QUEUE_TIMEOUT_SECONDS: '0' }, 'from 0.01 to 10'],
    ['DB_QUERY_TIMEOUT_SECONDS', { ...base, DB_QUERY_TIMEOUT_SECONDS: '30' }, 'from 0.05 to 20'],
    ['HTTP_REQUEST_TIMEOUT_SECONDS', { ...base, HTTP_REQUEST_TIMEOUT_SECONDS: 'soon' }, 'from 0.1 to 20'],
    // Each is within its range, but together a request in flight at SIGTERM could outlive the 30 s grace period.
    ['DB_QUERY_TIMEOUT_SECONDS', { ...base, SHUTDOWN_DRAIN_SECONDS: '10', HTTP_REQUEST_TIMEOUT_SECONDS: '10', DB_QUERY_TIMEOUT_SECONDS: '5' }, 'must stay under 24 s'],
  ])('names %s when it is missing or invalid, without its value', (variable, env, problem) => {
    const err = errorOf(env);
    expect(err.variable).toBe(variable);
    expect(err.message.startsWith(`${variable} `)).toBe(true);
    expect(err.message).toContain(problem);
    expect(err.message).not.toContain('s3cret-value');
    expect(err.message).not.toContain('eighty');
    expect(err.message.split('\n')).toHaveLength(1);
  });

  it('refuses a CA file when TLS is disabled', () => {
    const caFile = join(dir, 'ca2.pem');
    writeFileSync(caFile, 'pem');
    expect(errorOf({ ...base, DB_TLS_MODE: 'DISABLED', DB_TLS_CA_FILE: caFile }).variable).toBe('DB_TLS_CA_FILE');
  });
});
