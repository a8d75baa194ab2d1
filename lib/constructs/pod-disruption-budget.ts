import { Construct } from 'constructs';
import { IntOrString, KubePodDisruptionBudget } from '../../imports/k8s';
import { PropsError } from './errors';

export interface PodDisruptionBudgetProps {
  readonly name: string;
  readonly namespace: string;
  /** Labels selecting the pods (the Deployment's selector labels). */
  readonly selectorLabels: Readonly<Record<string, string>>;
  readonly labels?: Readonly<Record<string, string>>;
  /** Pods that may be down at once during voluntary disruptions. @default 1 */
  readonly maxUnavailable?: number;
}

/**
 * A PodDisruptionBudget that protects availability while OKE evicts every virtual-node pod on a cluster
 * upgrade, yet never blocks an eviction for good: `maxUnavailable` (not `minAvailable`, which can block
 * all evictions) and `unhealthyPodEvictionPolicy: AlwaysAllow` (a crash-looping pod must not hold a
 * node drain hostage). cdk8s-plus-27 has no PDB construct, so this uses the Kubernetes 1.34 binding.
 */
export class PodDisruptionBudget extends Construct {
  constructor(scope: Construct, id: string, props: PodDisruptionBudgetProps) {
    super(scope, id);
    const maxUnavailable = props.maxUnavailable ?? 1;
    if (maxUnavailable < 1) throw new PropsError(`maxUnavailable must be at least 1 (got ${maxUnavailable}): 0 blocks every eviction`);
    new KubePodDisruptionBudget(this, 'Resource', {
      metadata: { name: props.name, namespace: props.namespace, labels: { ...(props.labels ?? {}) } },
      spec: {
        maxUnavailable: IntOrString.fromNumber(maxUnavailable),
        selector: { matchLabels: { ...props.selectorLabels } },
        unhealthyPodEvictionPolicy: 'AlwaysAllow',
      },
    });
  }
}
