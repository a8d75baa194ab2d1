import { createTestDatabase, appEnv, type TestDatabase } from './support/database';
import { BUILT_ENTRY, buildApp, freePorts, spawnWithEnv, waitForStatus } from './support/process';

/** `npm run app` from the repository root, as a developer (and the README) runs it. */
let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase('start');
});
afterAll(async () => {
  await db?.drop();
});

describe('npm run app', () => {
  it('serves on PORT and exits 0 on SIGTERM', async () => {
    const { port, env: ports } = await freePorts();
    const app = spawnWithEnv('npm', ['run', 'app'], { ...appEnv(db.name), ...ports, SHUTDOWN_DRAIN_SECONDS: '0' }, port);
    try {
      await waitForStatus(`${app.url}/readyz`, 200, 60_000);
      const logLine = app.output().split('\n').find((line) => line.includes('"configuration loaded"'));
      expect(logLine).toBeDefined();
      expect(JSON.parse(logLine ?? '{}')).toMatchObject({ db: { host: '127.0.0.1', database: db.name, tlsMode: 'DISABLED' } });
      app.signalGroup('SIGTERM');
      const exit = await app.exited;
      // npm re-raises the signal on itself once its child is gone; the server's own exit is logged.
      expect(exit.code === 0 || exit.signal === 'SIGTERM').toBe(true);
      expect(app.output()).toContain('shutdown complete');
    } finally {
      await app.stop();
    }
  }, 90_000);

  it.each([
    ['DB_HOST', { DB_HOST: '' }, 'npm'],
    ['DB_PASSWORD_FILE', { DB_PASSWORD: 'p4ss-word-xyz', DB_PASSWORD_FILE: '/run/secret/p4ss-word-xyz' }, 'node'],
    ['PORT', { PORT: 'p4ss-word-xyz' }, 'node'],
    ['METRICS_PORT', { METRICS_PORT: 'p4ss-word-xyz' }, 'node'],
    ['DB_TLS_MODE', { DB_TLS_MODE: 'p4ss-word-xyz' }, 'node'],
    ['DB_POOL_SIZE', { DB_POOL_SIZE: '0' }, 'node'],
  ] as const)('stops with one line naming %s (never its value) and a non-zero exit', async (variable, overrides, via) => {
    const { port, env: ports } = await freePorts();
    if (via === 'node') buildApp();
    const [command, args] = via === 'npm' ? ['npm', ['run', '-s', 'app']] : [process.execPath, [BUILT_ENTRY]];
    const app = spawnWithEnv(command, args, { ...appEnv(db.name), ...ports, ...overrides }, port);
    const exit = await app.exited;
    expect(exit.code).toBe(78);
    const lines = app.output().split('\n').filter((line) => line.trim() !== '' && !line.startsWith('npm '));
    expect(lines).toHaveLength(1);
    const record = JSON.parse(lines[0] ?? '{}') as { msg: string; variable: string };
    expect(record.variable).toBe(variable);
    expect(record.msg).toMatch(new RegExp(`^invalid configuration: ${variable} `));
    expect(app.output()).not.toContain('p4ss-word-xyz');
  }, 60_000);
});
