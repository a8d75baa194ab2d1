import type { RowDataPacket } from 'mysql2/promise';
import { MIGRATIONS, migrate } from '../src/db/migrate';
import { openPool } from '../src/db/pool';
import { createTestDatabase, MARIADB, type TestDatabase } from './support/database';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase('migrate');
});
afterAll(async () => {
  await db?.drop();
});

const poolFor = (database: string) =>
  openPool({ host: MARIADB.host, port: MARIADB.port, user: MARIADB.user, password: MARIADB.password, database, tlsMode: 'DISABLED', poolSize: 2, queueLimit: 0, queueTimeoutMs: 1000, queryTimeoutMs: 5000 });

describe('migrate', () => {
  it('applies every step once when many replicas start at the same time', async () => {
    const pools = Array.from({ length: 6 }, () => poolFor(db.name));
    try {
      const results = await Promise.all(pools.map((pool) => migrate(pool)));
      const appliedBy = results.filter((r) => r.applied.length > 0);
      expect(appliedBy).toHaveLength(1);
      expect(appliedBy[0]?.applied).toEqual(MIGRATIONS.map((m) => m.version));
      for (const result of results) expect(result.version).toBe(MIGRATIONS.length);
    } finally {
      await Promise.all(pools.map((pool) => pool.end()));
    }
    const rows = await db.query<RowDataPacket[]>('SELECT version, name FROM schema_migrations ORDER BY version');
    expect(rows).toEqual(MIGRATIONS.map((m) => ({ version: m.version, name: m.name })));
  });

  it('creates the items table with the documented columns', async () => {
    const columns = await db.query<RowDataPacket[]>(
      "SELECT column_name AS c, is_nullable AS n FROM information_schema.columns WHERE table_schema = ? AND table_name = 'items' ORDER BY ordinal_position",
      [db.name],
    );
    expect(columns).toEqual([
      { c: 'id', n: 'NO' },
      { c: 'name', n: 'NO' },
      { c: 'description', n: 'YES' },
      { c: 'version', n: 'NO' },
      { c: 'created_at', n: 'NO' },
      { c: 'updated_at', n: 'NO' },
    ]);
  });

  it('is a no-op on an up-to-date schema and applies only new steps', async () => {
    const pool = poolFor(db.name);
    try {
      expect(await migrate(pool)).toEqual({ applied: [], version: MIGRATIONS.length });
      const next = { version: MIGRATIONS.length + 1, name: 'add tags', statements: ['CREATE TABLE IF NOT EXISTS item_tags (item_id BIGINT UNSIGNED NOT NULL, tag VARCHAR(50) NOT NULL)'] };
      expect(await migrate(pool, [...MIGRATIONS, next])).toEqual({ applied: [next.version], version: next.version });
      const tables = await db.query<RowDataPacket[]>('SHOW TABLES');
      expect(tables.map((row) => Object.values(row)[0]).sort()).toEqual(['item_tags', 'items', 'schema_migrations']);
    } finally {
      await pool.end();
    }
  });

  it('waits for the named lock held by another session, and the lock is scoped to the database', async () => {
    const holder = poolFor(db.name);
    const other = poolFor(db.name);
    const conn = await holder.getConnection();
    try {
      await conn.execute("SELECT GET_LOCK(CONCAT('migrate:', DATABASE()), 0)");
      let finished = false;
      const waiting = migrate(other).then((r) => {
        finished = true;
        return r;
      });
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(finished).toBe(false);
      const [used] = await conn.query<RowDataPacket[]>("SELECT IS_USED_LOCK(CONCAT('migrate:', ?)) AS owner", [db.name]);
      expect(used[0]?.owner).not.toBeNull();
      await conn.execute("SELECT RELEASE_LOCK(CONCAT('migrate:', DATABASE()))");
      expect((await waiting).applied).toEqual([]);
    } finally {
      conn.release();
      await holder.end();
      await other.end();
    }
  });
});
