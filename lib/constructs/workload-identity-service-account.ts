import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';

export interface WorkloadIdentityServiceAccountProps {
  /** ServiceAccount name; the OCI IAM Workload Identity policy names it. */
  readonly name: string;
  /** Namespace; the IAM policy names it too. */
  readonly namespace: string;
  /** Labels. */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * Mount this ServiceAccount's token into pods that use it. Needed only when the pod itself calls OCI
   * with Workload Identity (an OCI SDK in the container). ESO's `serviceAccountRef` obtains its tokens
   * through the TokenRequest API and needs no mounted token, so the default keeps tokens out of pods.
   * @default false
   */
  readonly automountToken?: boolean;
}

/**
 * A ServiceAccount that an OCI IAM policy trusts through OKE Workload Identity
 * (`request.principal.namespace` + `request.principal.service_account` + `request.principal.cluster_id`).
 * OKE needs no annotation on it, unlike IRSA or GKE Workload Identity.
 */
export class WorkloadIdentityServiceAccount extends Construct {
  readonly serviceAccount: kplus.ServiceAccount;
  readonly name: string;
  readonly namespace: string;

  constructor(scope: Construct, id: string, props: WorkloadIdentityServiceAccountProps) {
    super(scope, id);
    this.name = props.name;
    this.namespace = props.namespace;
    this.serviceAccount = new kplus.ServiceAccount(this, 'Resource', {
      metadata: { name: props.name, namespace: props.namespace, labels: { ...(props.labels ?? {}) } },
      automountToken: props.automountToken ?? false,
    });
  }
}
