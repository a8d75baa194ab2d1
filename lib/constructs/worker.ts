import { Construct } from 'constructs';
import { PropsError } from './errors';
import { PodDisruptionBudget } from './pod-disruption-budget';
import { ContainerProbe, VirtualNodeDeployment } from './virtual-node-deployment';
import { WorkloadIdentityServiceAccount } from './workload-identity-service-account';
import { WorkloadPod } from './workload-pod';
import { NamedPort, WorkloadPodProps, WorkloadResources, checkWorkloadProps } from './workload-props';
import { WorkloadSecrets } from './workload-secrets';

export interface WorkerProps extends WorkloadPodProps {
  /** `app.kubernetes.io/component` label. @default "worker" */
  readonly component?: string;
  /** @default 1 OCPU, 1 GiB */
  readonly resources?: WorkloadResources;
  /** Fixed replica count; at least 2, so a cluster upgrade (which evicts every pod) never stops the work. @default 2 */
  readonly replicas?: number;
  /**
   * Liveness check, usually an exec probe (`{ command: ['/app/healthcheck'] }`): virtual nodes run exec
   * probes. Without one, only a process exit restarts the container.
   * @default none
   */
  readonly livenessProbe?: ContainerProbe;
  /** Holds liveness back while the process starts. @default none */
  readonly startupProbe?: ContainerProbe;
  /** Container ports, e.g. for metrics; a worker serves no Service. @default none */
  readonly ports?: readonly NamedPort[];
}

/**
 * A background process on OKE virtual nodes (queue consumer, scheduler loop): a VirtualNodeDeployment
 * with a fixed replica count, a PodDisruptionBudget, its Workload Identity ServiceAccount and secrets
 * from OCI Vault, and no Service, Ingress or HTTP probe. Exec probes (or none) instead of HTTP ones.
 *
 * Escape hatches: `workload.apiObject.addJsonPatch(...)`, `podDisruptionBudget`, `secrets`.
 */
export class Worker extends Construct {
  readonly labels: Readonly<Record<string, string>>;
  readonly selectorLabels: Readonly<Record<string, string>>;
  readonly serviceAccount: WorkloadIdentityServiceAccount;
  readonly secrets: WorkloadSecrets;
  readonly workload: VirtualNodeDeployment;
  readonly podDisruptionBudget: PodDisruptionBudget;

  constructor(scope: Construct, id: string, props: WorkerProps) {
    super(scope, id);
    const resources = props.resources ?? { cpu: 1, memoryGiB: 1 };
    const ports = props.ports ?? [];
    checkWorkloadProps('Worker', { name: props.name, resources, ports });
    const replicas = props.replicas ?? 2;
    if (!Number.isInteger(replicas) || replicas < 2) {
      throw new PropsError(`${props.name}: replicas ${replicas} must be at least 2; a single pod stops the work on every eviction (OKE evicts every pod on upgrades)`);
    }

    const pod = new WorkloadPod(this, props, {
      defaultComponent: 'worker', resources, ports, replicas,
      probes: { startupProbe: props.startupProbe, livenessProbe: props.livenessProbe },
    });
    this.labels = pod.labels;
    this.selectorLabels = pod.selectorLabels;
    this.serviceAccount = pod.serviceAccount;
    this.secrets = pod.secrets;
    this.workload = pod.workload;
    this.podDisruptionBudget = new PodDisruptionBudget(this, 'PodDisruptionBudget', {
      name: props.name, namespace: props.namespace, labels: this.labels, selectorLabels: this.selectorLabels, maxUnavailable: props.maxUnavailable,
    });
  }
}
