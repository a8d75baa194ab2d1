import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { Environment } from '../config';
import { MANAGED_BY } from '../constructs/labels';
import { WorkloadNamespace } from '../constructs/workload-namespace';

/** Namespaces of the ingress controller and the app, created before anything that lives in them. */
export class NamespacesChart extends Chart {
  constructor(scope: Construct, id: string, env: Environment) {
    super(scope, id, { disableResourceNameHashes: true });
    const labels = { 'app.kubernetes.io/managed-by': MANAGED_BY };
    new WorkloadNamespace(this, 'IngressNamespace', { name: env.ingress.controller.namespace, labels, loadBalancerReadinessGates: true });
    new WorkloadNamespace(this, 'AppNamespace', { name: env.app.namespace, labels });
  }
}
