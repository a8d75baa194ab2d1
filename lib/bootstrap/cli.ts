/**
 * `npm run bootstrap -- plan|apply|destroy|unlock --env NAME [options]` (see lib/bootstrap/README.md).
 * Heavy SDK packages load only after the arguments are checked, so `--help` and usage errors are instant.
 */
import * as path from 'path';
import * as readline from 'readline';
import { parseArgs } from 'util';

const USAGE = `usage: npm run bootstrap -- <plan|apply|destroy|unlock> --env NAME [options]

  --env NAME              environment: config/NAME.yaml (required)
  --config-dir DIR        folder of the environment files (default: config)
  --oci-config FILE       OCI config file (default: ~/.oci/config)
  --profile NAME          profile in that file (default: DEFAULT)
  --auth KIND             config-file (default) or instance-principal
  --endpoint URL          send every call to a fake OCI API at URL (URL/iaas, URL/identity, ...)
  --home-endpoint URL     fake OCI API of the home region (default: --endpoint)
  --kubeconfig FILE       where apply writes the kubeconfig (default: ~/.kube/oke-NAME.yaml)
  --replace ID            delete and re-create this logical resource (repeatable)
  --cancel-deletion       revive a vault/key/secret scheduled for deletion instead of creating new ones
  --endorse-policy        also create the virtual-node endorse policy (tenancy admin, home region)
  --destroy               with plan: show what destroy would delete
  --yes                   destroy without asking
  --force                 with unlock: clear the lock although its process is alive on this host
  --poll-interval MS      first poll interval (default 2000; lower against a fast fake)
  --verbose               also print the SDK's retry messages
`;

class UsageError extends Error {}

function parse(argv: string[]) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      env: { type: 'string' }, 'config-dir': { type: 'string' }, 'oci-config': { type: 'string' }, profile: { type: 'string' },
      auth: { type: 'string' }, endpoint: { type: 'string' }, 'home-endpoint': { type: 'string' }, kubeconfig: { type: 'string' },
      replace: { type: 'string', multiple: true }, 'cancel-deletion': { type: 'boolean' }, 'endorse-policy': { type: 'boolean' },
      destroy: { type: 'boolean' }, yes: { type: 'boolean' }, force: { type: 'boolean' }, 'poll-interval': { type: 'string' }, verbose: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return { help: true as const };
  const command = positionals[0];
  if (command !== 'plan' && command !== 'apply' && command !== 'destroy' && command !== 'unlock') {
    throw new UsageError(`unknown or missing command ${command === undefined ? '' : `"${command}"`}; use plan, apply, destroy or unlock`);
  }
  if (positionals.length > 1) throw new UsageError(`unexpected argument "${positionals[1]}"`);
  if (!values.env) throw new UsageError('--env NAME is required (the environment file config/NAME.yaml)');
  const auth = values.auth ?? 'config-file';
  if (auth !== 'config-file' && auth !== 'instance-principal') throw new UsageError(`--auth must be config-file or instance-principal (got "${auth}")`);
  if (auth === 'instance-principal' && (values['oci-config'] || values.profile)) throw new UsageError('--oci-config/--profile make no sense with --auth instance-principal');
  const poll = values['poll-interval'] === undefined ? undefined : Number(values['poll-interval']);
  if (poll !== undefined && !(Number.isInteger(poll) && poll > 0)) throw new UsageError(`--poll-interval must be a positive number of milliseconds (got "${values['poll-interval']}")`);
  for (const url of [values.endpoint, values['home-endpoint']]) {
    if (url !== undefined && !/^https?:\/\/[^/?#]+(\/[^?#]*)?$/.test(url)) throw new UsageError(`--endpoint must be an http(s) URL such as http://127.0.0.1:12000 (got "${url}")`);
  }
  if (values.destroy && command !== 'plan') throw new UsageError('--destroy only goes with plan');
  if (values.force && command !== 'unlock') throw new UsageError('--force only goes with unlock');
  return { help: false as const, command: command as 'plan' | 'apply' | 'destroy' | 'unlock', values, auth, poll };
}

async function confirmDestroy(envName: string): Promise<boolean> {
  const rl = readline.createInterface({ input: process.stdin, output: process.stderr });
  const answer = await new Promise<string>((res) => rl.question(`This deletes every OCI resource of environment "${envName}". Type the environment name to confirm: `, res));
  rl.close();
  return answer.trim() === envName;
}

export async function main(argv: string[], out: NodeJS.WriteStream = process.stdout, err: NodeJS.WriteStream = process.stderr): Promise<number> {
  let args: ReturnType<typeof parse>;
  try {
    args = parse(argv);
  } catch (e) {
    err.write(`error: ${(e as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (args.help) { out.write(USAGE); return 0; }
  const { command, values } = args;
  const poll = args.poll;
  const configDir = path.resolve(values['config-dir'] ?? 'config');
  const envName = values.env as string;

  if (command === 'unlock') {
    const { clearLock } = require('./lock') as typeof import('./lock');
    const { BootstrapError } = require('./errors') as typeof import('./errors');
    let holder;
    try {
      holder = clearLock(configDir, envName, { force: values.force === true });
    } catch (e) {
      if (!(e instanceof BootstrapError)) throw e;
      err.write(`error: ${e.message}\n`);
      return 1;
    }
    out.write(holder ? `cleared the lock of environment "${envName}" (held by ${holder.command}, pid ${holder.pid} on ${holder.host} since ${holder.startedAt})\n` : `environment "${envName}" was not locked\n`);
    return 0;
  }
  if (command === 'destroy' && !values.yes) {
    if (!process.stdin.isTTY) {
      err.write('error: destroy deletes every resource of the environment; pass --yes to confirm (no terminal to ask on)\n');
      return 2;
    }
    if (!(await confirmDestroy(envName))) { err.write('destroy cancelled\n'); return 1; }
  }

  // Loaded here: the SDK packages take most of a second.
  // require (not import()): the project runs TypeScript through tsx's CommonJS hook.
  const { runBootstrap } = require('./bootstrap') as typeof import('./bootstrap');
  const { Reporter, summary } = require('./reporter') as typeof import('./reporter');
  const { stackResources } = require('./stack') as typeof import('./stack');
  const { ConfigError } = require('../config') as typeof import('../config');
  const { BootstrapError } = require('./errors') as typeof import('./errors');
  const reporter = new Reporter({ write: (t) => out.write(t), isTTY: out.isTTY === true }, stackResources().map((r) => r.id));
  reporter.start();
  try {
    const result = await runBootstrap({
      command, envName, configDir,
      auth: args.auth === 'instance-principal' ? { kind: 'instance-principal' } : { kind: 'config-file', file: values['oci-config'], profile: values.profile },
      endpoint: values.endpoint, homeEndpoint: values['home-endpoint'], kubeconfigPath: values.kubeconfig,
      flags: { replace: new Set(values.replace ?? []), cancelDeletion: values['cancel-deletion'] === true, endorsePolicy: values['endorse-policy'] === true },
      planDestroy: values.destroy === true,
      releaseLockOnSignal: true,
      wait: poll === undefined ? undefined : { intervalMs: poll, maxIntervalMs: poll * 10 },
      retry: poll === undefined ? undefined : { delayStrategy: { delay: (c) => Math.min(2 ** c.attemptCount * poll, 30_000) / 1000 } },
      // Off a terminal, plan prints only its table: "done" lines would read as if something had been done.
      progress: command === 'plan' && !reporter.live ? undefined : reporter,
      debug: values.verbose ? (line) => err.write(`sdk: ${line}\n`) : undefined,
    });
    reporter.stop();
    out.write(`\n${summary(command, result.results)}`);
    if (result.outputsFile) {
      const rel = path.relative(process.cwd(), result.outputsFile);
      out.write(`Outputs written to ${rel.startsWith('..') ? result.outputsFile : rel}\n`);
    }
    return result.ok ? 0 : 1;
  } catch (e) {
    reporter.stop();
    if (e instanceof ConfigError || e instanceof BootstrapError) {
      err.write(`error: ${e.message}\n`);
      return 1;
    }
    err.write(`error: ${(e as Error).stack ?? String(e)}\n`);
    return 1;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
}
