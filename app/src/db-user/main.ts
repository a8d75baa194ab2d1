import pino from 'pino';
import { ConfigError } from '../config';
import { loadProvisionConfig, type ProvisionConfig } from './config';
import { provisionAppUser } from './provision';

/** A server error can quote the statement it failed on; the passwords in it must not reach the log. */
function redacted(text: string, config: ProvisionConfig): string {
  return [config.admin.password, config.app.password].filter((p) => p !== '').reduce((t, p) => t.split(p).join('[Redacted]'), text);
}

/**
 * Second entry point of the app image, run by the DB-user Job before the app (`node app/build/db-user/main.js`):
 * creates or repairs the app's MySQL user with the admin account, then exits. Exit codes: 0 done, 78 bad
 * configuration, 1 anything else (the Job retries). Passwords never reach the log.
 */
async function main(): Promise<number> {
  let config: ProvisionConfig;
  try {
    config = loadProvisionConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      pino().fatal({ variable: err.variable }, `invalid configuration: ${err.message}`);
      return 78; // EX_CONFIG
    }
    throw err;
  }
  const log = pino({ level: config.logLevel });
  try {
    const report = await provisionAppUser(config);
    log.info({ user: config.app.user, schema: config.schema, host: config.host, ...report }, 'app database user ready');
    return 0;
  } catch (err) {
    // mysql2 errors carry the statement text in `sql`: only the message, code and number are logged, redacted.
    const e = err as { message?: string; code?: string; errno?: number };
    log.fatal({ err: { message: redacted(e.message ?? String(err), config), code: e.code, errno: e.errno } }, 'app database user not provisioned');
    return 1;
  }
}

void main().then((code) => { process.exitCode = code; });
