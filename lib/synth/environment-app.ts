import { ApiObject, App, Chart } from 'cdk8s';
import { HelmAddOn, platformAddOns, renderValues } from '../addons';
import { Environment } from '../config';
import { AppChart } from '../charts/app-chart';
import { DbUserChart } from '../charts/db-user-chart';
import { AddOnApplicationChart, GitOpsBootstrapChart, WorkloadsApplicationChart } from '../charts/gitops-chart';
import { IngressControllerChart } from '../charts/ingress-controller-chart';
import { NamespacesChart } from '../charts/namespaces-chart';
import { PropsError } from '../constructs/errors';
import { MissingSyncWaveError, SyncWaves, applySyncPolicy } from '../gitops/sync-policy';
import { workloadContext } from '../workloads/context';
import { ingressNamespaces, namespacesOf } from '../workloads/derive';
import { WorkloadContext, WorkloadModule } from '../workloads/types';
import { unauthorizedSecretStores } from '../workloads/vault-access';
import { SynthError } from './errors';

/** A Kubernetes object as synthesized (plain JSON). */
export interface KubeObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata?: { readonly name?: string; readonly namespace?: string; readonly [key: string]: unknown };
  readonly [key: string]: unknown;
}

/** One output file of Kubernetes objects: a path under `dist/<env>/` and its objects, in apply order. */
export interface ManifestFile {
  readonly path: string;
  readonly objects: readonly KubeObject[];
}

/** One output file that is not Kubernetes objects (Helm values): a path under `dist/<env>/` and its text. */
export interface TextFile {
  readonly path: string;
  readonly text: string;
}

/** Everything an environment writes. Only `manifests` hold Kubernetes objects (and are checked as such). */
export interface EnvironmentOutput {
  readonly manifests: readonly ManifestFile[];
  readonly texts: readonly TextFile[];
}

/** Folder (under dist/<env>/) of the Argo CD objects, and of the Helm values files. */
export const ARGOCD_DIR = 'argocd';
export const HELM_VALUES_DIR = 'helm-values';

/** `helm-values/<add-on>.yaml`: the values the add-on's Application embeds, for `helm install -f`. */
export function helmValuesPath(addOn: HelmAddOn): string {
  return `${HELM_VALUES_DIR}/${addOn.name}.yaml`;
}

/** Where a workload module's file goes: after the platform charts and the app. */
export function workloadFile(module: WorkloadModule): string {
  return `40-${module.name}`;
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Module names must make distinct, valid file names. */
function checkModules(env: Environment, modules: readonly WorkloadModule[]): void {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const m of modules) {
    if (!DNS_LABEL.test(m.name) || m.name.length > 63) problems.push(`${env.name}: workload module name "${m.name}" must be a DNS label (lower-case letters, digits, "-"); rename it`);
    else if (seen.has(m.name)) problems.push(`${env.name}: two workload modules are named "${m.name}"; give each a name of its own (it names dist/${env.name}/${workloadFile(m)}.k8s.yaml)`);
    seen.add(m.name);
  }
  if (problems.length > 0) throw new SynthError(problems);
}

/** Runs a module's build; bad props (PropsError) become a one-line SynthError naming the module. */
function buildModule(app: App, module: WorkloadModule, context: WorkloadContext): Chart {
  const file = `${workloadFile(module)}.k8s.yaml`;
  const chart = new Chart(app, workloadFile(module), { disableResourceNameHashes: true });
  try {
    module.build(chart, context);
  } catch (e) {
    if (e instanceof PropsError) throw new SynthError([`${context.env.name}: ${file} (workload module "${module.name}"): ${e.message}`]);
    throw e;
  }
  const namespaces = chart.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject && c.kind === 'Namespace' && c.apiVersion === 'v1');
  if (namespaces.length > 0) {
    throw new SynthError([`${context.env.name}: ${file} (workload module "${module.name}") creates Namespace ${namespaces.map((n) => n.name).join(', ')}; `
      + `remove it: 10-namespaces.k8s.yaml creates every namespace your workloads use, with the Pod Security Admission labels virtual nodes need`]);
  }
  return chart;
}

/** Annotates a chart's objects with their sync waves; a kind without one is a SynthError naming the file. */
function order(env: Environment, file: string, chart: Chart, waves: SyncWaves | undefined): void {
  try {
    applySyncPolicy(chart, waves);
  } catch (e) {
    if (e instanceof MissingSyncWaveError) throw new SynthError([`${env.name}: ${file}: ${e.message}`]);
    throw e;
  }
}

/**
 * Builds every chart of an environment in memory and returns its files; nothing is written. `modules` are
 * the environment's own workloads (`40-<name>.k8s.yaml`); the namespaces to create and the namespaces
 * Traefik watches are derived from what they and the app chart contain.
 */
export function synthesizeEnvironment(env: Environment, modules: readonly WorkloadModule[] = []): EnvironmentOutput {
  checkModules(env, modules);
  // outdir is never used: files are rendered and written by the caller, atomically.
  const app = new App({ outdir: '.cdk8s.unused' });
  const context = workloadContext(env);
  const dbUserChart = new DbUserChart(app, '25-db-user', env);
  const appChart = new AppChart(app, '30-app', env);
  const userCharts = modules.map((module) => ({ module, chart: buildModule(app, module, context) }));
  const userObjects = userCharts.flatMap((c) => c.chart.toJson() as KubeObject[]);
  const workloadObjects = [...(appChart.toJson() as KubeObject[]), ...userObjects];

  const charts: ReadonlyArray<{ readonly name: string; readonly chart: Chart; readonly waves?: SyncWaves }> = [
    { name: '10-namespaces', chart: new NamespacesChart(app, '10-namespaces', env, { workloadNamespaces: namespacesOf([...(dbUserChart.toJson() as KubeObject[]), ...userObjects]) }) },
    { name: '20-ingress-controller', chart: new IngressControllerChart(app, '20-ingress-controller', env, { watchNamespaces: ingressNamespaces(workloadObjects, env.ingress.className) }) },
    { name: '25-db-user', chart: dbUserChart },
    { name: '30-app', chart: appChart },
    ...userCharts.map((c) => ({ name: workloadFile(c.module), chart: c.chart, waves: c.module.syncWaves })),
  ];
  // The number prefix is the file's place in apply order, so `kubectl apply --server-side -f dist/<env>/`
  // (which reads the folder's files in name order, not its sub-folders) applies namespaces first.
  const workloads = charts.map(({ name, chart, waves }) => {
    const path = `${name}.k8s.yaml`;
    order(env, path, chart, waves);
    return { path, objects: chart.toJson() as KubeObject[] };
  });
  const unauthorized = unauthorizedSecretStores(env, workloads);
  if (unauthorized.length > 0) throw new SynthError(unauthorized);
  const addOns = platformAddOns(env);
  const manifest = { files: workloads.map((f) => f.path), objects: workloads.flatMap((f) => f.objects) };

  const argo: ManifestFile[] = [
    { path: `${ARGOCD_DIR}/bootstrap.k8s.yaml`, objects: new GitOpsBootstrapChart(app, 'argocd-bootstrap', { env, addOns, workloads: manifest }).toJson() as KubeObject[] },
    ...addOns.map((addOn) => ({
      path: `${ARGOCD_DIR}/apps/${addOn.name}.k8s.yaml`,
      objects: new AddOnApplicationChart(app, `argocd-${addOn.name}`, { env, addOn }).toJson() as KubeObject[],
    })),
    { path: `${ARGOCD_DIR}/apps/workloads.k8s.yaml`, objects: new WorkloadsApplicationChart(app, 'argocd-workloads', { env, workloads: manifest }).toJson() as KubeObject[] },
  ];
  return {
    manifests: [...workloads, ...argo],
    texts: addOns.map((addOn) => ({ path: helmValuesPath(addOn), text: renderValues(addOn) })),
  };
}
