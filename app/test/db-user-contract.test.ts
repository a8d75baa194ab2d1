import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import { loadAll } from 'js-yaml';
import { createConnection } from 'mysql2/promise';
import { PROVISION_ENV_VARS } from '../src/db-user/config';
import { createTestDatabase, MARIADB, type TestDatabase } from './support/database';
import { APP_DIR, REPO_ROOT, buildApp } from './support/process';

/**
 * The contract between the DB-user Job in the committed dist/example and the app image's second entry point: the Job
 * sets only variables the program reads, mounts the password files where it looks, runs the file the image contains,
 * and that program, run with the Job's environment (DB address and password files swapped for local ones), works.
 */
interface Job {
  kind: string;
  metadata: { name: string; namespace: string };
  spec: { template: { spec: {
    containers: Array<{ command: string[]; env: Array<{ name: string; value: string }>; volumeMounts: Array<{ name: string; mountPath: string }> }>;
    volumes: Array<{ name: string; secret?: { secretName: string; items: Array<{ key: string; path: string }> } }>;
  } } };
}

const job = (loadAll(readFileSync(join(REPO_ROOT, 'dist', 'example', '25-db-user.k8s.yaml'), 'utf8')) as Job[]).find((d) => d?.kind === 'Job') as Job;
const pod = job.spec.template.spec;
const container = pod.containers[0]!;
const jobEnv = Object.fromEntries(container.env.map((e) => [e.name, e.value]));

/** The Secret key behind a mounted password file. */
function secretKeyOf(file: string): string | undefined {
  const mount = container.volumeMounts.find((m) => posix.dirname(file) === m.mountPath);
  const volume = pod.volumes.find((v) => v.name === mount?.name);
  return volume?.secret?.items.find((i) => i.path === posix.basename(file))?.key;
}

describe('DB-user Job of the example environment', () => {
  let db: TestDatabase;
  const user = `jc_${randomBytes(4).toString('hex')}`;
  beforeAll(async () => {
    buildApp();
    db = await createTestDatabase('dbuser_contract');
  });
  afterAll(async () => {
    const conn = await createConnection({ ...MARIADB });
    await conn.query(`DROP USER IF EXISTS '${user}'@'%'`);
    await conn.end();
    await db.drop();
  });

  test('sets only variables the program reads, with passwords as files from the mounted Secret', () => {
    for (const name of Object.keys(jobEnv)) expect(PROVISION_ENV_VARS).toContain(name);
    expect(Object.keys(jobEnv).filter((n) => n.endsWith('_PASSWORD'))).toEqual([]);
    expect(secretKeyOf(jobEnv.DB_ADMIN_PASSWORD_FILE!)).toBe('admin-password');
    expect(secretKeyOf(jobEnv.DB_APP_PASSWORD_FILE!)).toBe('app-password');
  });

  test('runs a file the image contains (WORKDIR /srv, app/build copied from the build stage)', () => {
    expect(container.command[0]).toBe('node');
    expect(readFileSync(join(APP_DIR, 'Dockerfile'), 'utf8')).toMatch(/^WORKDIR \/srv$/m);
    expect(existsSync(join(REPO_ROOT, container.command[1]!))).toBe(true);
  });

  test('with the Job\'s environment the program creates the user, logs no password, and a re-run changes nothing', () => {
    // The passwords as the Job's mounted Secrets hold them: removed however the test ends.
    const dir = mkdtempSync(join(tmpdir(), 'db-user-'));
    try {
      const appPassword = `Aa1-${randomBytes(9).toString('base64url')}`;
      writeFileSync(join(dir, 'admin-password'), `${MARIADB.password}\n`);
      writeFileSync(join(dir, 'app-password'), `${appPassword}\n`);
      const env = {
        ...jobEnv, DB_HOST: MARIADB.host, DB_PORT: String(MARIADB.port), DB_NAME: db.name, DB_TLS_MODE: 'DISABLED', DB_ADMIN_USER: MARIADB.user, DB_APP_USER: user,
        DB_ADMIN_PASSWORD_FILE: join(dir, 'admin-password'), DB_APP_PASSWORD_FILE: join(dir, 'app-password'),
      };
      const run = (extra: Record<string, string> = {}) => spawnSync(process.execPath, [container.command[1]!], { cwd: REPO_ROOT, env: { PATH: process.env.PATH ?? '', ...env, ...extra }, encoding: 'utf8', timeout: 30_000 });
      const first = run();
      expect(first.status).toBe(0);
      const line = JSON.parse(first.stdout.trim().split('\n').at(-1)!) as Record<string, unknown>;
      expect(line).toMatchObject({ msg: 'app database user ready', user, schema: db.name, userCreated: true, passwordChanged: false, revoked: [] });
      expect(first.stdout + first.stderr).not.toContain(appPassword);
      const again = JSON.parse(run().stdout.trim().split('\n').at(-1)!) as Record<string, unknown>;
      expect(again).toMatchObject({ userCreated: false, passwordChanged: false, schemaCreated: false, revoked: [] });

      const bad = run({ DB_APP_USER: MARIADB.user });
      expect(bad.status).toBe(78);
      expect(bad.stdout).toContain('DB_APP_USER is the admin user (DB_ADMIN_USER)');
      const down = run({ DB_PORT: '1' });
      expect(down.status).toBe(1);
      expect(down.stdout).toContain('app database user not provisioned');
      expect(down.stdout).not.toContain(appPassword);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
