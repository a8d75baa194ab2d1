import { Construct } from 'constructs';
import { componentLabels, selectorLabels } from './labels';
import { VirtualNodeContainer, VirtualNodeDeployment } from './virtual-node-deployment';
import { WorkloadIdentityServiceAccount } from './workload-identity-service-account';
import { NamedPort, WorkloadPodProps, WorkloadResources } from './workload-props';
import { VaultCertificate, WorkloadSecrets } from './workload-secrets';

/** What a workload construct decides itself; the rest of the pod comes from its {@link WorkloadPodProps}. */
export interface WorkloadPodSpec {
  /** `app.kubernetes.io/component` when the props give none. */
  readonly defaultComponent: string;
  /** CPU and memory (the props' or the construct's default). */
  readonly resources: WorkloadResources;
  readonly ports: readonly NamedPort[];
  /** Fixed replica count; unset when an HPA owns it. */
  readonly replicas?: number;
  readonly probes: Pick<VirtualNodeContainer, 'startupProbe' | 'livenessProbe' | 'readinessProbe'>;
  /** A TLS certificate the secrets should also bring from the vault. */
  readonly certificate?: VaultCertificate;
}

/**
 * The part WebService and Worker share: labels, the Workload Identity ServiceAccount, the secrets from OCI Vault,
 * and the virtual-node Deployment, as children of `scope` (each construct adds its PodDisruptionBudget where its
 * objects' order wants it).
 */
export class WorkloadPod {
  readonly labels: Readonly<Record<string, string>>;
  readonly selectorLabels: Readonly<Record<string, string>>;
  readonly serviceAccount: WorkloadIdentityServiceAccount;
  readonly secrets: WorkloadSecrets;
  readonly workload: VirtualNodeDeployment;

  constructor(scope: Construct, props: WorkloadPodProps, spec: WorkloadPodSpec) {
    const ns = props.namespace;
    const component = { name: props.name, component: props.component ?? spec.defaultComponent, partOf: props.partOf };
    this.labels = componentLabels(component);
    this.selectorLabels = selectorLabels(component);
    const labels = this.labels;

    this.serviceAccount = new WorkloadIdentityServiceAccount(scope, 'ServiceAccount', { name: props.serviceAccountName ?? props.name, namespace: ns, labels });
    this.secrets = new WorkloadSecrets(scope, 'Secrets', {
      workloadName: props.name,
      namespace: ns,
      labels,
      serviceAccountName: this.serviceAccount.name,
      image: props.image,
      vault: props.vault,
      secretStoreName: props.secretStoreName,
      secrets: props.secrets,
      ocirPullSecret: props.ocirPullSecret,
      certificate: spec.certificate,
    });
    this.workload = new VirtualNodeDeployment(scope, 'Deployment', {
      name: props.name,
      namespace: ns,
      labels,
      selectorLabels: this.selectorLabels,
      serviceAccount: this.serviceAccount.serviceAccount,
      scheduling: props.scheduling,
      replicas: spec.replicas,
      imagePullSecretName: this.secrets.pullSecretName,
      podAnnotations: props.podAnnotations,
      secretFiles: this.secrets.secretFiles,
      container: {
        name: props.name,
        image: props.image,
        args: props.args,
        ports: spec.ports,
        env: props.env,
        cpu: spec.resources.cpu,
        memoryGiB: spec.resources.memoryGiB,
        ...spec.probes,
      },
    });
  }
}
