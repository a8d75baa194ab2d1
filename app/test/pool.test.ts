import type { RowDataPacket } from 'mysql2/promise';
import type { DbConfig } from '../src/config';
import { openPool, poolOptions, poolStats, tlsOptions } from '../src/db/pool';
import { isDbUnavailable } from '../src/db/errors';
import { MARIADB } from './support/database';

const db: DbConfig = { host: 'h', port: 3306, database: 'd', user: 'u', password: 'p', tlsMode: 'DISABLED', poolSize: 4, queueLimit: 80, queueTimeoutMs: 1000, queryTimeoutMs: 5000 };

describe('tlsOptions (DB_TLS_MODE, mirroring MySQL ssl-mode)', () => {
  it('DISABLED sends no TLS options', () => {
    expect(tlsOptions({ tlsMode: 'DISABLED' })).toBeUndefined();
  });
  it('REQUIRED encrypts without verifying, like MySQL (OCI MySQL self-signed certificates)', () => {
    expect(tlsOptions({ tlsMode: 'REQUIRED' })).toEqual({ minVersion: 'TLSv1.2', rejectUnauthorized: false, verifyIdentity: false });
  });
  it('REQUIRED with a CA verifies the chain but not the host name (VERIFY_CA)', () => {
    expect(tlsOptions({ tlsMode: 'REQUIRED', tlsCa: 'PEM' })).toEqual({ minVersion: 'TLSv1.2', ca: 'PEM', rejectUnauthorized: true, verifyIdentity: false });
  });
  it('VERIFY_IDENTITY verifies chain and host name', () => {
    expect(tlsOptions({ tlsMode: 'VERIFY_IDENTITY' })).toEqual({ minVersion: 'TLSv1.2', rejectUnauthorized: true, verifyIdentity: true });
  });
});

describe('poolOptions', () => {
  it('sizes the pool from DB_POOL_SIZE, no multi-statements; mysql2\'s own queue is only a backstop', () => {
    const options = poolOptions({ ...db, tlsMode: 'REQUIRED' });
    expect(options).toMatchObject({ connectionLimit: 4, maxIdle: 4, queueLimit: 4, connectTimeout: 5000, multipleStatements: false, timezone: 'Z', waitForConnections: true, trace: false });
    expect(poolOptions({ ...db, queryTimeoutMs: 800 }).connectTimeout).toBe(800);
    expect(options.ssl).toEqual(tlsOptions({ tlsMode: 'REQUIRED' }));
    expect(poolOptions(db).ssl).toBeUndefined();
  });
});

describe('poolStats against MariaDB', () => {
  it('reports open, in-use and waiting connections', async () => {
    const pool = openPool({ ...db, host: MARIADB.host, port: MARIADB.port, user: MARIADB.user, password: MARIADB.password, database: 'mysql', poolSize: 2 });
    try {
      expect(poolStats(pool, 2)).toEqual({ max: 2, open: 0, inUse: 0, waiting: 0 });
      const a = await pool.getConnection();
      const b = await pool.getConnection();
      const third = pool.getConnection();
      await new Promise((resolve) => setImmediate(resolve));
      expect(poolStats(pool, 2)).toEqual({ max: 2, open: 2, inUse: 2, waiting: 1 });
      a.release();
      (await third).release();
      b.release();
      expect(poolStats(pool, 2)).toEqual({ max: 2, open: 2, inUse: 0, waiting: 0 });
    } finally {
      await pool.end();
    }
  });

  it('classifies a refused connection as "database unavailable", a bad query not', async () => {
    const down = openPool({ ...db, host: '127.0.0.1', port: 1, poolSize: 1 });
    const refused = await down.execute('SELECT 1').catch((err: unknown) => err);
    await down.end();
    expect(isDbUnavailable(refused)).toBe(true);
    const up = openPool({ ...db, host: MARIADB.host, port: MARIADB.port, user: MARIADB.user, password: MARIADB.password, database: 'mysql', poolSize: 1 });
    const syntax = await up.execute('SELEC 1').catch((err: unknown) => err);
    await up.end();
    expect(isDbUnavailable(syntax)).toBe(false);
  });

  it('never falls back to plain text: REQUIRED either encrypts or fails', async () => {
    const local = { ...db, host: MARIADB.host, port: MARIADB.port, user: MARIADB.user, password: MARIADB.password, database: 'mysql', poolSize: 1 };
    const plain = openPool(local);
    const [rows] = await plain.query<RowDataPacket[]>("SHOW VARIABLES LIKE 'have_ssl'");
    await plain.end();
    const serverHasTls = rows[0]?.Value === 'YES';
    const pool = openPool({ ...local, tlsMode: 'REQUIRED' });
    try {
      const outcome = await pool.query<RowDataPacket[]>("SHOW SESSION STATUS LIKE 'Ssl_cipher'").then(
        ([status]) => ({ cipher: String(status[0]?.Value ?? '') }),
        (err: { code?: string }) => ({ error: err }),
      );
      if (serverHasTls) {
        expect('cipher' in outcome && outcome.cipher !== '').toBe(true);
      } else {
        expect('error' in outcome && outcome.error.code).toBe('HANDSHAKE_NO_SSL_SUPPORT');
        expect('error' in outcome && isDbUnavailable(outcome.error)).toBe(true);
      }
    } finally {
      await pool.end();
    }
  });
});
