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
 *   vault), then the ExternalSecrets (Ready once the Secret exists), then the Jobs (Sync hooks, complete once
 *   done: the DB-user Job creates the app's MySQL user), then the workloads that mount the Secrets and log in
 *   as that user.
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
  /**
   * Jobs, synced as Sync hooks (HOOK_BY_KIND): the DB-user Job, and any Job of a workload module (e.g. a schema
   * migration). Argo CD waits for each to complete before the next wave, so they run before the workloads and
   * cannot depend on a Service of this environment's workloads.
   */
  jobs: 3,
  /** Ingress controller, app and your workloads: Deployments, Services, HPA, PDB, Ingress, CronJobs. */
  workloads: 4,
} as const;

/** The waves an object inside the workloads Application can take (the others order Applications). */
export type ObjectWave = 'foundation' | 'secretStore' | 'externalSecret' | 'jobs' | 'workloads';

/** `group/Kind` (core group: `Kind`) → wave, for kinds the built-in table lacks (e.g. a workload module's CRD kinds). */
export type SyncWaves = Readonly<Record<string, ObjectWave>>;

/**
 * API group/kind → wave. A kind not listed here (or in a workload module's `syncWaves`) stops the synth:
 * adding a kind is a decision about order. Kinds virtual nodes reject (DaemonSet, PVC, NetworkPolicy)
 * are listed too, so that they reach the guard, which says why they cannot run and what to use instead.
 */
const WAVE_BY_KIND: Readonly<Record<string, ObjectWave>> = {
  'Namespace': 'foundation',
  'ServiceAccount': 'foundation',
  'ConfigMap': 'foundation',
  'Secret': 'foundation',
  'PersistentVolumeClaim': 'foundation',
  'LimitRange': 'foundation',
  'ResourceQuota': 'foundation',
  'rbac.authorization.k8s.io/ClusterRole': 'foundation',
  'rbac.authorization.k8s.io/ClusterRoleBinding': 'foundation',
  'rbac.authorization.k8s.io/Role': 'foundation',
  'rbac.authorization.k8s.io/RoleBinding': 'foundation',
  'networking.k8s.io/IngressClass': 'foundation',
  'networking.k8s.io/NetworkPolicy': 'foundation',
  'scheduling.k8s.io/PriorityClass': 'foundation',
  'external-secrets.io/SecretStore': 'secretStore',
  'external-secrets.io/ExternalSecret': 'externalSecret',
  'apps/Deployment': 'workloads',
  'apps/StatefulSet': 'workloads',
  'apps/DaemonSet': 'workloads',
  'batch/Job': 'jobs',
  'batch/CronJob': 'workloads',
  'Pod': 'workloads',
  'Service': 'workloads',
  'autoscaling/HorizontalPodAutoscaler': 'workloads',
  'policy/PodDisruptionBudget': 'workloads',
  'networking.k8s.io/Ingress': 'workloads',
};

/** Argo CD hook annotations. */
export const HOOK = 'argocd.argoproj.io/hook';
export const HOOK_DELETE_POLICY = 'argocd.argoproj.io/hook-delete-policy';

/**
 * Kinds synced as hooks rather than as tracked resources. A Job's pod template is immutable and a finished Job is
 * deleted by its ttlSecondsAfterFinished (virtual nodes bill it until then): as a tracked resource Argo CD would show
 * it OutOfSync once it is gone and re-create it on every auto-sync, and could not apply a changed template. As a `Sync`
 * hook it runs in its wave on every sync, Argo CD waits for it to complete before the next wave, and
 * `BeforeHookCreation` deletes the previous one first.
 */
const HOOK_BY_KIND: Readonly<Record<string, { hook: string; deletePolicy: string }>> = {
  'batch/Job': { hook: 'Sync', deletePolicy: 'BeforeHookCreation' },
};

/** A kind with no place in the sync order: names the object and how to give the kind one. */
export class MissingSyncWaveError extends Error {
  constructor(readonly groupKind: string, readonly objectName?: string, readonly namespace?: string) {
    const object = objectName === undefined ? '' : ` (${groupKind.split('/').pop() as string} ${namespace === undefined ? '' : `${namespace}/`}${objectName})`;
    super(`no sync wave for ${groupKind}${object}: give the kind a place in the order: in a workload module, syncWaves: { '${groupKind}': 'workloads' } `
      + `(or 'foundation', 'secretStore', 'externalSecret', 'jobs': the wave it must come after); for the project's own charts, WAVE_BY_KIND in lib/gitops/sync-policy.ts`);
    this.name = 'MissingSyncWaveError';
  }
}

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

/**
 * The wave of one of our objects (`extra` adds kinds to the table, never overrides it); throws a
 * MissingSyncWaveError (naming the kind and the fix) for a kind without a place.
 */
export function waveOf(apiVersion: string, kind: string, extra: SyncWaves = {}): number {
  const gk = groupKind(apiVersion, kind);
  const wave = WAVE_BY_KIND[gk] ?? extra[gk];
  if (wave === undefined) throw new MissingSyncWaveError(gk);
  return WAVES[wave];
}

/** Sync options an object needs as an annotation, or undefined. */
export function syncOptionsOf(apiVersion: string): string | undefined {
  const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.lastIndexOf('/')) : '';
  return CRDS_FROM_ADDONS.includes(group) ? 'SkipDryRunOnMissingResource=true' : undefined;
}

/**
 * Annotates every ApiObject under `scope` with its sync wave (and sync options): the one place where our
 * own objects get their order. Applied over the workload charts before they are rendered; `extra` gives
 * waves to kinds the table lacks. Throws a MissingSyncWaveError naming the first object without one.
 */
export function applySyncPolicy(scope: IConstruct, extra: SyncWaves = {}): void {
  for (const c of scope.node.findAll()) {
    if (!(c instanceof ApiObject)) continue;
    let wave: number;
    try {
      wave = waveOf(c.apiVersion, c.kind, extra);
    } catch (e) {
      if (e instanceof MissingSyncWaveError) throw new MissingSyncWaveError(e.groupKind, c.name, c.metadata.namespace);
      throw e;
    }
    c.metadata.addAnnotation(SYNC_WAVE, String(wave));
    const options = syncOptionsOf(c.apiVersion);
    if (options !== undefined) c.metadata.addAnnotation(SYNC_OPTIONS, options);
    const hook = HOOK_BY_KIND[groupKind(c.apiVersion, c.kind)];
    if (hook !== undefined) {
      c.metadata.addAnnotation(HOOK, hook.hook);
      c.metadata.addAnnotation(HOOK_DELETE_POLICY, hook.deletePolicy);
    }
  }
}
