import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { Environment } from '../config';
import { MANAGED_BY } from '../constructs/labels';
import { WorkloadNamespace } from '../constructs/workload-namespace';

export interface NamespacesChartProps {
  /**
   * Namespaces of the DB-user Job and of your workloads (derived from their objects by the synth), created
   * after the ingress controller's and the app's, with the same Pod Security Admission labels.
   * @default none
   */
  readonly workloadNamespaces?: readonly string[];
}

/** Namespaces of the ingress controller, the app, the DB-user Job and your workloads, created before anything that lives in them. */
export class NamespacesChart extends Chart {
  constructor(scope: Construct, id: string, env: Environment, props: NamespacesChartProps = {}) {
    super(scope, id, { disableResourceNameHashes: true });
    const labels = { 'app.kubernetes.io/managed-by': MANAGED_BY };
    const ingressNs = env.ingress.controller.namespace;
    const appNs = env.app.namespace;
    new WorkloadNamespace(this, 'IngressNamespace', { name: ingressNs, labels, loadBalancerReadinessGates: true });
    new WorkloadNamespace(this, 'AppNamespace', { name: appNs, labels });
    const extra = [...new Set(props.workloadNamespaces ?? [])].filter((ns) => ns !== ingressNs && ns !== appNs).sort();
    for (const ns of extra) new WorkloadNamespace(this, `Namespace-${ns}`, { name: ns, labels });
  }
}
