/**
 * `npm run bootstrap -- plan|apply|destroy|unlock|put-certificate --env NAME [options]` (see lib/bootstrap/README.md).
 * Heavy SDK packages load only after the arguments are checked, so `--help` and usage errors are instant.
 */
import * as path from 'path';
import * as readline from 'readline';
import { parseArgs } from 'util';

const USAGE = `usage: npm run bootstrap -- <plan|apply|destroy|unlock> --env NAME [options]
       npm run bootstrap -- put-certificate --env NAME --cert FILE --key FILE [--workload NAME | --vault-secret NAME --host HOST] [options]

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
  --allow-delete-database let destroy (or --replace mysql-db-system) delete a delete-protected MySQL DB system
  --destroy               with plan: show what destroy would delete
  --yes                   destroy without asking
  --force                 with unlock: clear the lock although its process is alive on this host
  --poll-interval MS      first poll interval (default 2000; lower against a fast fake)
  --verbose               also print the SDK's retry messages
  --cert FILE             put-certificate: PEM certificate with its chain (leaf and intermediates)
  --key FILE              put-certificate: its PEM private key, not encrypted (read, checked, sent; never printed or written)
  --workload NAME         put-certificate: the certificate of that web service (workloads.webServices[].ingress.certificate);
                          default: the app's (ingress.tls)
  --vault-secret NAME     put-certificate: any other vault secret (e.g. a TypeScript module's certificate), with
  --host HOST             the host the certificate must cover
`;

class UsageError extends Error {}

/** Where the CLI writes: process.stdout/stderr, or anything with `write` (tests capture the text in-process). */
export interface CliOutput {
  write(text: string): unknown;
  /** True on a terminal: live progress and colours. */
  isTTY?: boolean;
}

function parse(argv: string[]) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      env: { type: 'string' }, 'config-dir': { type: 'string' }, 'oci-config': { type: 'string' }, profile: { type: 'string' },
      auth: { type: 'string' }, endpoint: { type: 'string' }, 'home-endpoint': { type: 'string' }, kubeconfig: { type: 'string' },
      replace: { type: 'string', multiple: true }, 'cancel-deletion': { type: 'boolean' }, 'endorse-policy': { type: 'boolean' },
      'allow-delete-database': { type: 'boolean' },
      destroy: { type: 'boolean' }, yes: { type: 'boolean' }, force: { type: 'boolean' }, 'poll-interval': { type: 'string' }, verbose: { type: 'boolean' },
      cert: { type: 'string' }, key: { type: 'string' }, workload: { type: 'string' }, 'vault-secret': { type: 'string' }, host: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return { help: true as const };
  const command = positionals[0];
  if (command !== 'plan' && command !== 'apply' && command !== 'destroy' && command !== 'unlock' && command !== 'put-certificate') {
    throw new UsageError(`unknown or missing command ${command === undefined ? '' : `"${command}"`}; use plan, apply, destroy, unlock or put-certificate`);
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
  if (command === 'put-certificate') {
    if (!values.cert || !values.key) throw new UsageError('put-certificate needs --cert FILE (the certificate and its chain, PEM) and --key FILE (its private key, PEM)');
    if ((values['vault-secret'] === undefined) !== (values.host === undefined)) throw new UsageError('--vault-secret NAME and --host HOST go together');
    if (values['vault-secret'] !== undefined && values.workload !== undefined) throw new UsageError('give --workload or --vault-secret/--host, not both');
  } else if ([values.cert, values.key, values.workload, values['vault-secret'], values.host].some((v) => v !== undefined)) {
    throw new UsageError('--cert, --key, --workload, --vault-secret and --host only go with put-certificate');
  }
  return { help: false as const, command: command as 'plan' | 'apply' | 'destroy' | 'unlock' | 'put-certificate', values, auth, poll };
}

async function confirmDestroy(envName: string): Promise<boolean> {
  const rl = readline.createInterface({ input: process.stdin, output: process.stderr });
  const answer = await new Promise<string>((res) => rl.question(`This deletes every OCI resource of environment "${envName}". Type the environment name to confirm: `, res));
  rl.close();
  return answer.trim() === envName;
}

export async function main(argv: string[], out: CliOutput = process.stdout, err: CliOutput = process.stderr): Promise<number> {
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
  if (command === 'put-certificate') return putCertificateCommand(args, out, err);
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
      flags: {
        replace: new Set(values.replace ?? []), cancelDeletion: values['cancel-deletion'] === true, endorsePolicy: values['endorse-policy'] === true,
        allowDeleteDatabase: values['allow-delete-database'] === true,
      },
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

/** `put-certificate`: the certificate into the vault, then what happens next. Prints nothing of the key. */
async function putCertificateCommand(args: Extract<ReturnType<typeof parse>, { help: false }>, out: CliOutput, err: CliOutput): Promise<number> {
  const { values } = args;
  const { putCertificate } = require('./put-certificate') as typeof import('./put-certificate');
  const { ConfigError } = require('../config') as typeof import('../config');
  const { BootstrapError } = require('./errors') as typeof import('./errors');
  try {
    const r = await putCertificate({
      envName: values.env as string, configDir: values['config-dir'], certificateFile: values.cert as string, privateKeyFile: values.key as string, workload: values.workload,
      explicit: values['vault-secret'] === undefined || values.host === undefined ? undefined : { vaultSecretName: values['vault-secret'], host: values.host },
      auth: args.auth === 'instance-principal' ? { kind: 'instance-principal' } : { kind: 'config-file', file: values['oci-config'], profile: values.profile },
      endpoint: values.endpoint,
      wait: args.poll === undefined ? undefined : { intervalMs: args.poll, maxIntervalMs: args.poll * 10 },
      debug: values.verbose ? (line) => err.write(`sdk: ${line}\n`) : undefined,
    });
    const c = r.certificate;
    const t = r.target;
    const done = { created: 'created', 'new-version': 'new version', unchanged: 'unchanged, already the CURRENT version' }[r.action];
    out.write(`certificate: ${c.subject}; ${c.subjectAltName}; valid until ${c.validTo.toISOString()}; chain of ${c.chainLength}; SHA-256 ${c.fingerprint256}\n`);
    out.write(`vault secret ${r.secretName} (${r.secretId}): version ${r.versionNumber}, ${done}\n`);
    if (r.action !== 'unchanged' && t.namespace !== undefined && t.secretName !== undefined) {
      out.write(`ESO writes it into Secret ${t.namespace}/${t.secretName} within ${t.refreshInterval ?? '1h'}; to sync now: kubectl -n ${t.namespace} annotate externalsecret ${t.secretName} force-sync=$(date +%s) --overwrite\n`);
      if (values.workload === undefined && r.env.ingress.tls.termination === 'loadBalancer' && r.action === 'new-version') {
        out.write('termination is at the load balancer, which does not re-read a changed Secret: set ingress.tls.secretName to a new name, synth and commit to roll the listener to this version (README "HTTPS")\n');
      }
    }
    return 0;
  } catch (e) {
    if (e instanceof ConfigError || e instanceof BootstrapError) {
      err.write(`error: ${e.message}\n`);
      return 1;
    }
    err.write(`error: ${(e as Error).stack ?? String(e)}\n`);
    return 1;
  }
}
