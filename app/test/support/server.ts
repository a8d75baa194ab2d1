import type { FastifyInstance } from 'fastify';
import type { Pool } from 'mysql2/promise';
import { Writable } from 'node:stream';
import { loadConfig } from '../../src/config';
import { migrate } from '../../src/db/migrate';
import type { BoundedPool } from '../../src/db/bounded';
import { openPool } from '../../src/db/pool';
import { AppState } from '../../src/ops/state';
import { buildServers } from '../../src/server';
import { appEnv } from './database';

/** Collects log lines written by the server. */
export class LogCapture extends Writable {
  readonly lines: string[] = [];
  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    this.lines.push(...chunk.toString('utf8').split('\n').filter((line) => line !== ''));
    done();
  }
  get records(): Record<string, unknown>[] {
    return this.lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  }
}

export interface TestServer {
  readonly url: string;
  /** The metrics server (METRICS_PORT): /metrics lives here only. */
  readonly metricsUrl: string;
  readonly app: FastifyInstance;
  readonly metricsApp: FastifyInstance;
  readonly pool: Pool;
  /** The bounded pool access of the server (slots, queue, deadlines). */
  readonly db: BoundedPool;
  readonly state: AppState;
  readonly logs: LogCapture;
  close(): Promise<void>;
}

/** Starts the real server in this process on a loopback port, with the schema migrated. */
export async function startTestServer(database: string, env: Record<string, string> = {}): Promise<TestServer> {
  const config = loadConfig(appEnv(database, env));
  const pool = openPool(config.db);
  const state = new AppState();
  const logs = new LogCapture();
  const { app, metricsApp, db } = buildServers({ config, pool, state, logStream: logs });
  await migrate(pool);
  state.schemaReady = true;
  const url = async (server: FastifyInstance) => {
    await server.listen({ host: '127.0.0.1', port: 0 });
    const address = server.server.address();
    if (address === null || typeof address === 'string') throw new Error('server has no TCP address');
    return `http://127.0.0.1:${address.port}`;
  };
  return {
    url: await url(app),
    metricsUrl: await url(metricsApp),
    app,
    metricsApp,
    pool,
    db,
    state,
    logs,
    async close() {
      await app.close();
      await metricsApp.close();
      await pool.end();
    },
  };
}
