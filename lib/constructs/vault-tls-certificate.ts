import { Construct } from 'constructs';
import { TLS_BUNDLE_KEY, TLS_SECRET_TEMPLATE } from '../tls-bundle';
import { VaultExternalSecret } from './vault-external-secret';

export interface VaultTlsCertificateProps {
  /** Name of the ExternalSecret and of the kubernetes.io/tls Secret ESO writes (what an Ingress `tls.secretName` names). */
  readonly secretName: string;
  /** Namespace: the Ingress's (Traefik reads the Secret from the Ingress's namespace). */
  readonly namespace: string;
  /** SecretStore in the namespace that reads the vault. */
  readonly secretStoreName: string;
  /** Vault secret (by name) holding the PEM bundle of lib/tls-bundle.ts, as `npm run bootstrap -- put-certificate` writes it. */
  readonly vaultSecretName: string;
  /** How often ESO re-reads the vault: the longest a renewed certificate waits before Traefik serves it (Go duration). */
  readonly refreshInterval: string;
  /** Labels for the ExternalSecret and the Secret. @default none */
  readonly labels?: Readonly<Record<string, string>>;
}

/**
 * A `kubernetes.io/tls` Secret made by ESO from one OCI Vault secret holding the key and the certificate chain
 * (lib/tls-bundle.ts): `tls.crt` is every CERTIFICATE block (leaf first), `tls.key` the PKCS#8 PRIVATE KEY block.
 * A renewal is a new version of the vault secret; ESO rewrites the Secret at its next refresh, and Traefik, which
 * watches the Secrets of its namespaces, serves the new certificate without a restart.
 */
export class VaultTlsCertificate extends VaultExternalSecret {
  constructor(scope: Construct, id: string, props: VaultTlsCertificateProps) {
    super(scope, id, {
      name: props.secretName,
      namespace: props.namespace,
      secretStoreName: props.secretStoreName,
      targetSecretName: props.secretName,
      keys: [{ secretKey: TLS_BUNDLE_KEY, vaultSecretName: props.vaultSecretName }],
      refreshInterval: props.refreshInterval,
      secretType: 'kubernetes.io/tls',
      templateData: TLS_SECRET_TEMPLATE,
      labels: props.labels,
    });
  }
}
