import type { Pool, PoolConnection, RowDataPacket } from 'mysql2/promise';

/** One forward-only schema step. Never edit a released step: append a new one. */
export interface Migration {
  /** Increasing, gap-free version number. */
  readonly version: number;
  /** Short description, stored in schema_migrations. */
  readonly name: string;
  /** DDL statements, run in order (one statement each: multipleStatements stays off). */
  readonly statements: readonly string[];
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'create items',
    statements: [
      `CREATE TABLE IF NOT EXISTS items (
        id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
        name VARCHAR(200) NOT NULL,
        description TEXT NULL,
        version INT UNSIGNED NOT NULL DEFAULT 1,
        created_at DATETIME(3) NOT NULL,
        updated_at DATETIME(3) NOT NULL,
        PRIMARY KEY (id)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`,
    ],
  },
];

/** Seconds a replica waits for another replica's migration before giving up (and retrying later). */
export const MIGRATION_LOCK_WAIT_SECONDS = 60;

export class MigrationLockTimeout extends Error {
  constructor() {
    super(`another replica held the migration lock for more than ${MIGRATION_LOCK_WAIT_SECONDS} s`);
    this.name = 'MigrationLockTimeout';
  }
}

export interface MigrationResult {
  /** Versions this call applied (empty when another replica or an earlier start already did). */
  readonly applied: readonly number[];
  /** Schema version after the call. */
  readonly version: number;
}

async function appliedVersions(conn: PoolConnection): Promise<Set<number>> {
  const [rows] = await conn.execute<RowDataPacket[]>('SELECT version FROM schema_migrations');
  return new Set(rows.map((row) => Number(row.version)));
}

/**
 * Brings the schema up to date. Replicas starting together serialize on a MySQL named lock scoped to the
 * database (GET_LOCK is per server, hence the database name in the lock name); the one holding it applies
 * missing steps, the others then find nothing to do. The lock is released with the session if we crash.
 */
export async function migrate(pool: Pool, migrations: readonly Migration[] = MIGRATIONS): Promise<MigrationResult> {
  const conn = await pool.getConnection();
  let broken = false;
  try {
    const [locked] = await conn.execute<RowDataPacket[]>(
      "SELECT GET_LOCK(CONCAT('migrate:', DATABASE()), ?) AS got",
      [MIGRATION_LOCK_WAIT_SECONDS],
    );
    if (Number(locked[0]?.got) !== 1) throw new MigrationLockTimeout();
    try {
      await conn.execute(
        `CREATE TABLE IF NOT EXISTS schema_migrations (
          version INT UNSIGNED NOT NULL PRIMARY KEY,
          name VARCHAR(200) NOT NULL,
          applied_at DATETIME(3) NOT NULL
        ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`,
      );
      const done = await appliedVersions(conn);
      const applied: number[] = [];
      for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
        if (done.has(migration.version)) continue;
        // DDL commits implicitly in MySQL; IF NOT EXISTS keeps a step re-runnable after a crash mid-way.
        for (const statement of migration.statements) await conn.execute(statement);
        await conn.execute('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, UTC_TIMESTAMP(3))', [
          migration.version,
          migration.name,
        ]);
        applied.push(migration.version);
      }
      const version = Math.max(0, ...done, ...applied);
      return { applied, version };
    } finally {
      await conn.execute("SELECT RELEASE_LOCK(CONCAT('migrate:', DATABASE()))").catch(() => {
        // The session is unusable; destroying it releases the lock on the server side.
        broken = true;
      });
    }
  } finally {
    if (broken) conn.destroy();
    else conn.release();
  }
}
