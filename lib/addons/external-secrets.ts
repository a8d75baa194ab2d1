import { Environment } from '../config';
import { HelmAddOn, equalResources, virtualNodePlacement, virtualNodeSecurityContextChanges } from './helm-addon';

/** The chart whose CRDs are vendored in crds/external-secrets.io.yaml (and imported into imports/). */
export const EXTERNAL_SECRETS_CHART = { repoURL: 'https://charts.external-secrets.io', chart: 'external-secrets', version: '2.9.0' } as const;

/** Options of the ESO add-on; every default fits virtual nodes. */
export interface ExternalSecretsOptions {
  /** Release namespace. @default "external-secrets" */
  readonly namespace?: string;
  /** Cores of the controller pod, requests == limits. @default 1 */
  readonly cpu?: number;
  /** GiB of the controller pod, requests == limits. @default 1 */
  readonly memoryGiB?: number;
}

/**
 * External Secrets Operator from its Helm chart, pinned to 2.9.0 (the CRDs our SecretStore and ExternalSecrets
 * are typed and validated against): the controller only, fit for virtual nodes. Only values that change the
 * render are set (test/addons checks each one); the guard judges the rendered objects (lib/addons/render.ts).
 *
 * **No webhook, no cert-controller** (`webhook.create: false`, `certController.create: false`). ESO's webhook
 * reads its TLS certificate from a Secret volume that the cert-controller fills only after the pod started, and
 * gives up after two minutes (external-secrets v2.9.0 `cmd/controller/webhook.go`: `waitForCerts(c, 2*time.Minute)`
 * then `os.Exit(1)`; every `certCheckInterval` it exits again when the certificate nears expiry, so rotation also
 * relies on the volume being refreshed). A mounted Secret volume is refreshed by the kubelet; virtual nodes do not
 * propagate Secret changes into mounted volumes (docs/virtual-nodes.md §2, "Updates"), so the webhook would start
 * with the empty Secret, exit after two minutes and restart into the same stale volume: a crash loop. Without the
 * webhook the API server still validates our SecretStore/ExternalSecrets against the CRD schemas (and the guard
 * does so before every commit); what is lost is ESO's deeper admission check, whose errors the controller reports
 * as `Ready=False` instead (the sync waves stop there). The chart's CRDs carry no conversion webhook
 * (`crds.conversion.enabled: false`, its default), which is what the chart asks for when the webhook is off.
 *
 * The rest: requests == limits in whole cores/GiB, the pool's nodeSelector, UID/GID 10001, no seccompProfile, the
 * controller's readiness probe on (off by default). `hostNetwork: false`, which the chart always renders, is
 * dropped by the API server (a plain omitempty bool), so the virtual node never sees it.
 */
export function externalSecretsAddOn(env: Environment, options: ExternalSecretsOptions = {}): HelmAddOn {
  const placement = virtualNodePlacement(env);
  return {
    name: 'external-secrets',
    namespace: options.namespace ?? 'external-secrets',
    chart: EXTERNAL_SECRETS_CHART,
    values: {
      webhook: { create: false },
      certController: { create: false },
      readinessProbe: { enabled: true },
      resources: equalResources(options.cpu ?? 1, options.memoryGiB ?? 1),
      securityContext: virtualNodeSecurityContextChanges(),
      ...placement,
    },
    syncOptions: [
      'CreateNamespace=true',
      // The SecretStore CRDs are ~690 KB: over the 262,144-byte annotation client-side apply writes.
      'ServerSideApply=true',
    ],
    namespaceLabels: {
      'pod-security.kubernetes.io/enforce': 'baseline',
      'pod-security.kubernetes.io/warn': 'restricted',
      'pod-security.kubernetes.io/audit': 'restricted',
    },
    optOuts: [
      {
        ruleId: 'rel-replicas', kind: 'Deployment', name: 'external-secrets',
        reason: 'one controller (more need leaderElect and buy nothing here): while an eviction reschedules it, the Secrets it wrote stay in place and only their refresh waits',
      },
      {
        ruleId: 'rbac-secret-access', kind: 'ClusterRole', name: 'external-secrets-controller',
        reason: 'ESO writes and watches the Secrets it owns in every namespace that has an ExternalSecret; scoping it (scopedNamespace/scopedRBAC) would need the app namespace to exist before the add-on wave',
      },
    ],
    renders: {
      clusterScoped: [
        // Not rendered by the chart: Argo CD creates the release namespace (CreateNamespace=true).
        { group: '', kind: 'Namespace' },
        // Rendered by the published chart only (generated at packaging time, vendor/charts/README.md).
        { group: 'apiextensions.k8s.io', kind: 'CustomResourceDefinition' },
        { group: 'rbac.authorization.k8s.io', kind: 'ClusterRole' },
        { group: 'rbac.authorization.k8s.io', kind: 'ClusterRoleBinding' },
      ],
      namespaced: [
        { group: '', kind: 'ServiceAccount' },
        { group: 'apps', kind: 'Deployment' },
        { group: 'rbac.authorization.k8s.io', kind: 'Role' },
        { group: 'rbac.authorization.k8s.io', kind: 'RoleBinding' },
      ],
    },
  };
}
