import { Construct } from 'constructs';
import {
  ExternalSecret,
  ExternalSecretSpecDataRemoteRefConversionStrategy,
  ExternalSecretSpecDataRemoteRefDecodingStrategy,
  ExternalSecretSpecDataRemoteRefMetadataPolicy,
  ExternalSecretSpecDataRemoteRefNullBytePolicy,
  ExternalSecretSpecRefreshPolicy,
  ExternalSecretSpecSecretStoreRefKind,
  ExternalSecretSpecTargetCreationPolicy,
  ExternalSecretSpecTargetDeletionPolicy,
  ExternalSecretSpecTargetTemplateEngineVersion,
  ExternalSecretSpecTargetTemplateMergePolicy,
} from '../../imports/external-secrets.io';

/** One key of the target Secret, read from a vault secret by name. */
export interface VaultSecretKey {
  /** Key in the Kubernetes Secret. */
  readonly secretKey: string;
  /** Vault secret *name* (ESO calls GetSecretBundleByName; an OCID here fails). */
  readonly vaultSecretName: string;
}

export interface VaultExternalSecretProps {
  /** ExternalSecret name. */
  readonly name: string;
  readonly namespace: string;
  /** Name of the SecretStore in the same namespace. */
  readonly secretStoreName: string;
  /** Name of the Secret ESO creates and owns. */
  readonly targetSecretName: string;
  /** Keys to fetch. */
  readonly keys: readonly VaultSecretKey[];
  /** How often ESO re-reads the vault (Go duration). */
  readonly refreshInterval: string;
  /** Secret type; with `templateData` the values are rendered by ESO's template engine. @default "Opaque" */
  readonly secretType?: string;
  /** ESO v2 templates producing the Secret's data from the fetched keys. @default the fetched keys as they are */
  readonly templateData?: Readonly<Record<string, string>>;
  /** Labels for the ExternalSecret and for the Secret ESO creates. */
  readonly labels?: Readonly<Record<string, string>>;
}

/**
 * An ESO `ExternalSecret` whose target Secret ESO creates and owns (`creationPolicy: Owner`) and keeps
 * when the vault secret disappears (`deletionPolicy: Retain`). Every field ESO would otherwise default is
 * written out, so Argo CD sees no drift whichever ESO version fills defaults, and `target.template.metadata`
 * stops ESO from copying this object's Argo CD annotations onto the Secret.
 */
export class VaultExternalSecret extends Construct {
  readonly targetSecretName: string;

  constructor(scope: Construct, id: string, props: VaultExternalSecretProps) {
    super(scope, id);
    this.targetSecretName = props.targetSecretName;
    const labels = { ...(props.labels ?? {}) };
    new ExternalSecret(this, 'Resource', {
      metadata: { name: props.name, namespace: props.namespace, labels },
      spec: {
        refreshInterval: props.refreshInterval,
        refreshPolicy: ExternalSecretSpecRefreshPolicy.PERIODIC,
        secretStoreRef: { kind: ExternalSecretSpecSecretStoreRefKind.SECRET_STORE, name: props.secretStoreName },
        target: {
          name: props.targetSecretName,
          creationPolicy: ExternalSecretSpecTargetCreationPolicy.OWNER,
          deletionPolicy: ExternalSecretSpecTargetDeletionPolicy.RETAIN,
          template: {
            type: props.secretType ?? 'Opaque',
            engineVersion: ExternalSecretSpecTargetTemplateEngineVersion.V2,
            mergePolicy: ExternalSecretSpecTargetTemplateMergePolicy.REPLACE,
            metadata: { labels },
            data: props.templateData === undefined ? undefined : { ...props.templateData },
          },
        },
        data: props.keys.map((k) => ({
          secretKey: k.secretKey,
          remoteRef: {
            key: k.vaultSecretName,
            conversionStrategy: ExternalSecretSpecDataRemoteRefConversionStrategy.DEFAULT,
            decodingStrategy: ExternalSecretSpecDataRemoteRefDecodingStrategy.NONE,
            metadataPolicy: ExternalSecretSpecDataRemoteRefMetadataPolicy.NONE,
            nullBytePolicy: ExternalSecretSpecDataRemoteRefNullBytePolicy.IGNORE,
          },
        })),
      },
    });
  }
}

/** Settings of an OCIR image pull secret built by ESO from a vault secret holding an auth token. */
export interface OcirPullSecretProps {
  readonly name: string;
  readonly namespace: string;
  readonly secretStoreName: string;
  /** Registry host, e.g. fra.ocir.io. */
  readonly registry: string;
  /** OCIR user as `<tenancy-namespace>/<user>`. */
  readonly username: string;
  /** Vault secret name whose content is the user's auth token. */
  readonly authTokenSecretName: string;
  readonly refreshInterval: string;
  readonly labels?: Readonly<Record<string, string>>;
}

/**
 * A `kubernetes.io/dockerconfigjson` Secret for OCIR, templated by ESO from the auth token in the vault.
 * Virtual nodes pull private OCIR images only through such an imagePullSecret.
 */
export class OcirPullSecret extends VaultExternalSecret {
  constructor(scope: Construct, id: string, props: OcirPullSecretProps) {
    // Rendered by ESO before anyone parses the JSON: the Go template actions keep their own quotes, and
    // toJson quotes the token so a token with JSON-special characters still yields valid JSON.
    const auth = `{{ printf "%s:%s" ${JSON.stringify(props.username)} .token | b64enc }}`;
    const config = `{"auths":{${JSON.stringify(props.registry)}:{"username":${JSON.stringify(props.username)},"password":{{ .token | toJson }},"auth":"${auth}"}}}`;
    super(scope, id, {
      name: props.name,
      namespace: props.namespace,
      secretStoreName: props.secretStoreName,
      targetSecretName: props.name,
      keys: [{ secretKey: 'token', vaultSecretName: props.authTokenSecretName }],
      refreshInterval: props.refreshInterval,
      secretType: 'kubernetes.io/dockerconfigjson',
      templateData: { '.dockerconfigjson': config },
      labels: props.labels,
    });
  }
}
