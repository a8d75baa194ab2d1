import { Construct } from 'constructs';
import { PropsError } from './errors';
import { componentLabels, selectorLabels } from './labels';
import { PodDisruptionBudget } from './pod-disruption-budget';
import { ContainerProbe, VirtualNodeDeployment, VirtualNodeScheduling } from './virtual-node-deployment';
import { WorkloadIdentityServiceAccount } from './workload-identity-service-account';
import { NamedPort, WorkloadResources, checkWorkloadProps } from './workload-props';
import { OcirPullSecretOptions, VaultSecretMount, WorkloadSecrets, WorkloadVault } from './workload-secrets';

export interface WorkerProps {
  /** Name of the Deployment and PDB, and the `app.kubernetes.io/name` label (a DNS label). */
  readonly name: string;
  /** Namespace (created for you in `10-namespaces.k8s.yaml` when it holds a user workload). */
  readonly namespace: string;
  /** Image reference, pinned by tag or digest (never `latest`: the guard refuses it). */
  readonly image: string;
  /** The environment's virtual node pool: `WorkloadContext.scheduling`. */
  readonly scheduling: VirtualNodeScheduling;
  /** `app.kubernetes.io/component` label. @default "worker" */
  readonly component?: string;
  /** `app.kubernetes.io/part-of` label. @default "oke-virtual-nodes" */
  readonly partOf?: string;
  /** Container arguments. @default the image's */
  readonly args?: readonly string[];
  /** Plain environment variables; never secret values (mount them with `secrets`). @default none */
  readonly env?: Readonly<Record<string, string>>;
  /** @default 1 OCPU, 1 GiB */
  readonly resources?: WorkloadResources;
  /** Fixed replica count; at least 2, so a cluster upgrade (which evicts every pod) never stops the work. @default 2 */
  readonly replicas?: number;
  /** Pods the PodDisruptionBudget lets go at once (at least 1). @default 1 */
  readonly maxUnavailable?: number;
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
  /** ServiceAccount created for the pods (and the SecretStore's Workload Identity). @default name */
  readonly serviceAccountName?: string;
  /** The OCI Vault to read `secrets` from, through a SecretStore created for this worker. @default none */
  readonly vault?: WorkloadVault;
  /** An existing SecretStore in the namespace to read `secrets` through, instead of `vault`. @default none */
  readonly secretStoreName?: string;
  /** Secrets from the vault, mounted as files. @default none */
  readonly secrets?: readonly VaultSecretMount[];
  /** Pull the image from private OCIR with a token from the vault. @default none */
  readonly ocirPullSecret?: OcirPullSecretOptions;
  /** Pod template annotations. @default none */
  readonly podAnnotations?: Readonly<Record<string, string>>;
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
    const ns = props.namespace;
    const resources = props.resources ?? { cpu: 1, memoryGiB: 1 };
    const ports = props.ports ?? [];
    checkWorkloadProps('Worker', { name: props.name, resources, ports });
    const replicas = props.replicas ?? 2;
    if (!Number.isInteger(replicas) || replicas < 2) {
      throw new PropsError(`${props.name}: replicas ${replicas} must be at least 2; a single pod stops the work on every eviction (OKE evicts every pod on upgrades)`);
    }

    const component = { name: props.name, component: props.component ?? 'worker', partOf: props.partOf };
    this.labels = componentLabels(component);
    this.selectorLabels = selectorLabels(component);
    const labels = this.labels;

    this.serviceAccount = new WorkloadIdentityServiceAccount(this, 'ServiceAccount', { name: props.serviceAccountName ?? props.name, namespace: ns, labels });
    this.secrets = new WorkloadSecrets(this, 'Secrets', {
      workloadName: props.name,
      namespace: ns,
      labels,
      serviceAccountName: this.serviceAccount.name,
      image: props.image,
      vault: props.vault,
      secretStoreName: props.secretStoreName,
      secrets: props.secrets,
      ocirPullSecret: props.ocirPullSecret,
    });
    this.workload = new VirtualNodeDeployment(this, 'Deployment', {
      name: props.name,
      namespace: ns,
      labels,
      selectorLabels: this.selectorLabels,
      serviceAccount: this.serviceAccount.serviceAccount,
      scheduling: props.scheduling,
      replicas,
      imagePullSecretName: this.secrets.pullSecretName,
      podAnnotations: props.podAnnotations,
      secretFiles: this.secrets.secretFiles,
      container: {
        name: props.name,
        image: props.image,
        args: props.args,
        ports,
        env: props.env,
        cpu: resources.cpu,
        memoryGiB: resources.memoryGiB,
        startupProbe: props.startupProbe,
        livenessProbe: props.livenessProbe,
      },
    });
    this.podDisruptionBudget = new PodDisruptionBudget(this, 'PodDisruptionBudget', {
      name: props.name, namespace: ns, labels, selectorLabels: this.selectorLabels, maxUnavailable: props.maxUnavailable,
    });
  }
}
