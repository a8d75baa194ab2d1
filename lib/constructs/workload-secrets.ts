import { Construct } from 'constructs';
import { isOcirHost } from '../config/regions';
import { PropsError } from './errors';
import { OciVaultSecretStore } from './oci-vault-secret-store';
import { OcirPullSecret, VaultExternalSecret, VaultSecretKey } from './vault-external-secret';
import { VaultTlsCertificate } from './vault-tls-certificate';
import { SecretFile } from './virtual-node-deployment';

/** The OCI Vault a workload reads its secrets from, through a SecretStore of its own. */
export interface WorkloadVault {
  /** Vault OCID (`vault.id` of the environment: `WorkloadContext.vault.id`). */
  readonly id: string;
  /** Region of the vault (`oci.region`: `WorkloadContext.vault.region`). */
  readonly region: string;
  /**
   * Name of the SecretStore created for this workload. It authenticates with OKE Workload Identity as the
   * workload's ServiceAccount, so an OCI IAM policy must let that namespace and ServiceAccount read the
   * vault's secret bundles (the bootstrap writes one for `app.namespace`/`app.serviceAccountName`).
   * @default "<name>-vault"
   */
  readonly secretStoreName?: string;
}

/** A Secret written by ESO from vault secrets, and mounted into the pod as files. */
export interface VaultSecretMount {
  /** Name of the ExternalSecret and of the Secret ESO creates (a DNS subdomain). */
  readonly name: string;
  /** Keys of the Secret, each read from a vault secret by name (never by OCID). */
  readonly keys: readonly VaultSecretKey[];
  /** Directory the keys appear in, one read-only file per key (named after the key). */
  readonly mountPath: string;
  /**
   * How often ESO re-reads the vault (Go duration). Virtual nodes do not refresh mounted Secrets: a
   * rotated value reaches pods on their next restart.
   * @default "1h"
   */
  readonly refreshInterval?: string;
}

/** An OCIR image pull Secret built by ESO from an auth token in the vault. */
export interface OcirPullSecretOptions {
  /** OCIR user as `<tenancy-namespace>/<user>`. */
  readonly username: string;
  /** Vault secret (by name) holding the user's auth token. */
  readonly authTokenSecretName: string;
  /** Name of the ExternalSecret and of the `kubernetes.io/dockerconfigjson` Secret. @default "<name>-ocir-pull" */
  readonly secretName?: string;
  /** How often ESO re-reads the token. @default "1h" */
  readonly refreshInterval?: string;
}

/**
 * A TLS certificate kept in the vault as one PEM bundle (key and chain, lib/tls-bundle.ts; written by
 * `npm run bootstrap -- put-certificate`), which ESO turns into a kubernetes.io/tls Secret.
 */
export interface VaultCertificate {
  /** Vault secret (by name) holding the bundle. */
  readonly vaultSecretName: string;
  /** Name of the ExternalSecret and of the kubernetes.io/tls Secret. @default "<name>-tls" */
  readonly secretName?: string;
  /** How often ESO re-reads the vault: the longest a renewed certificate waits before it is served. @default "1h" */
  readonly refreshInterval?: string;
}

/** What WebService and Worker share: where their secrets come from. */
export interface WorkloadSecretsProps {
  /** Name of the workload (defaults of the object names derive from it). */
  readonly workloadName: string;
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  /** ServiceAccount the created SecretStore authenticates as. */
  readonly serviceAccountName: string;
  /** Image reference; its registry host goes into the pull secret. */
  readonly image: string;
  /** The vault, when this workload reads secrets through a SecretStore of its own. @default none */
  readonly vault?: WorkloadVault;
  /** An existing SecretStore in the namespace to read secrets through, instead of `vault`. @default none */
  readonly secretStoreName?: string;
  /** Secrets to create and mount. @default none */
  readonly secrets?: readonly VaultSecretMount[];
  /** An OCIR pull Secret. @default none (public image, or one the namespace already provides) */
  readonly ocirPullSecret?: OcirPullSecretOptions;
  /** A TLS certificate from the vault, as a kubernetes.io/tls Secret (not mounted: the ingress controller reads it). @default none */
  readonly certificate?: VaultCertificate;
}

/** Registry host of an image reference (`fra.ocir.io/ns/app:1.0` → `fra.ocir.io`). */
export function imageRegistry(image: string): string {
  return image.split('/')[0] as string;
}

/**
 * The SecretStore (optional), the ExternalSecrets and the OCIR pull Secret of one workload, created in
 * that order (the sync waves order them anyway: store, then ExternalSecrets, then the pods).
 */
export class WorkloadSecrets extends Construct {
  /** The SecretStore created from `vault` (escape hatch). */
  readonly secretStore?: OciVaultSecretStore;
  /** One ExternalSecret per entry of `secrets`, in order (escape hatch). */
  readonly externalSecrets: readonly VaultExternalSecret[];
  /** The pull Secret's ExternalSecret (escape hatch). */
  readonly pullSecret?: OcirPullSecret;
  /** Files for VirtualNodeDeployment `secretFiles`. */
  readonly secretFiles: readonly SecretFile[];
  /** Name of the pull Secret, for `imagePullSecretName`. */
  readonly pullSecretName?: string;
  /** The certificate's ExternalSecret (escape hatch). */
  readonly certificate?: VaultTlsCertificate;
  /** Name of the kubernetes.io/tls Secret, for an Ingress's `tls`. */
  readonly certificateSecretName?: string;

  constructor(scope: Construct, id: string, props: WorkloadSecretsProps) {
    super(scope, id);
    const { namespace: ns, labels } = props;
    if (props.vault !== undefined && props.secretStoreName !== undefined) {
      throw new PropsError(`${props.workloadName}: set either vault (a SecretStore of its own) or secretStoreName (an existing one), not both`);
    }
    const needsStore = (props.secrets ?? []).length > 0 || props.ocirPullSecret !== undefined || props.certificate !== undefined;
    if (needsStore && props.vault === undefined && props.secretStoreName === undefined) {
      throw new PropsError(`${props.workloadName}: secrets, ocirPullSecret and certificates come from OCI Vault; set vault (e.g. the WorkloadContext's vault) or secretStoreName`);
    }
    let storeName = props.secretStoreName;
    if (props.vault !== undefined) {
      storeName = props.vault.secretStoreName ?? `${props.workloadName}-vault`;
      this.secretStore = new OciVaultSecretStore(this, 'SecretStore', {
        name: storeName, namespace: ns, labels, vaultId: props.vault.id, region: props.vault.region, serviceAccountName: props.serviceAccountName,
      });
    }
    const store = storeName ?? '';
    const files: SecretFile[] = [];
    this.externalSecrets = (props.secrets ?? []).map((s) => {
      if (s.keys.length === 0) throw new PropsError(`${props.workloadName}: secret "${s.name}" lists no keys; add at least one { secretKey, vaultSecretName }`);
      for (const k of s.keys) files.push({ secretName: s.name, key: k.secretKey, directory: s.mountPath });
      return new VaultExternalSecret(this, `Secret-${s.name}`, {
        name: s.name, namespace: ns, labels, secretStoreName: store, targetSecretName: s.name, refreshInterval: s.refreshInterval ?? '1h', keys: s.keys,
      });
    });
    this.secretFiles = files;
    const pull = props.ocirPullSecret;
    if (pull !== undefined) {
      const registry = imageRegistry(props.image);
      if (!isOcirHost(registry)) {
        throw new PropsError(`${props.workloadName}: ocirPullSecret is for OCIR images, but ${props.image} is on ${registry}; drop ocirPullSecret or use an image from <region-key>.ocir.io`);
      }
      this.pullSecretName = pull.secretName ?? `${props.workloadName}-ocir-pull`;
      this.pullSecret = new OcirPullSecret(this, 'PullSecret', {
        name: this.pullSecretName,
        namespace: ns,
        labels,
        secretStoreName: store,
        registry,
        username: pull.username,
        authTokenSecretName: pull.authTokenSecretName,
        refreshInterval: pull.refreshInterval ?? '1h',
      });
    }
    const cert = props.certificate;
    if (cert !== undefined) {
      this.certificateSecretName = cert.secretName ?? `${props.workloadName}-tls`;
      this.certificate = new VaultTlsCertificate(this, 'Certificate', {
        secretName: this.certificateSecretName, namespace: ns, labels, secretStoreName: store,
        vaultSecretName: cert.vaultSecretName, refreshInterval: cert.refreshInterval ?? '1h',
      });
    }
  }
}
