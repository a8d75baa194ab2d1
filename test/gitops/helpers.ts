import * as yaml from 'js-yaml';
import { Environment } from '../../lib/config';
import { EnvironmentOutput, KubeObject, synthesizeEnvironment } from '../../lib/synth/environment-app';
import { at } from '../helpers';

/** The output of one environment, with lookups by file. */
export function environmentOutput(env: Environment) {
  const output: EnvironmentOutput = synthesizeEnvironment(env);
  const file = (p: string): readonly KubeObject[] => {
    const f = output.manifests.find((m) => m.path === p);
    if (f === undefined) throw new Error(`no manifest file ${p}; have ${output.manifests.map((m) => m.path).join(', ')}`);
    return f.objects;
  };
  const text = (p: string): string => {
    const f = output.texts.find((t) => t.path === p);
    if (f === undefined) throw new Error(`no text file ${p}`);
    return f.text;
  };
  const application = (p: string): KubeObject => {
    const apps = file(p).filter((o) => o.kind === 'Application');
    if (apps.length !== 1) throw new Error(`${p}: expected one Application, found ${apps.length}`);
    return apps[0] as KubeObject;
  };
  return { output, file, text, application };
}

/** Helm values of an add-on Application, parsed from its `values` text. */
export function helmValues(app: KubeObject): Record<string, unknown> {
  return yaml.load(at(app, 'spec.source.helm.values') as string) as Record<string, unknown>;
}

export function wave(obj: KubeObject): number {
  const v = (obj.metadata?.annotations as Record<string, string> | undefined)?.['argocd.argoproj.io/sync-wave'];
  if (v === undefined) throw new Error(`${obj.kind}/${obj.metadata?.name} has no sync-wave annotation`);
  return Number(v);
}

/**
 * Helm's value coalescing, enough to show what a chart sees: maps merge key by key, anything else replaces,
 * and a user `null` deletes the chart's key (helm.sh/docs/chart_template_guide/values_files "Deleting a default key").
 */
export function helmMerge(defaults: unknown, user: unknown): unknown {
  if (user === undefined) return defaults;
  const isMap = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
  if (!isMap(defaults) || !isMap(user)) return user;
  const out: Record<string, unknown> = { ...defaults };
  for (const [k, v] of Object.entries(user)) {
    if (v === null) delete out[k];
    else out[k] = helmMerge(defaults[k], v);
  }
  return out;
}
