import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { AppProject, Application, ApplicationSpecSyncPolicy } from '../../imports/argoproj.io';
import { KubeConfigMap } from '../../imports/k8s';
import { GroupKind, HelmAddOn, renderValues } from '../addons';
import { Environment } from '../config';
import { SYNC_WAVE, WAVES, groupKind } from '../gitops/sync-policy';

/** A synthesized object as far as the project whitelists need it. */
export interface DeployedObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata?: { readonly name?: string; readonly namespace?: string };
}

/** What the GitOps charts need to know about an environment's own manifests. */
export interface WorkloadManifests {
  /** The numbered top-level files of dist/<env>/, in apply order. */
  readonly files: readonly string[];
  /** Every object in them. */
  readonly objects: readonly DeployedObject[];
}

/** Argo CD's cascading-delete finalizer: deleting a child Application deletes what it deployed. */
const CASCADE = 'resources-finalizer.argocd.argoproj.io';

/**
 * Health check for `argoproj.io/Application` (removed from Argo CD in 1.8). Without it a parent considers a
 * child Application healthy as soon as it exists, and the sync waves of the app-of-apps do not wait for ESO.
 */
export const APPLICATION_HEALTH_LUA = `hs = {}
hs.status = "Progressing"
hs.message = ""
if obj.status ~= nil and obj.status.health ~= nil then
  hs.status = obj.status.health.status
  if obj.status.health.message ~= nil then
    hs.message = obj.status.health.message
  end
end
return hs
`;

/** Names of an environment's Argo CD objects (several environments may share one Argo CD). */
export function argoNames(env: Environment) {
  return {
    project: env.name,
    rootProject: `${env.name}-root`,
    root: `${env.name}-root`,
    workloads: `${env.name}-workloads`,
    addOn: (addOn: HelmAddOn) => `${env.name}-${addOn.name}`,
  } as const;
}

/** Where the environment's files are inside the GitOps repository. */
export function repoPaths(env: Environment) {
  const base = `${env.gitops.distPath}/${env.name}`;
  return { base, apps: `${base}/argocd/apps` } as const;
}

/** Automated sync with retries: a child that races a CRD or webhook still converges without a person. */
function automatedSync(extra: Omit<ApplicationSpecSyncPolicy, 'automated' | 'retry'> = {}): ApplicationSpecSyncPolicy {
  return {
    automated: { prune: true, selfHeal: true },
    retry: { limit: 10, backoff: { duration: '10s', factor: 2, maxDuration: '5m' } },
    ...extra,
  };
}

function uniqueSorted(items: readonly GroupKind[]): GroupKind[] {
  const seen = new Map<string, GroupKind>();
  for (const i of items) seen.set(`${i.group}/${i.kind}`, { group: i.group, kind: i.kind });
  return [...seen.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, v]) => v);
}

function toGroupKind(o: DeployedObject): GroupKind {
  const gk = groupKind(o.apiVersion, o.kind);
  const slash = gk.lastIndexOf('/');
  return slash < 0 ? { group: '', kind: gk } : { group: gk.slice(0, slash), kind: gk.slice(slash + 1) };
}

export interface GitOpsBootstrapProps {
  readonly env: Environment;
  readonly addOns: readonly HelmAddOn[];
  readonly workloads: WorkloadManifests;
}

/**
 * `argocd/bootstrap.k8s.yaml`, the one file an admin applies by hand: the Application health check in
 * argocd-cm, the two AppProjects and the root Application (app-of-apps) that syncs `argocd/apps/`.
 *
 * - AppProject `<env>-root` lets the root Application create Applications in the Argo CD namespace and
 *   nothing else, from our repository only: a compromised chart cannot add Applications.
 * - AppProject `<env>` holds the child Applications: our repository and the pinned chart repositories,
 *   the namespaces they deploy to, and exactly the kinds our files and the add-on charts contain.
 */
export class GitOpsBootstrapChart extends Chart {
  constructor(scope: Construct, id: string, props: GitOpsBootstrapProps) {
    super(scope, id, { disableResourceNameHashes: true });
    const { env, addOns, workloads } = props;
    const g = env.gitops;
    const names = argoNames(env);

    // Server-side apply merges this one key into Argo CD's own argocd-cm; the labels match Argo CD's install.
    new KubeConfigMap(this, 'ApplicationHealthCheck', {
      metadata: {
        name: 'argocd-cm',
        namespace: g.argocdNamespace,
        labels: { 'app.kubernetes.io/name': 'argocd-cm', 'app.kubernetes.io/part-of': 'argocd' },
      },
      data: { 'resource.customizations.health.argoproj.io_Application': APPLICATION_HEALTH_LUA },
    });

    new AppProject(this, 'RootProject', {
      metadata: { name: names.rootProject, namespace: g.argocdNamespace },
      spec: {
        description: `Root of ${env.name}: creates the child Applications of ${repoPaths(env).apps} and nothing else`,
        sourceRepos: [g.repoURL],
        destinations: [{ server: g.destinationServer, namespace: g.argocdNamespace }],
        clusterResourceWhitelist: [],
        namespaceResourceWhitelist: [{ group: 'argoproj.io', kind: 'Application' }],
      },
    });

    const clusterScoped = workloads.objects.filter((o) => o.metadata?.namespace === undefined);
    const namespaced = workloads.objects.filter((o) => o.metadata?.namespace !== undefined);
    const namespaces = new Set<string>([
      ...namespaced.map((o) => o.metadata?.namespace as string),
      ...workloads.objects.filter((o) => o.kind === 'Namespace' && o.apiVersion === 'v1').map((o) => o.metadata?.name as string),
      ...addOns.flatMap((a) => [a.namespace, ...(a.extraNamespaces ?? [])]),
    ]);
    new AppProject(this, 'Project', {
      metadata: { name: names.project, namespace: g.argocdNamespace },
      spec: {
        description: `${env.name}: platform add-ons and the app, from ${g.repoURL} and pinned Helm charts`,
        sourceRepos: [...new Set([g.repoURL, ...addOns.map((a) => a.chart.repoURL)])].sort(),
        destinations: [...namespaces].sort().map((namespace) => ({ server: g.destinationServer, namespace })),
        clusterResourceWhitelist: uniqueSorted([...clusterScoped.map(toGroupKind), ...addOns.flatMap((a) => a.renders.clusterScoped)]),
        namespaceResourceWhitelist: uniqueSorted([...namespaced.map(toGroupKind), ...addOns.flatMap((a) => a.renders.namespaced)]),
      },
    });

    // No cascading finalizer on the root: deleting it by mistake orphans the environment instead of erasing it.
    new Application(this, 'Root', {
      metadata: { name: names.root, namespace: g.argocdNamespace },
      spec: {
        project: names.rootProject,
        source: { repoUrl: g.repoURL, targetRevision: g.targetRevision, path: repoPaths(env).apps, directory: { recurse: false } },
        destination: { server: g.destinationServer, namespace: g.argocdNamespace },
        syncPolicy: automatedSync(),
      },
    });
  }
}

export interface AddOnApplicationProps {
  readonly env: Environment;
  readonly addOn: HelmAddOn;
}

/** `argocd/apps/<add-on>.k8s.yaml`: the add-on's chart, pinned, with its values as text (see HelmAddOn.values). */
export class AddOnApplicationChart extends Chart {
  constructor(scope: Construct, id: string, props: AddOnApplicationProps) {
    super(scope, id, { disableResourceNameHashes: true });
    const { env, addOn } = props;
    const g = env.gitops;
    const labels = addOn.namespaceLabels;
    new Application(this, 'Application', {
      metadata: {
        name: argoNames(env).addOn(addOn),
        namespace: g.argocdNamespace,
        annotations: { [SYNC_WAVE]: String(addOn.syncWave ?? WAVES.addons) },
        finalizers: [CASCADE],
      },
      spec: {
        project: argoNames(env).project,
        source: {
          repoUrl: addOn.chart.repoURL,
          chart: addOn.chart.chart,
          targetRevision: addOn.chart.version,
          helm: { releaseName: addOn.name, values: renderValues(addOn) },
        },
        destination: { server: g.destinationServer, namespace: addOn.namespace },
        syncPolicy: automatedSync({
          syncOptions: addOn.syncOptions.length === 0 ? undefined : [...addOn.syncOptions],
          managedNamespaceMetadata: labels === undefined ? undefined : { labels: { ...labels } },
        }),
        ignoreDifferences: addOn.controllerOwnedFields?.map((f) => ({ group: f.group, kind: f.kind, jqPathExpressions: [...f.jqPathExpressions] })),
      },
    });
  }
}

export interface WorkloadsApplicationProps {
  readonly env: Environment;
  readonly workloads: WorkloadManifests;
}

/**
 * `argocd/apps/workloads.k8s.yaml`: the numbered top-level files of dist/<env>/ (not the argocd/ or
 * helm-values/ sub-folders), after the add-ons. Inside it, each object's sync-wave annotation orders
 * namespaces → SecretStore → ExternalSecrets → workloads (lib/gitops/sync-policy.ts).
 *
 * No ignoreDifferences: the only controller-owned field in these objects would be the app Deployment's
 * `spec.replicas` (the HPA's), and the synth never writes it.
 */
export class WorkloadsApplicationChart extends Chart {
  constructor(scope: Construct, id: string, props: WorkloadsApplicationProps) {
    super(scope, id, { disableResourceNameHashes: true });
    const { env, workloads } = props;
    const g = env.gitops;
    new Application(this, 'Application', {
      metadata: {
        name: argoNames(env).workloads,
        namespace: g.argocdNamespace,
        annotations: { [SYNC_WAVE]: String(WAVES.workloadsApplication) },
        finalizers: [CASCADE],
      },
      spec: {
        project: argoNames(env).project,
        source: {
          repoUrl: g.repoURL,
          targetRevision: g.targetRevision,
          path: repoPaths(env).base,
          directory: { recurse: false, include: `{${workloads.files.join(',')}}` },
        },
        destination: { server: g.destinationServer, namespace: env.app.namespace },
        // PruneLast: objects removed from Git go only after every wave is healthy again.
        syncPolicy: automatedSync({ syncOptions: ['PruneLast=true'] }),
      },
    });
  }
}
