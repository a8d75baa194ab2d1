import { Construct } from 'constructs';
import { KubeNamespace } from '../../imports/k8s';
import { KUBERNETES_MINOR } from '../kubernetes-version';

export interface WorkloadNamespaceProps {
  readonly name: string;
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * Label the namespace so OKE injects load-balancer pod readiness gates (a virtual-node-only feature):
   * a rollout then waits until the OCI LB has registered the new pod.
   * @default false
   */
  readonly loadBalancerReadinessGates?: boolean;
}

/**
 * A namespace for pods on virtual nodes, with Pod Security Admission labels: `enforce: baseline`
 * and `warn`/`audit: restricted`. "restricted" cannot be enforced because it demands a pod-level
 * seccompProfile, a field virtual nodes reject; everything else "restricted" asks for our pods do.
 */
export class WorkloadNamespace extends Construct {
  readonly name: string;

  constructor(scope: Construct, id: string, props: WorkloadNamespaceProps) {
    super(scope, id);
    this.name = props.name;
    const labels: Record<string, string> = {
      ...(props.labels ?? {}),
      'pod-security.kubernetes.io/enforce': 'baseline',
      'pod-security.kubernetes.io/enforce-version': `v${KUBERNETES_MINOR}`,
      'pod-security.kubernetes.io/warn': 'restricted',
      'pod-security.kubernetes.io/warn-version': `v${KUBERNETES_MINOR}`,
      'pod-security.kubernetes.io/audit': 'restricted',
      'pod-security.kubernetes.io/audit-version': `v${KUBERNETES_MINOR}`,
    };
    if (props.loadBalancerReadinessGates === true) labels['loadbalancer.oci.oraclecloud.com/pod-readiness-gate-inject'] = 'enabled';
    new KubeNamespace(this, 'Resource', { metadata: { name: props.name, labels } });
  }
}
