import * as os from 'os';
import * as path from 'path';
import { Environment, loadEnvironment } from '../config';
import { AuthOptions, resolveAuth } from './auth';
import { captureSdkWarnings, CircuitBreakerOptions, createClients, RetryOptions } from './clients';
import { apply, BaseContext, destroy, NodeResult, plan, Progress, RunFlags, SecretBox } from './engine';
import { BootstrapError, explain } from './errors';
import { acquireLock } from './lock';
import { buildOutputs, markOutputsDestroyed, writeOutputs } from './outputs';
import { nsgRuleLimitIssues, placeholderIssues, preflight } from './preflight';
import { stackResources } from './stack';
import { WaitOptions, Waiter } from './wait';

export type Command = 'plan' | 'apply' | 'destroy';

/** Everything one bootstrap run needs. */
export interface BootstrapOptions {
  command: Command;
  /** Environment name: `config/<name>.yaml`. */
  envName: string;
  /** Folder of the environment files; also where outputs and the lock go. @default "config" */
  configDir?: string;
  /** @default OCI config file ~/.oci/config, profile DEFAULT */
  auth?: AuthOptions;
  /** Base URL of a fake OCI API (tests); unset = real OCI. */
  endpoint?: string;
  /** Base URL of the home-region fake, when it is another instance. @default endpoint */
  homeEndpoint?: string;
  flags?: Partial<RunFlags>;
  /** @default ~/.kube/oke-<env>.yaml */
  kubeconfigPath?: string;
  retry?: RetryOptions;
  circuitBreaker?: CircuitBreakerOptions;
  wait?: WaitOptions;
  progress?: Progress;
  /** Receives diagnostic lines (SDK retry warnings), already redacted. @default dropped */
  debug?: (line: string) => void;
  /** With `plan`: show what destroy would delete instead of what apply would do. */
  planDestroy?: boolean;
  /** Release the lock and exit 130 on SIGINT/SIGTERM (the CLI sets this; a library caller handles signals itself). @default false */
  releaseLockOnSignal?: boolean;
}

export interface BootstrapResult {
  command: Command;
  env: Environment;
  results: NodeResult[];
  /** True when every resource ended as wanted. */
  ok: boolean;
  /** Written outputs file (apply only). */
  outputsFile?: string;
}

/** Runs plan, apply or destroy for one environment. Throws BootstrapError / ConfigError before any write. */
export async function runBootstrap(o: BootstrapOptions): Promise<BootstrapResult> {
  const known = stackResources().map((r) => r.id);
  const unknown = [...(o.flags?.replace ?? [])].filter((id) => !known.includes(id));
  if (unknown.length > 0) throw new BootstrapError(`--replace ${unknown.join(', ')}: no such logical resource; use one of ${known.join(', ')}`, 'usage');
  const configDir = path.resolve(o.configDir ?? 'config');
  // Outputs marked by an earlier destroy are fine here: the bootstrap finds its resources by tags, not by them.
  const env = loadEnvironment(o.envName, { configDir, acceptDestroyedOutputs: true });
  const placeholders = [...placeholderIssues(env), ...nsgRuleLimitIssues(env)];
  if (placeholders.length > 0) throw new BootstrapError(`config/${env.name}.yaml is not ready for OCI:\n${placeholders.map((p) => `  - ${p}`).join('\n')}`, 'config');

  const auth = await resolveAuth(o.auth ?? { kind: 'config-file' }, env.oci.region);
  if (auth.tenancyId !== '' && auth.tenancyId !== env.oci.tenancyId) {
    throw new BootstrapError(`oci.tenancyId (got "${env.oci.tenancyId}") is not the tenancy of ${auth.describe} (${auth.tenancyId}); use a profile of that tenancy (--profile) or fix oci.tenancyId`, 'config');
  }
  const secrets = new SecretBox();
  const restoreWarn = captureSdkWarnings((line) => o.debug?.(secrets.redact(line)));
  const release = o.command === 'plan' ? () => undefined : acquireLock(configDir, env.name, o.command);
  // Ctrl-C is a deliberate stop, not a crash: free the lock (the next run resumes whatever was in flight).
  const onSignal = (signal: NodeJS.Signals) => {
    release();
    restoreWarn();
    process.stderr.write(`\n${signal}: stopped; the lock of "${env.name}" was released, re-run ${o.command} to resume\n`);
    process.exit(130);
  };
  if (o.releaseLockOnSignal) for (const s of ['SIGINT', 'SIGTERM'] as const) process.once(s, onSignal);
  try {
    const clients = createClients({ provider: auth.provider, region: env.oci.region, endpoint: o.endpoint, homeEndpoint: o.homeEndpoint, retry: o.retry, circuitBreaker: o.circuitBreaker });
    const discovery = await preflight(env, clients);
    const base: BaseContext = {
      env, clients, secrets,
      flags: {
        replace: o.flags?.replace ?? new Set(), cancelDeletion: o.flags?.cancelDeletion ?? false, endorsePolicy: o.flags?.endorsePolicy ?? false,
        allowDeleteDatabase: o.flags?.allowDeleteDatabase ?? false,
      },
      waiter: new Waiter(o.wait),
      homeRegion: discovery.homeRegion,
      availabilityDomains: discovery.availabilityDomains,
      kubeconfigPath: o.kubeconfigPath ?? path.join(os.homedir(), '.kube', `oke-${env.name}.yaml`),
    };
    const resources = stackResources();
    const engine = { progress: o.progress };
    if (o.command === 'plan') {
      const results = o.planDestroy ? await destroy(base, resources, { ...engine, dryRun: true }) : await plan(base, resources, engine);
      return { command: 'plan', env, results, ok: results.every((r) => r.status !== 'failed') };
    }
    if (o.command === 'destroy') {
      // Marked before the first delete, but only once destroy goes ahead: a refused destroy (a delete-protected
      // DB system) or a failed lookup deletes nothing, and the outputs still describe live resources.
      const results = await destroy(base, resources, { ...engine, beforeDeletes: () => markOutputsDestroyed(configDir, env.name) });
      return { command: 'destroy', env, results, ok: results.every((r) => r.status !== 'failed' && r.status !== 'skipped') };
    }
    const { results, refs } = await apply(base, resources, engine);
    const ok = results.every((r) => r.status === 'done');
    if (!ok) return { command: 'apply', env, results, ok };
    const outputsFile = writeOutputs(configDir, env.name, buildOutputs(env, refs));
    return { command: 'apply', env, results, ok, outputsFile };
  } catch (e) {
    if (e instanceof BootstrapError) throw e;
    throw explain(e, `${o.command} of environment "${env.name}"`);
  } finally {
    for (const s of ['SIGINT', 'SIGTERM'] as const) process.removeListener(s, onSignal);
    release();
    restoreWarn();
  }
}
