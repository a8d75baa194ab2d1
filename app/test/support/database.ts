import { randomBytes } from 'node:crypto';
import { createConnection, type RowDataPacket } from 'mysql2/promise';

/** The shared MariaDB of this machine and CI: root without password on loopback. */
export const MARIADB = { host: '127.0.0.1', port: 3306, user: 'root', password: '' } as const;

export interface TestDatabase {
  readonly name: string;
  /** Runs one statement in this database (tests inspect state directly, bypassing the API). */
  query<T extends RowDataPacket[]>(sql: string, values?: unknown[]): Promise<T>;
  drop(): Promise<void>;
}

/** Creates a database with a unique name for one test file; only this database is ever touched or dropped. */
export async function createTestDatabase(purpose: string): Promise<TestDatabase> {
  const name = `apptest_${purpose}_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = await createConnection({ ...MARIADB });
  await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4`);
  await admin.end();
  const conn = await createConnection({ ...MARIADB, database: name, timezone: 'Z' });
  return {
    name,
    async query<T extends RowDataPacket[]>(sql: string, values: unknown[] = []): Promise<T> {
      const [rows] = await conn.query<T>(sql, values);
      return rows;
    },
    async drop() {
      await conn.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await conn.end();
    },
  };
}

/** Environment for the app pointing at a test database (directly or through a proxy port). */
export function appEnv(database: string, overrides: Record<string, string> = {}): Record<string, string> {
  return {
    DB_HOST: MARIADB.host,
    DB_PORT: String(MARIADB.port),
    DB_NAME: database,
    DB_USER: MARIADB.user,
    DB_PASSWORD: MARIADB.password,
    DB_TLS_MODE: 'DISABLED',
    LOG_LEVEL: 'info',
    ...overrides,
  };
}
