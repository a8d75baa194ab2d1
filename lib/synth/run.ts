import * as path from 'path';
import { ConfigError, ConfigIssue, Environment, listEnvironments, loadEnvironment } from '../config';
import { PropsError } from '../constructs/errors';
import { ARCHITECTURE_SVG, architectureSvg } from '../diagram/architecture';
import { EnvironmentSizing, sizeEnvironment, sizingFindings } from '../sizing';
import { configWorkloads } from '../workloads/from-config';
import { WorkloadModule, WorkloadRegistry } from '../workloads/types';
import { EnvironmentOutput, KubeObject, synthesizeEnvironment } from './environment-app';
import { SynthCheckError, SynthError } from './errors';
import { renderFiles, writeOutputs } from './write';

export { SynthCheckError, SynthError } from './errors';

/** Checks every object of an environment before anything is written (the guard plugs in here). */
export type ObjectCheck = (env: Environment, objects: readonly KubeObject[]) => readonly string[];

export interface SynthOptions {
  /** Folder of the environment files. @default "config" */
  readonly configDir?: string;
  /** Output folder. @default "dist" */
  readonly outDir?: string;
  /** Synthesize only these environments; others in `outDir` stay untouched. @default every environment in configDir */
  readonly environments?: readonly string[];
  /** Checks run over each environment's objects; any finding fails the synth. @default none */
  readonly checks?: readonly ObjectCheck[];
  /** Your TypeScript workload modules by environment name (`workloads/index.ts`). @default none */
  readonly workloads?: WorkloadRegistry;
}

export interface SynthResult {
  /** Environment → relative file paths written. */
  readonly written: ReadonlyMap<string, readonly string[]>;
  /** Environment → what its pods reserve at minimum and maximum scale. */
  readonly sizing: ReadonlyMap<string, EnvironmentSizing>;
}

/** One environment rendered in memory: its files (path under dist/<env>/ → text) and its sizing. */
export interface RenderedEnvironment {
  readonly files: Map<string, string>;
  readonly sizing: EnvironmentSizing;
}

/**
 * Loads, synthesizes, checks and renders every requested environment in memory. Nothing is written; throws a
 * ConfigError, SynthError or SynthCheckError listing every problem (the checks given, and whether the pods
 * fit the pod subnet and the pod shape).
 */
export function renderEnvironmentOutputs(options: SynthOptions = {}): Map<string, RenderedEnvironment> {
  const configDir = options.configDir ?? 'config';
  const names = options.environments ?? listEnvironments({ configDir });
  if (names.length === 0) throw new ConfigError([{ file: configDir, path: '', message: 'no <env>.yaml files; add one (copy config/example.yaml)' }]);

  const issues: ConfigIssue[] = [];
  const envs: Environment[] = [];
  for (const name of names) {
    try {
      envs.push(loadEnvironment(name, { configDir }));
    } catch (e) {
      if (e instanceof ConfigError) issues.push(...e.issues);
      else throw e;
    }
  }
  issues.push(...registryIssues(configDir, options.workloads ?? {}));
  if (issues.length > 0) throw new ConfigError(issues);

  const findings: string[] = [];
  const outputs = new Map<string, RenderedEnvironment>();
  for (const env of envs) {
    const output = synthesizeWithModules(env, [...configWorkloads(env), ...(options.workloads?.[env.name] ?? [])]);
    // Checks see Kubernetes objects only; Helm values files are not objects.
    const objects = output.manifests.flatMap((f) => f.objects);
    for (const check of options.checks ?? []) findings.push(...check(env, objects).map((f) => `${env.name}: ${f}`));
    const sizing = sizeEnvironment(env, objects);
    findings.push(...sizingFindings(env, sizing).map((f) => `${env.name}: ${f}`));
    // The picture sits beside the manifests (a GitOps repository shows it) and is kept fresh like them.
    const files = renderFiles(output).set(ARCHITECTURE_SVG, architectureSvg({ env, manifests: output.manifests, sizing }));
    outputs.set(env.name, { files, sizing });
  }
  if (findings.length > 0) throw new SynthCheckError(findings);
  return outputs;
}

/** A registry entry for an environment that has no file is a typo that would silently deploy nothing. */
function registryIssues(configDir: string, registry: WorkloadRegistry): ConfigIssue[] {
  const known = listEnvironments({ configDir });
  return Object.keys(registry).filter((name) => !known.includes(name)).map((name) => ({
    file: 'workloads/index.ts',
    path: name,
    message: `registers workload modules for environment "${name}", but ${path.join(configDir, `${name}.yaml`)} does not exist; add the file or fix the name (environments: ${known.join(', ') || 'none'})`,
  }));
}

/** The environment's charts; bad construct props anywhere (a config gap) become a one-line SynthError. */
function synthesizeWithModules(env: Environment, modules: readonly WorkloadModule[]): EnvironmentOutput {
  try {
    return synthesizeEnvironment(env, modules);
  } catch (e) {
    if (e instanceof PropsError) throw new SynthError([`${env.name}: ${e.message}`]);
    throw e;
  }
}

/** The files of every requested environment, in memory: environment → file → text (see renderEnvironmentOutputs). */
export function renderEnvironments(options: SynthOptions = {}): Map<string, Map<string, string>> {
  return new Map([...renderEnvironmentOutputs(options)].map(([env, r]) => [env, r.files]));
}

/** Loads, synthesizes and checks every requested environment, then writes all of them or none. */
export function synth(options: SynthOptions = {}): SynthResult {
  const rendered = renderEnvironmentOutputs(options);
  const outputs = new Map([...rendered].map(([env, r]) => [env, r.files]));
  writeOutputs(options.outDir ?? 'dist', outputs, options.environments === undefined);
  return {
    written: new Map([...outputs].map(([env, files]) => [env, [...files.keys()].map((f) => path.join(env, f))])),
    sizing: new Map([...rendered].map(([env, r]) => [env, r.sizing])),
  };
}
