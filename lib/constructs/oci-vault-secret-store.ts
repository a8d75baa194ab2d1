import { Construct } from 'constructs';
import { SecretStore, SecretStoreSpecProviderOraclePrincipalType } from '../../imports/external-secrets.io';

export interface OciVaultSecretStoreProps {
  /** SecretStore name; ExternalSecrets refer to it. */
  readonly name: string;
  /** Namespace (a namespaced store keeps the IAM policy down to one namespace and ServiceAccount). */
  readonly namespace: string;
  /** Vault OCID. */
  readonly vaultId: string;
  /** Region of the vault (required by ESO's Oracle provider; several upstream snippets omit it). */
  readonly region: string;
  /** ServiceAccount, in the same namespace, whose Workload Identity reads the vault. */
  readonly serviceAccountName: string;
  /** Labels. */
  readonly labels?: Readonly<Record<string, string>>;
}

/**
 * ESO `SecretStore` for OCI Vault authenticated by OKE Workload Identity as one ServiceAccount
 * (`principalType: Workload` + `serviceAccountRef`). Without `serviceAccountRef` ESO would use its own
 * controller's identity; without `principalType` it would fall back to instance principals, which virtual
 * nodes do not support.
 */
export class OciVaultSecretStore extends Construct {
  readonly name: string;

  constructor(scope: Construct, id: string, props: OciVaultSecretStoreProps) {
    super(scope, id);
    this.name = props.name;
    new SecretStore(this, 'Resource', {
      metadata: { name: props.name, namespace: props.namespace, labels: { ...(props.labels ?? {}) } },
      spec: {
        provider: {
          oracle: {
            vault: props.vaultId,
            region: props.region,
            principalType: SecretStoreSpecProviderOraclePrincipalType.WORKLOAD,
            serviceAccountRef: { name: props.serviceAccountName },
          },
        },
      },
    });
  }
}
