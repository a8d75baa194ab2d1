import { App, Chart } from 'cdk8s';
import { HelmAddOn, platformAddOns, renderValues } from '../addons';
import { Environment } from '../config';
import { AppChart } from '../charts/app-chart';
import { DbUserChart } from '../charts/db-user-chart';
import { AddOnApplicationChart, GitOpsBootstrapChart, WorkloadsApplicationChart } from '../charts/gitops-chart';
import { IngressControllerChart } from '../charts/ingress-controller-chart';
import { NamespacesChart } from '../charts/namespaces-chart';
import { applySyncPolicy } from '../gitops/sync-policy';

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

/**
 * The charts of our own manifests, in apply order. They are the top-level files of `dist/<env>/`; the
 * number prefix is the file's place in that order, so `kubectl apply --server-side -f dist/<env>/`
 * (which reads the folder's files in name order, not its sub-folders) applies namespaces first.
 */
const CHARTS: ReadonlyArray<readonly [string, new (scope: App, id: string, env: Environment) => Chart]> = [
  ['10-namespaces', NamespacesChart],
  ['20-ingress-controller', IngressControllerChart],
  ['25-db-user', DbUserChart],
  ['30-app', AppChart],
];

/** Folder (under dist/<env>/) of the Argo CD objects, and of the Helm values files. */
export const ARGOCD_DIR = 'argocd';
export const HELM_VALUES_DIR = 'helm-values';

/** `helm-values/<add-on>.yaml`: the values the add-on's Application embeds, for `helm install -f`. */
export function helmValuesPath(addOn: HelmAddOn): string {
  return `${HELM_VALUES_DIR}/${addOn.name}.yaml`;
}

/** Builds every chart of an environment in memory and returns its files; nothing is written. */
export function synthesizeEnvironment(env: Environment): EnvironmentOutput {
  // outdir is never used: files are rendered and written by the caller, atomically.
  const app = new App({ outdir: '.cdk8s.unused' });
  const workloads = CHARTS.map(([name, ChartClass]) => {
    const chart = new ChartClass(app, name, env);
    applySyncPolicy(chart);
    return { path: `${name}.k8s.yaml`, objects: chart.toJson() as KubeObject[] };
  });
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
