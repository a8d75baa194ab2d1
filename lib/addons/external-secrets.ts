import { Environment } from '../config';
import { HelmAddOn, equalResources, virtualNodeContainerSecurityContext, virtualNodePlacement } from './helm-addon';

/** The chart whose CRDs are vendored in crds/external-secrets.io.yaml (and imported into imports/). */
export const EXTERNAL_SECRETS_CHART = { repoURL: 'https://charts.external-secrets.io', chart: 'external-secrets', version: '2.9.0' } as const;

/** Options of the ESO add-on; every default fits virtual nodes. */
export interface ExternalSecretsOptions {
  /** Release namespace. @default "external-secrets" */
  readonly namespace?: string;
  /** Cores per pod (controller, webhook, cert-controller each), requests == limits. @default 1 */
  readonly cpu?: number;
  /** GiB per pod, requests == limits. @default 1 */
  readonly memoryGiB?: number;
  /**
   * Port the webhook listens on inside its pod (the Service still serves 443). The chart's 10250 is the
   * kubelet's port; whether a virtual-node pod may listen on it is unconfirmed, so we move off it.
   * @default 9443
   */
  readonly webhookPort?: number;
}

/**
 * External Secrets Operator from its Helm chart, pinned to 2.9.0 (the CRDs our SecretStore and
 * ExternalSecrets are typed and validated against), with values fit for virtual nodes. What the chart's
 * templates render for each value (deployment.yaml, webhook-deployment.yaml, cert-controller-deployment.yaml):
 *
 * - pod `securityContext` only when `podSecurityContext.enabled` and another key is set → disabled: no pod
 *   seccompProfile/fsGroup ever;
 * - container `securityContext` = the map minus `enabled` → the chart's hardening kept, `seccompProfile: null`
 *   removes RuntimeDefault (pod level is rejected by virtual nodes, container level undocumented);
 * - `resources` verbatim → requests == limits, whole cores and GiB;
 * - `hostNetwork: {{ value }}` is always rendered, as `false`: PodSpec.hostNetwork is a plain bool with
 *   `omitempty`, so the API server stores and serves a pod with `false` exactly as one without the field;
 * - no `terminationGracePeriodSeconds`, no init containers unless `extraInitContainers` (empty);
 * - ports: metrics 8080, readiness 8081, webhook `webhook.port` → none in the NodePort range 30000-32767.
 *
 * Rendered 2.x output seen elsewhere (a cert-controller Deployment of chart v2.5.0 with default values)
 * matches: `hostNetwork: false`, no pod securityContext, container seccompProfile RuntimeDefault, HTTP
 * readiness probe on 8081, no grace period.
 */
export function externalSecretsAddOn(env: Environment, options: ExternalSecretsOptions = {}): HelmAddOn {
  const placement = virtualNodePlacement(env);
  const pod = {
    // Virtual nodes do not support NetworkPolicy; the chart's policies are off by default, and stay off.
    networkPolicy: { enabled: false },
    resources: equalResources(options.cpu ?? 1, options.memoryGiB ?? 1),
    podSecurityContext: { enabled: false },
    securityContext: { enabled: true, ...virtualNodeContainerSecurityContext(1000) },
    nodeSelector: placement.nodeSelector,
    tolerations: placement.tolerations,
  };
  return {
    name: 'external-secrets',
    namespace: options.namespace ?? 'external-secrets',
    chart: EXTERNAL_SECRETS_CHART,
    values: {
      // The CRDs are chart templates here (not Helm's crds/ folder): installed and upgraded with the chart.
      installCRDs: true,
      // One controller: with more, leaderElect must be on ("no more than one instance ... at a time").
      replicaCount: 1,
      leaderElect: false,
      ...pod,
      hostNetwork: false,
      extraInitContainers: [],
      webhook: { ...pod, replicaCount: 1, port: options.webhookPort ?? 9443, hostNetwork: false, extraInitContainers: [] },
      certController: { ...pod, replicaCount: 1, hostNetwork: false, extraInitContainers: [] },
    },
    syncOptions: [
      'CreateNamespace=true',
      // The SecretStore CRDs are ~690 KB: over the 262,144-byte annotation client-side apply writes.
      'ServerSideApply=true',
      // A sync must not write back the caBundle ignored below.
      'RespectIgnoreDifferences=true',
    ],
    controllerOwnedFields: [{
      group: 'admissionregistration.k8s.io',
      kind: 'ValidatingWebhookConfiguration',
      jqPathExpressions: ['.webhooks[]?.clientConfig.caBundle'],
      why: 'ESO\'s cert-controller generates the webhook certificate and injects its CA bundle; the chart renders none',
    }],
    namespaceLabels: {
      'pod-security.kubernetes.io/enforce': 'baseline',
      'pod-security.kubernetes.io/warn': 'restricted',
      'pod-security.kubernetes.io/audit': 'restricted',
    },
    renders: {
      clusterScoped: [
        // Not rendered by the chart: Argo CD creates the release namespace (CreateNamespace=true).
        { group: '', kind: 'Namespace' },
        { group: 'apiextensions.k8s.io', kind: 'CustomResourceDefinition' },
        { group: 'admissionregistration.k8s.io', kind: 'ValidatingWebhookConfiguration' },
        { group: 'rbac.authorization.k8s.io', kind: 'ClusterRole' },
        { group: 'rbac.authorization.k8s.io', kind: 'ClusterRoleBinding' },
      ],
      namespaced: [
        { group: '', kind: 'ServiceAccount' },
        { group: '', kind: 'Secret' },
        { group: '', kind: 'Service' },
        { group: 'apps', kind: 'Deployment' },
        { group: 'rbac.authorization.k8s.io', kind: 'Role' },
        { group: 'rbac.authorization.k8s.io', kind: 'RoleBinding' },
      ],
    },
  };
}
