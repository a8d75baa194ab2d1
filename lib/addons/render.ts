/**
 * Renders a platform add-on the way Argo CD renders its Application, from the vendored chart source with the
 * pinned helm: the Application's chart version, release name, destination namespace and `helm.values` text,
 * the cluster's Kubernetes version and API versions, CRDs included (Argo CD v3.5.1 `util/helm/cmd.go`
 * `template()`: `helm template <chart> --name-template <release> --namespace <ns> --kube-version <v>
 * --values <file> --api-versions <gv and gv/Kind>... --include-crds`).
 *
 * The result is what the add-on really runs: the guard judges it (`guardAddOn`), and anything that needs the
 * add-on's pods (sizing, cost, diagrams) reads them from here (`reservedResources`).
 */
import { execFile, execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App } from 'cdk8s';
import * as yaml from 'js-yaml';
import { AddOnApplicationChart } from '../charts/gitops-chart';
import { Environment } from '../config';
import { OPT_OUT_PREFIX, guardObjects } from '../guard';
import { podTemplateOf } from '../guard/pods';
import { parseQuantity } from '../guard/quantity';
import type { GuardReport, KubeObject } from '../guard/types';
import { HelmAddOn } from './helm-addon';
import { helmBinary } from './helm-binary';

const ROOT = path.resolve(__dirname, '..', '..');

/** Where a pinned chart's unmodified source lives in this repository (vendor/charts/README.md). */
export function vendoredChartDir(chart: { chart: string; version: string }): string {
  return path.join(ROOT, 'vendor', 'charts', `${chart.chart}-${chart.version}`);
}

/** What Argo CD hands to `helm template`, read from the add-on's synthesized Application. */
export interface HelmTemplateInputs {
  readonly chart: string;
  readonly version: string;
  readonly releaseName: string;
  readonly namespace: string;
  /** The Application's `spec.source.helm.values`, byte for byte. */
  readonly values: string;
}

/** The fields of a Helm-source Argo CD Application that `helm template` depends on. */
interface HelmApplication {
  readonly spec: {
    readonly source: { readonly chart: string; readonly targetRevision: string; readonly helm: { readonly releaseName: string; readonly values: string } };
    readonly destination: { readonly namespace: string };
  };
}

/** Reads the render inputs from the Application our synth writes for the add-on (not from the add-on object). */
export function helmTemplateInputs(env: Environment, addOn: HelmAddOn): HelmTemplateInputs {
  const [application] = new AddOnApplicationChart(new App({ outdir: '.cdk8s.unused' }), 'render', { env, addOn }).toJson() as HelmApplication[];
  if (application === undefined) throw new Error(`${addOn.name}: the add-on chart synthesized no Application`);
  const spec = application.spec;
  return {
    chart: spec.source.chart,
    version: spec.source.targetRevision,
    releaseName: spec.source.helm.releaseName,
    namespace: spec.destination.namespace,
    values: spec.source.helm.values,
  };
}

let apiVersionsMemo: readonly string[] | undefined;

/**
 * The API versions Argo CD passes for the cluster (`group/version` and `group/version/Kind`, as its
 * `APIResourcesToStrings`): Kubernetes' built-in kinds from the vendored schema, the custom resources of
 * the vendored CRDs (ESO, Argo CD) and the metrics API. Charts test it with `.Capabilities.APIVersions.Has`.
 */
export function clusterApiVersions(): readonly string[] {
  if (apiVersionsMemo !== undefined) return apiVersionsMemo;
  const out = new Set<string>(['metrics.k8s.io/v1beta1', 'metrics.k8s.io/v1beta1/NodeMetrics', 'metrics.k8s.io/v1beta1/PodMetrics']);
  const add = (group: string, version: string, kind: string): void => {
    const gv = group === '' ? version : `${group}/${version}`;
    out.add(gv);
    out.add(`${gv}/${kind}`);
  };
  const schemaDir = path.join(ROOT, 'schemas', 'kubernetes');
  const [schemaVersion] = fs.readdirSync(schemaDir).filter((d) => d.startsWith('v')).sort().reverse();
  const definitions = (JSON.parse(fs.readFileSync(path.join(schemaDir, schemaVersion as string, '_definitions.json'), 'utf8')) as { definitions: Record<string, { properties?: Record<string, unknown>; 'x-kubernetes-group-version-kind'?: Array<{ group: string; version: string; kind: string }> }> }).definitions;
  for (const def of Object.values(definitions)) {
    // Kinds with metadata are resources; the rest (DeleteOptions, WatchEvent, ...) are not served as such.
    if (def.properties?.metadata === undefined || def.properties.kind === undefined) continue;
    for (const gvk of def['x-kubernetes-group-version-kind'] ?? []) if (!gvk.kind.endsWith('List')) add(gvk.group, gvk.version, gvk.kind);
  }
  for (const file of fs.readdirSync(path.join(ROOT, 'crds')).filter((f) => f.endsWith('.yaml'))) {
    for (const doc of yaml.loadAll(fs.readFileSync(path.join(ROOT, 'crds', file), 'utf8'))) {
      const crd = doc as { kind?: string; spec?: { group: string; names: { kind: string }; versions: Array<{ name: string; served: boolean }> } } | null;
      if (crd?.kind !== 'CustomResourceDefinition' || crd.spec === undefined) continue;
      for (const v of crd.spec.versions) if (v.served) add(crd.spec.group, v.name, crd.spec.names.kind);
    }
  }
  apiVersionsMemo = [...out].sort();
  return apiVersionsMemo;
}

/** An add-on as its chart renders it for an environment. */
export interface RenderedAddOn {
  readonly addOn: HelmAddOn;
  readonly inputs: HelmTemplateInputs;
  /** The rendered objects, in helm's output order (what Argo CD applies). Do not modify: shared by the cache. */
  readonly objects: readonly KubeObject[];
}

const cache = new Map<string, readonly KubeObject[]>();

/** One `helm template` call: its arguments, the scratch home holding the values file, and what went in. */
interface HelmCall {
  readonly key: string;
  readonly inputs: HelmTemplateInputs;
  readonly args: readonly string[];
  readonly env: NodeJS.ProcessEnv;
  readonly home: string;
}

function prepare(env: Environment, addOn: HelmAddOn): HelmCall | { key: string; inputs: HelmTemplateInputs; cached: readonly KubeObject[] } {
  const inputs = helmTemplateInputs(env, addOn);
  const chartDir = vendoredChartDir(inputs);
  if (!fs.existsSync(path.join(chartDir, 'Chart.yaml'))) {
    throw new Error(`${addOn.name}: chart ${inputs.chart} ${inputs.version} is not vendored at ${path.relative(ROOT, chartDir)} (fix: copy the chart source of that tag there, unmodified, and list it in vendor/charts/README.md)`);
  }
  const kubeVersion = env.cluster.kubernetesVersion;
  const key = JSON.stringify([inputs, kubeVersion]);
  const cached = cache.get(key);
  if (cached !== undefined) return { key, inputs, cached };
  // Helm's own config, cache and data stay out of the user's home.
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'oke-vn-render-'));
  const valuesFile = path.join(home, 'values.yaml');
  fs.writeFileSync(valuesFile, inputs.values);
  const args = [
    'template', chartDir, '--name-template', inputs.releaseName, '--namespace', inputs.namespace,
    '--kube-version', kubeVersion, '--values', valuesFile,
    ...clusterApiVersions().flatMap((v) => ['--api-versions', v]),
    '--include-crds',
  ];
  const helmEnv = { ...process.env, HELM_CONFIG_HOME: path.join(home, 'config'), HELM_CACHE_HOME: path.join(home, 'cache'), HELM_DATA_HOME: path.join(home, 'data') };
  return { key, inputs, args, env: helmEnv, home };
}

function finish(call: HelmCall, out: string | undefined, err: unknown): readonly KubeObject[] {
  fs.rmSync(call.home, { recursive: true, force: true });
  if (err !== undefined && err !== null) {
    const stderr = (err as { stderr?: string }).stderr ?? String(err);
    const { chart, version, releaseName, namespace } = call.inputs;
    throw new Error(`helm template ${chart} ${version} (release ${releaseName}, namespace ${namespace}) failed: ${String(stderr).trim()}`);
  }
  const objects = yaml.loadAll(out ?? '').filter((d): d is KubeObject => typeof d === 'object' && d !== null);
  cache.set(call.key, objects);
  return objects;
}

const EXEC = { encoding: 'utf8' as const, maxBuffer: 256 * 1024 * 1024 };

/** `helm template` of the vendored chart with the Application's inputs; one render per distinct input in a process. */
export function renderAddOn(env: Environment, addOn: HelmAddOn): RenderedAddOn {
  const call = prepare(env, addOn);
  if ('cached' in call) return { addOn, inputs: call.inputs, objects: call.cached };
  let out: string | undefined;
  let error: unknown;
  try {
    out = execFileSync(helmBinary(), call.args, { ...EXEC, env: call.env, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (err) {
    error = err;
  }
  return { addOn, inputs: call.inputs, objects: finish(call, out, error) };
}

/** {@link renderAddOn} without blocking, so several renders can run at once (same cache). */
export async function renderAddOnAsync(env: Environment, addOn: HelmAddOn): Promise<RenderedAddOn> {
  const call = prepare(env, addOn);
  if ('cached' in call) return { addOn, inputs: call.inputs, objects: call.cached };
  const binary = helmBinary();
  const { out, error } = await new Promise<{ out?: string; error?: unknown }>((resolve) => {
    execFile(binary, call.args, { ...EXEC, env: call.env }, (err, stdout, stderr) => resolve(err === null ? { out: stdout } : { error: Object.assign(err, { stderr }) }));
  });
  return { addOn, inputs: call.inputs, objects: finish(call, out, error) };
}

/** A rule an add-on's chart cannot meet on one of its objects, and why that is acceptable. */
export interface AddOnOptOut {
  /** Guard rule id (lib/guard/README.md). */
  readonly ruleId: string;
  /** Kind and name of the rendered object. */
  readonly kind: string;
  readonly name: string;
  /** Why the rule does not apply or cannot be met; listed in every guard report of the add-on. */
  readonly reason: string;
}

/**
 * Guards the rendered objects as they are, with the add-on's declared opt-outs applied as the guard's opt-out
 * annotations (on copies), so the report lists each of them. An opt-out naming no rendered object is an error:
 * a stale opt-out must not hide the next finding.
 */
export function guardAddOn(env: Environment, rendered: RenderedAddOn): GuardReport {
  const optOuts = rendered.addOn.optOuts ?? [];
  for (const o of optOuts) {
    if (!rendered.objects.some((obj) => obj.kind === o.kind && obj.metadata?.name === o.name)) {
      throw new Error(`${rendered.addOn.name}: opt-out of ${o.ruleId} names ${o.kind} ${o.name}, which the chart does not render (fix: remove or correct it in lib/addons/${rendered.addOn.name}.ts)`);
    }
  }
  const objects = rendered.objects.map((obj) => {
    const mine = optOuts.filter((o) => o.kind === obj.kind && o.name === obj.metadata?.name);
    if (mine.length === 0) return obj;
    const copy = JSON.parse(JSON.stringify(obj)) as KubeObject & { metadata: { annotations?: Record<string, string> } };
    copy.metadata.annotations = { ...(copy.metadata.annotations ?? {}), ...Object.fromEntries(mine.map((o) => [`${OPT_OUT_PREFIX}${o.ruleId}`, o.reason])) };
    return copy;
  });
  const pool = env.virtualNodePool.nodeLabel;
  return guardObjects(objects, { virtualNodeLabels: { [pool.key]: pool.value } });
}

/** What a workload of an add-on reserves on virtual nodes. */
export interface ReservedResources {
  readonly kind: string;
  readonly name: string;
  readonly replicas: number;
  /** Per pod: the sum of the containers' limits (else requests), as virtual nodes allocate them. */
  readonly podCpu: number;
  readonly podMemoryGiB: number;
}

/** Every pod-running workload of the render with its replica count and per-pod CPU (cores) and memory (GiB). */
export function reservedResources(rendered: RenderedAddOn): ReservedResources[] {
  const out: ReservedResources[] = [];
  for (const obj of rendered.objects) {
    const pod = podTemplateOf(obj);
    if (pod === undefined) continue;
    const replicas = obj.kind === 'Pod' ? 1 : Number((obj.spec as { replicas?: number } | undefined)?.replicas ?? 1);
    let cpu = 0;
    let memory = 0;
    for (const c of (pod.spec.containers as Array<{ resources?: { limits?: Record<string, unknown>; requests?: Record<string, unknown> } }> | undefined) ?? []) {
      cpu += parseQuantity(c.resources?.limits?.cpu ?? c.resources?.requests?.cpu) ?? 0;
      memory += parseQuantity(c.resources?.limits?.memory ?? c.resources?.requests?.memory) ?? 0;
    }
    out.push({ kind: obj.kind, name: obj.metadata?.name ?? '(unnamed)', replicas, podCpu: cpu, podMemoryGiB: memory / 2 ** 30 });
  }
  return out;
}
