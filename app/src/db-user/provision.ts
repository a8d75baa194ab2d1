import { createConnection, type Connection, type ConnectionOptions, type ResultSetHeader, type RowDataPacket } from 'mysql2/promise';
import { tlsOptions } from '../db/pool';
import type { Account, ProvisionConfig } from './config';

/**
 * What the app user may do, on its schema only: read and write rows, and run its own forward-only migrations
 * (src/db/migrate.ts creates tables and may alter, index or drop them). No global privilege, no GRANT OPTION.
 */
export const APP_PRIVILEGES = ['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'CREATE', 'ALTER', 'INDEX', 'DROP', 'REFERENCES'] as const;

/** MySQL/MariaDB: access denied for a user/password pair. */
const ER_ACCESS_DENIED_ERROR = 1045;
/** Seconds a second Job waits for a first one working on the same user. */
const LOCK_WAIT_SECONDS = 60;

/** What a run changed; all false/empty on a re-run with nothing to do. */
export interface ProvisionReport {
  readonly schemaCreated: boolean;
  readonly userCreated: boolean;
  readonly passwordChanged: boolean;
  /** Privileges given on the schema (GRANT is idempotent: always the full list). */
  readonly granted: readonly string[];
  /** Privileges taken away because they reach beyond the schema or the list above, e.g. `SELECT ON other.*`. */
  readonly revoked: readonly string[];
}

/** Connection options for one account, with the TLS mode of the config. */
export function connectionOptions(config: Pick<ProvisionConfig, 'host' | 'port' | 'tlsMode' | 'tlsCa'>, account: Account, database?: string): ConnectionOptions {
  const ssl = tlsOptions(config);
  return {
    host: config.host, port: config.port, user: account.user, password: account.password,
    ...(database !== undefined ? { database } : {}),
    connectTimeout: 10_000, multipleStatements: false, ...(ssl !== undefined ? { ssl } : {}),
  };
}

/** Whether the account can log in with this password (false only for "access denied"; other errors propagate). */
async function canLogIn(config: ProvisionConfig, account: Account): Promise<boolean> {
  try {
    const conn = await createConnection(connectionOptions(config, account));
    await conn.end();
    return true;
  } catch (err) {
    if ((err as { errno?: number }).errno === ER_ACCESS_DENIED_ERROR) return false;
    throw err;
  }
}

interface PrivilegeRow extends RowDataPacket {
  TABLE_SCHEMA?: string;
  TABLE_NAME?: string;
  PRIVILEGE_TYPE: string;
  IS_GRANTABLE: string;
}

/**
 * The REVOKE statements that bring the account back to {@link APP_PRIVILEGES} on `schema`: global privileges,
 * privileges on other schemas or tables of other schemas, extra privileges and GRANT OPTION on the schema.
 */
async function excessGrants(admin: Connection, grantee: string, schema: string): Promise<Array<{ label: string; sql: string; values: unknown[] }>> {
  const wanted = new Set<string>(APP_PRIVILEGES);
  const out: Array<{ label: string; sql: string; values: unknown[] }> = [];
  const [global] = await admin.query<PrivilegeRow[]>('SELECT PRIVILEGE_TYPE, IS_GRANTABLE FROM information_schema.USER_PRIVILEGES WHERE GRANTEE = ?', [grantee]);
  for (const row of global) {
    if (row.PRIVILEGE_TYPE !== 'USAGE') out.push({ label: `${row.PRIVILEGE_TYPE} ON *.*`, sql: `REVOKE ${row.PRIVILEGE_TYPE} ON *.* FROM ${grantee}`, values: [] });
    if (row.IS_GRANTABLE === 'YES') out.push({ label: 'GRANT OPTION ON *.*', sql: `REVOKE GRANT OPTION ON *.* FROM ${grantee}`, values: [] });
  }
  const [schemas] = await admin.query<PrivilegeRow[]>('SELECT TABLE_SCHEMA, PRIVILEGE_TYPE, IS_GRANTABLE FROM information_schema.SCHEMA_PRIVILEGES WHERE GRANTEE = ?', [grantee]);
  for (const row of schemas) {
    const ours = row.TABLE_SCHEMA === schema;
    if (!ours || !wanted.has(row.PRIVILEGE_TYPE)) {
      out.push({ label: `${row.PRIVILEGE_TYPE} ON ${row.TABLE_SCHEMA}.*`, sql: `REVOKE ${row.PRIVILEGE_TYPE} ON ??.* FROM ${grantee}`, values: [row.TABLE_SCHEMA] });
    }
    if (row.IS_GRANTABLE === 'YES') {
      out.push({ label: `GRANT OPTION ON ${row.TABLE_SCHEMA}.*`, sql: `REVOKE GRANT OPTION ON ??.* FROM ${grantee}`, values: [row.TABLE_SCHEMA] });
    }
  }
  const [tables] = await admin.query<PrivilegeRow[]>('SELECT TABLE_SCHEMA, TABLE_NAME, PRIVILEGE_TYPE FROM information_schema.TABLE_PRIVILEGES WHERE GRANTEE = ? AND TABLE_SCHEMA <> ?', [grantee, schema]);
  for (const row of tables) {
    out.push({ label: `${row.PRIVILEGE_TYPE} ON ${row.TABLE_SCHEMA}.${row.TABLE_NAME}`, sql: `REVOKE ${row.PRIVILEGE_TYPE} ON ??.?? FROM ${grantee}`, values: [row.TABLE_SCHEMA, row.TABLE_NAME] });
  }
  // One REVOKE per privilege and object, even if information_schema lists it twice.
  return [...new Map(out.map((r) => [r.label, r])).values()];
}

/**
 * Creates or repairs the app's MySQL user so that it exists, logs in with the configured password and holds exactly
 * {@link APP_PRIVILEGES} on the schema (which is created if missing). Safe to run again: a second run changes nothing;
 * a new password in the Secret (rotation) is set with ALTER USER. Two concurrent runs serialize on a named lock.
 */
export async function provisionAppUser(config: ProvisionConfig): Promise<ProvisionReport> {
  const { schema, app, appHost } = config;
  const admin = await createConnection(connectionOptions(config, config.admin));
  // Names are validated (config.ts), so the account literal is safe to inline; values still go through placeholders.
  const grantee = `'${app.user}'@'${appHost}'`;
  try {
    const [locked] = await admin.query<RowDataPacket[]>('SELECT GET_LOCK(?, ?) AS got', [`db-user:${app.user}`, LOCK_WAIT_SECONDS]);
    if (Number(locked[0]?.got) !== 1) throw new Error(`another run held the lock on user ${app.user} for more than ${LOCK_WAIT_SECONDS} s`);

    const [schemaRows] = await admin.query<RowDataPacket[]>('SELECT 1 FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?', [schema]);
    const schemaCreated = schemaRows.length === 0;
    if (schemaCreated) await admin.query('CREATE DATABASE IF NOT EXISTS ?? CHARACTER SET utf8mb4', [schema]);

    // An existing user only raises a note, and keeps its password: that is checked next.
    const [created] = await admin.query<ResultSetHeader>(`CREATE USER IF NOT EXISTS ${grantee} IDENTIFIED BY ?`, [app.password]);
    const userCreated = created.warningStatus === 0;
    let passwordChanged = false;
    if (!userCreated && !(await canLogIn(config, app))) {
      await admin.query(`ALTER USER ${grantee} IDENTIFIED BY ?`, [app.password]);
      passwordChanged = true;
    }

    await admin.query(`GRANT ${APP_PRIVILEGES.join(', ')} ON ??.* TO ${grantee}`, [schema]);
    const excess = await excessGrants(admin, grantee, schema);
    for (const revoke of excess) await admin.query(revoke.sql, revoke.values);
    return { schemaCreated, userCreated, passwordChanged, granted: [...APP_PRIVILEGES], revoked: excess.map((r) => r.label) };
  } finally {
    await admin.query('SELECT RELEASE_LOCK(?)', [`db-user:${app.user}`]).catch(() => undefined);
    await admin.end();
  }
}
