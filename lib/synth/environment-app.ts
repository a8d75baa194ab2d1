import { App, Chart } from 'cdk8s';
import { Environment } from '../config';
import { AppChart } from '../charts/app-chart';
import { IngressControllerChart } from '../charts/ingress-controller-chart';
import { NamespacesChart } from '../charts/namespaces-chart';

/** A Kubernetes object as synthesized (plain JSON). */
export interface KubeObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata?: { readonly name?: string; readonly namespace?: string; readonly [key: string]: unknown };
  readonly [key: string]: unknown;
}

/** One output file: a path under `dist/<env>/` and the objects it holds, in apply order. */
export interface ManifestFile {
  readonly path: string;
  readonly objects: readonly KubeObject[];
}

/**
 * The charts of one environment, in apply order. The number prefix is the file's place in that order,
 * so `kubectl apply -f dist/<env>/` (which reads files in name order) applies namespaces first.
 */
const CHARTS: ReadonlyArray<readonly [string, new (scope: App, id: string, env: Environment) => Chart]> = [
  ['10-namespaces', NamespacesChart],
  ['20-ingress-controller', IngressControllerChart],
  ['30-app', AppChart],
];

/** Builds every chart of an environment in memory and returns its files; nothing is written. */
export function synthesizeEnvironment(env: Environment): ManifestFile[] {
  // outdir is never used: files are rendered and written by the caller, atomically.
  const app = new App({ outdir: '.cdk8s.unused' });
  return CHARTS.map(([name, ChartClass]) => {
    const chart = new ChartClass(app, name, env);
    return { path: `${name}.k8s.yaml`, objects: chart.toJson() as KubeObject[] };
  });
}
