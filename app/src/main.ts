import pino from 'pino';
import { ConfigError, loadConfig } from './config';
import { openPool } from './db/pool';
import { prepareSchema, shutdown } from './lifecycle';
import { AppState } from './ops/state';
import { buildServers } from './server';

/** Entry point of `npm run app` and of the container image: configure from env, listen, migrate, serve. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      pino().fatal({ variable: err.variable }, `invalid configuration: ${err.message}`);
      process.exit(78); // EX_CONFIG
    }
    throw err;
  }
  const pool = openPool(config.db);
  const state = new AppState();
  const { app, metricsApp } = buildServers({ config, pool, state });
  const exit = (code: number) => process.exit(code);
  const { drainSeconds } = config;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => void shutdown(signal, { app, metricsApp, pool, state, drainSeconds, exit }));
  }
  await metricsApp.listen({ host: '0.0.0.0', port: config.metricsPort });
  await app.listen({ host: '0.0.0.0', port: config.port });
  app.log.info(
    { metricsPort: config.metricsPort, db: { host: config.db.host, port: config.db.port, database: config.db.database, user: config.db.user, tlsMode: config.db.tlsMode, poolSize: config.db.poolSize } },
    'configuration loaded',
  );
  await prepareSchema(pool, state, app.log);
}

main().catch((err: unknown) => {
  pino().fatal({ err: { message: err instanceof Error ? err.message : String(err) } }, 'start-up failed');
  process.exit(1);
});
