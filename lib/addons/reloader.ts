import { Environment } from '../config';
import { WAVES } from '../gitops/sync-policy';
import { ADD_ON_RUN_AS_ID, HelmAddOn, equalResources, virtualNodePlacement } from './helm-addon';

/** Stakater Reloader's chart (vendor/charts/reloader-2.2.16, tag chart-v2.2.16 = Reloader v1.4.21). */
export const RELOADER_CHART = { repoURL: 'https://stakater.github.io/stakater-charts', chart: 'reloader', version: '2.2.16' } as const;

/**
 * Annotation on a Deployment naming the Secrets whose change must roll it (Reloader's
 * `secret.reloader.stakater.com/reload`, comma-separated names in the Deployment's namespace).
 */
export const RELOAD_ON_SECRETS = 'secret.reloader.stakater.com/reload';

/** Options of the Reloader add-on; every default fits virtual nodes. */
export interface ReloaderOptions {
  /** Release namespace. @default "reloader" */
  readonly namespace?: string;
  /** Cores of the pod, requests == limits. @default 1 */
  readonly cpu?: number;
  /** GiB of the pod, requests == limits. @default 1 */
  readonly memoryGiB?: number;
}

/**
 * Stakater Reloader: rolls a Deployment when a Secret it names in {@link RELOAD_ON_SECRETS} changes. Virtual nodes
 * do not propagate a changed Secret into volumes already mounted (docs/virtual-nodes.md §2, "Updates"), so when
 * ESO writes a rotated DB password (or registry token) into the Secret, only new pods see it; Reloader makes those
 * new pods, through an ordinary rolling update (the app's maxUnavailable 0 keeps it serving).
 *
 * - `reloadStrategy: annotations`: the rollout is triggered by a `reloader.stakater.com/last-reloaded-from`
 *   annotation on the pod template, which Argo CD does not report as drift (an env var would be; Reloader README
 *   "Reload Strategies": preferred in GitOps environments).
 * - Scoped to the app namespace (`watchGlobally: false`, `namespaces: [<app namespace>]`): the chart then renders
 *   a Role and RoleBinding in that namespace (and its own) instead of a ClusterRole, so Reloader lists and
 *   watches Secrets of the app namespace only. Because that Role lives in the app namespace, which the workloads
 *   Application creates, Reloader syncs in the wave after the workloads ({@link WAVES.addonsAfterWorkloads});
 *   nothing rotates before the first sync has finished anyway.
 * - `readOnlyRootFileSystem: true` (the chart's switch): read-only root with the pod's one emptyDir at /tmp.
 * - Pod securityContext only runAsNonRoot/runAsUser/runAsGroup (what virtual nodes support; the chart's pod
 *   seccompProfile is deleted); container: no privilege escalation, drop ALL.
 */
export function reloaderAddOn(env: Environment, options: ReloaderOptions = {}): HelmAddOn {
  return {
    name: 'reloader',
    namespace: options.namespace ?? 'reloader',
    extraNamespaces: [env.app.namespace],
    chart: RELOADER_CHART,
    syncWave: WAVES.addonsAfterWorkloads,
    values: {
      reloader: {
        reloadStrategy: 'annotations',
        watchGlobally: false,
        namespaces: [env.app.namespace],
        readOnlyRootFileSystem: true,
        deployment: {
          resources: equalResources(options.cpu ?? 1, options.memoryGiB ?? 1),
          securityContext: { runAsUser: ADD_ON_RUN_AS_ID, runAsGroup: ADD_ON_RUN_AS_ID, seccompProfile: null },
          containerSecurityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
          ...virtualNodePlacement(env),
        },
      },
    },
    syncOptions: ['CreateNamespace=true'],
    namespaceLabels: {
      'pod-security.kubernetes.io/enforce': 'baseline',
      'pod-security.kubernetes.io/warn': 'restricted',
      'pod-security.kubernetes.io/audit': 'restricted',
    },
    optOuts: [
      {
        ruleId: 'rel-replicas', kind: 'Deployment', name: 'reloader-reloader',
        reason: 'one Reloader (more need enableHA and another OCPU): a Secret that changes in the minute an eviction reschedules it reaches the pods only at their next rollout; rotations are rare and ESO refreshes hourly',
      },
    ],
    renders: {
      clusterScoped: [{ group: '', kind: 'Namespace' }],
      namespaced: [
        { group: '', kind: 'ServiceAccount' },
        { group: 'apps', kind: 'Deployment' },
        { group: 'rbac.authorization.k8s.io', kind: 'Role' },
        { group: 'rbac.authorization.k8s.io', kind: 'RoleBinding' },
      ],
    },
  };
}
