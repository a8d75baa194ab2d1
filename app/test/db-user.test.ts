import { randomBytes } from 'node:crypto';
import { createConnection, createPool, type RowDataPacket } from 'mysql2/promise';
import { ConfigError } from '../src/config';
import { loadProvisionConfig, type ProvisionConfig } from '../src/db-user/config';
import { APP_PRIVILEGES, connectionOptions, provisionAppUser } from '../src/db-user/provision';
import { migrate } from '../src/db/migrate';
import { createTestDatabase, MARIADB, type TestDatabase } from './support/database';

/** MySQL error numbers a denied statement ends with. */
const ER_DBACCESS_DENIED = 1044;
const ER_ACCESS_DENIED = 1045;
const ER_SPECIFIC_ACCESS_DENIED = 1227;
const ER_TABLEACCESS_DENIED = 1142;

/** The errno a statement run as the app user fails with (or 'ok'). */
async function errnoOf(call: Promise<unknown>): Promise<number | 'ok'> {
  try {
    await call;
    return 'ok';
  } catch (err) {
    return (err as { errno: number }).errno;
  }
}

/** The DB-user Job's logic against the real MariaDB: a user with rights on one schema, created and kept that way. */
describe('app database user provisioning', () => {
  let own: TestDatabase;
  let other: TestDatabase;
  const user = `at_${randomBytes(4).toString('hex')}`;
  const first = `Aa1-${randomBytes(9).toString('base64url')}`;
  /** The password the user has now (the rotation test changes it). */
  let current = first;
  const config = (appPassword: string, schema = own.name): ProvisionConfig => ({
    host: MARIADB.host, port: MARIADB.port, schema, tlsMode: 'DISABLED', admin: { user: MARIADB.user, password: MARIADB.password },
    app: { user, password: appPassword }, appHost: '%', logLevel: 'silent',
  });
  const asApp = (password: string, database?: string) => createConnection(connectionOptions(config(password), { user, password }, database));
  const admin = () => createConnection({ ...MARIADB });

  beforeAll(async () => {
    own = await createTestDatabase('dbuser');
    other = await createTestDatabase('dbuser_other');
    await other.query('CREATE TABLE secrets (id INT PRIMARY KEY, v TEXT)');
    await other.query("INSERT INTO secrets VALUES (1, 'not for the app')");
  });
  afterAll(async () => {
    const conn = await admin();
    await conn.query(`DROP USER IF EXISTS '${user}'@'%'`);
    await conn.end();
    await own.drop();
    await other.drop();
  });

  test('first run creates the user with exactly the app privileges on its schema', async () => {
    const report = await provisionAppUser(config(first));
    expect(report).toEqual({ schemaCreated: false, userCreated: true, passwordChanged: false, granted: [...APP_PRIVILEGES], revoked: [] });
    const conn = await admin();
    const [grants] = await conn.query<RowDataPacket[]>(`SHOW GRANTS FOR '${user}'@'%'`);
    await conn.end();
    const text = grants.map((g) => Object.values(g)[0] as string);
    expect(text).toHaveLength(2);
    expect(text[0]).toMatch(new RegExp(`^GRANT USAGE ON \\*\\.\\* TO \`${user}\`@\`%\` IDENTIFIED BY PASSWORD '\\*[0-9A-F]{40}'$`));
    const schemaGrant = new RegExp(`^GRANT (.+) ON \`${own.name}\`\\.\\* TO \`${user}\`@\`%\`$`).exec(text[1]!);
    expect(schemaGrant?.[1]?.split(', ').sort()).toEqual([...APP_PRIVILEGES].sort());
  });

  test('the app runs its own migrations and CRUD as that user', async () => {
    const pool = createPool({ ...connectionOptions(config(first), { user, password: first }, own.name), connectionLimit: 2 });
    try {
      expect((await migrate(pool)).version).toBe(1);
      await pool.query("INSERT INTO items (name, created_at, updated_at) VALUES ('a', UTC_TIMESTAMP(3), UTC_TIMESTAMP(3))");
      const [rows] = await pool.query<RowDataPacket[]>('SELECT name FROM items');
      expect(rows.map((r) => r.name)).toEqual(['a']);
    } finally {
      await pool.end();
    }
  });

  test('that user cannot touch another schema, create schemas or users, or hand its rights on', async () => {
    const conn = await asApp(first, own.name);
    try {
      expect(await errnoOf(conn.query(`SELECT * FROM \`${other.name}\`.secrets`))).toBe(ER_TABLEACCESS_DENIED);
      expect(await errnoOf(conn.query(`INSERT INTO \`${other.name}\`.secrets VALUES (2, 'x')`))).toBe(ER_TABLEACCESS_DENIED);
      expect(await errnoOf(conn.query(`DROP TABLE \`${other.name}\`.secrets`))).toBe(ER_TABLEACCESS_DENIED);
      expect(await errnoOf(conn.query(`CREATE TABLE \`${other.name}\`.mine (id INT)`))).toBe(ER_TABLEACCESS_DENIED);
      expect(await errnoOf(conn.query(`USE \`${other.name}\``))).toBe(ER_DBACCESS_DENIED);
      expect(await errnoOf(conn.query('CREATE DATABASE apptest_should_not_exist'))).toBe(ER_DBACCESS_DENIED);
      expect(await errnoOf(conn.query("CREATE USER 'apptest_nobody'@'%'"))).toBe(ER_SPECIFIC_ACCESS_DENIED);
      expect(await errnoOf(conn.query(`GRANT SELECT ON \`${own.name}\`.* TO '${user}'@'%'`))).toBe(ER_DBACCESS_DENIED);
    } finally {
      await conn.end();
    }
    expect(await errnoOf(asApp(first, other.name))).toBe(ER_DBACCESS_DENIED);
    expect((await other.query<RowDataPacket[]>('SELECT COUNT(*) AS n FROM secrets'))[0]!.n).toBe(1);
  });

  test('a re-run with the same password changes nothing', async () => {
    expect(await provisionAppUser(config(first))).toEqual({ schemaCreated: false, userCreated: false, passwordChanged: false, granted: [...APP_PRIVILEGES], revoked: [] });
  });

  test('a rotated password is set on the user: the old one stops working, the new one works', async () => {
    const second = `Bb2-${randomBytes(9).toString('base64url')}`;
    expect((await provisionAppUser(config(second))).passwordChanged).toBe(true);
    current = second;
    expect(await errnoOf(asApp(first))).toBe(ER_ACCESS_DENIED);
    const conn = await asApp(second, own.name);
    await conn.end();
    expect((await provisionAppUser(config(second))).passwordChanged).toBe(false);
  });

  test('rights granted beyond the schema by hand are taken back, and named', async () => {
    const conn = await admin();
    await conn.query(`GRANT SELECT ON \`${other.name}\`.* TO '${user}'@'%'`);
    await conn.query(`GRANT INSERT ON \`${other.name}\`.secrets TO '${user}'@'%'`);
    await conn.query(`GRANT PROCESS ON *.* TO '${user}'@'%'`);
    await conn.query(`GRANT EXECUTE ON \`${own.name}\`.* TO '${user}'@'%' WITH GRANT OPTION`);
    await conn.end();
    const report = await provisionAppUser(config(current));
    expect([...report.revoked].sort()).toEqual([
      `EXECUTE ON ${own.name}.*`, `GRANT OPTION ON ${own.name}.*`, `INSERT ON ${other.name}.secrets`, 'PROCESS ON *.*', `SELECT ON ${other.name}.*`,
    ].sort());
    expect((await provisionAppUser(config(current))).revoked).toEqual([]);
  });

  test('a missing schema is created', async () => {
    const fresh = `apptest_dbuser_new_${process.pid}_${randomBytes(3).toString('hex')}`;
    const conn = await admin();
    try {
      const report = await provisionAppUser(config(current, fresh));
      expect(report.schemaCreated).toBe(true);
      const [rows] = await conn.query<RowDataPacket[]>('SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?', [fresh]);
      expect(rows).toHaveLength(1);
    } finally {
      await conn.query(`REVOKE ALL PRIVILEGES ON \`${fresh}\`.* FROM '${user}'@'%'`).catch(() => undefined);
      await conn.query(`DROP DATABASE IF EXISTS \`${fresh}\``);
      await conn.end();
    }
  });
});

describe('DB-user Job configuration', () => {
  const base = { DB_HOST: 'db', DB_NAME: 'app', DB_ADMIN_USER: 'admin', DB_ADMIN_PASSWORD: 'Adm1n!pw', DB_APP_USER: 'app', DB_APP_PASSWORD: 'App1!pw' };
  const problem = (env: Record<string, string>) => {
    try {
      loadProvisionConfig(env);
    } catch (err) {
      if (err instanceof ConfigError) return err.message;
      throw err;
    }
    return 'accepted';
  };

  test('defaults: port 3306, TLS REQUIRED, account host %', () => {
    expect(loadProvisionConfig(base)).toMatchObject({ port: 3306, tlsMode: 'REQUIRED', appHost: '%', schema: 'app', admin: { user: 'admin' }, app: { user: 'app' } });
  });

  test('bad input names the variable and the fix, never the value', () => {
    expect(problem({ ...base, DB_APP_USER: 'admin' })).toBe('DB_APP_USER is the admin user (DB_ADMIN_USER): the app needs a user of its own');
    expect(problem({ ...base, DB_APP_USER: "app'@'%' IDENTIFIED BY 'x" })).toMatch(/^DB_APP_USER is invalid: use a MySQL user name/);
    expect(problem({ ...base, DB_NAME: 'app`; DROP' })).toMatch(/^DB_NAME is invalid/);
    expect(problem({ ...base, DB_APP_PASSWORD: '' })).toBe('DB_APP_PASSWORD_FILE names an empty password: the app user must have one');
    expect(problem({ ...base, DB_APP_PASSWORD_FILE: '/nonexistent/password' })).toBe('DB_APP_PASSWORD_FILE is set together with DB_APP_PASSWORD: set only one of them');
    const { DB_ADMIN_PASSWORD: _unused, ...noAdminPassword } = base;
    void _unused;
    expect(problem(noAdminPassword)).toBe('DB_ADMIN_PASSWORD_FILE is not set (nor DB_ADMIN_PASSWORD): point it at the file holding the password');
    expect(problem({ ...base, DB_TLS_MODE: 'ON' })).toBe('DB_TLS_MODE is invalid: set it to one of DISABLED, REQUIRED, VERIFY_IDENTITY (default REQUIRED)');
    for (const message of [problem({ ...base, DB_APP_USER: 'admin' }), problem({ ...base, DB_TLS_MODE: 'ON' })]) {
      expect(message).not.toContain('Adm1n!pw');
      expect(message).not.toContain('App1!pw');
    }
  });
});
