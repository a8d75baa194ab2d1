import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';

/** Argo CD annotation keys. */
export const SYNC_WAVE = 'argocd.argoproj.io/sync-wave';
export const SYNC_OPTIONS = 'argocd.argoproj.io/sync-options';

/**
 * Every sync wave of an environment, in the order Argo CD applies them. A wave starts only when the
 * previous one is synced and healthy, so each step can rely on the one before:
 *
 * - root Application (app-of-apps): the operator add-ons first (their CRDs, webhooks and the metrics
 *   API), then the Application holding our own manifests;
 * - inside that Application: namespaces and RBAC, then the SecretStore (Ready once ESO can reach the
 *   vault), then the ExternalSecrets (Ready once the Secret exists), then the workloads that mount it.
 */
export const WAVES = {
  /** Child Applications of the operator add-ons (ESO and its CRDs, metrics-server). */
  addons: -10,
  /** The child Application holding the numbered files of dist/<env>/. */
  workloadsApplication: 0,
  /** Add-ons that act on the workloads' namespace and only on later changes (Reloader). */
  addonsAfterWorkloads: 1,
  /** Namespaces, ServiceAccounts, RBAC, IngressClass. */
  foundation: 0,
  /** ESO SecretStore: healthy only at Ready=True. */
  secretStore: 1,
  /** ESO ExternalSecrets: healthy only once the target Secret is written. */
  externalSecret: 2,
  /** Ingress controller and app: Deployments, Services, HPA, PDB, Ingress. */
  workloads: 3,
} as const;

type Wave = keyof typeof WAVES;

/** API group/kind → wave. A kind not listed here stops the synth: adding a kind is a decision about order. */
const WAVE_BY_KIND: Readonly<Record<string, Wave>> = {
  'Namespace': 'foundation',
  'ServiceAccount': 'foundation',
  'ConfigMap': 'foundation',
  'rbac.authorization.k8s.io/ClusterRole': 'foundation',
  'rbac.authorization.k8s.io/ClusterRoleBinding': 'foundation',
  'rbac.authorization.k8s.io/Role': 'foundation',
  'rbac.authorization.k8s.io/RoleBinding': 'foundation',
  'networking.k8s.io/IngressClass': 'foundation',
  'external-secrets.io/SecretStore': 'secretStore',
  'external-secrets.io/ExternalSecret': 'externalSecret',
  'apps/Deployment': 'workloads',
  'Service': 'workloads',
  'autoscaling/HorizontalPodAutoscaler': 'workloads',
  'policy/PodDisruptionBudget': 'workloads',
  'networking.k8s.io/Ingress': 'workloads',
};

/**
 * API groups whose CRDs an add-on Application installs. Argo CD's dry run of a custom resource fails while
 * its CRD does not exist yet (first sync from empty), so these objects skip the dry run.
 */
const CRDS_FROM_ADDONS: readonly string[] = ['external-secrets.io'];

/** `apps/Deployment`, or `Service` for the core group. */
export function groupKind(apiVersion: string, kind: string): string {
  const slash = apiVersion.lastIndexOf('/');
  return slash < 0 ? kind : `${apiVersion.slice(0, slash)}/${kind}`;
}

/** The wave of one of our objects; throws (naming the kind and the fix) for a kind without a place. */
export function waveOf(apiVersion: string, kind: string): number {
  const gk = groupKind(apiVersion, kind);
  const wave = WAVE_BY_KIND[gk];
  if (wave === undefined) {
    throw new Error(`no sync wave for ${gk}: add it to WAVE_BY_KIND in lib/gitops/sync-policy.ts, after what it depends on`);
  }
  return WAVES[wave];
}

/** Sync options an object needs as an annotation, or undefined. */
export function syncOptionsOf(apiVersion: string): string | undefined {
  const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.lastIndexOf('/')) : '';
  return CRDS_FROM_ADDONS.includes(group) ? 'SkipDryRunOnMissingResource=true' : undefined;
}

/**
 * Annotates every ApiObject under `scope` with its sync wave (and sync options): the one place where our
 * own objects get their order. Applied over the workload charts before they are rendered.
 */
export function applySyncPolicy(scope: IConstruct): void {
  for (const c of scope.node.findAll()) {
    if (!(c instanceof ApiObject)) continue;
    c.metadata.addAnnotation(SYNC_WAVE, String(waveOf(c.apiVersion, c.kind)));
    const options = syncOptionsOf(c.apiVersion);
    if (options !== undefined) c.metadata.addAnnotation(SYNC_OPTIONS, options);
  }
}
