import { APPLICATION_HEALTH_LUA } from '../../lib/charts/gitops-chart';
import { Environment } from '../../lib/config';
import { KubeObject } from '../../lib/synth/environment-app';
import { at, exampleEnv } from '../helpers';
import { crdErrors } from './crd-schema';
import { environmentOutput, helmValues } from './helpers';

const ARGO_FILES = ['argocd/bootstrap.k8s.yaml', 'argocd/apps/external-secrets.k8s.yaml', 'argocd/apps/metrics-server.k8s.yaml', 'argocd/apps/reloader.k8s.yaml', 'argocd/apps/workloads.k8s.yaml'];
const WORKLOAD_FILES = ['10-namespaces.k8s.yaml', '20-ingress-controller.k8s.yaml', '25-db-user.k8s.yaml', '30-app.k8s.yaml'];

function named(objects: readonly KubeObject[], kind: string, name: string): KubeObject {
  const o = objects.find((x) => x.kind === kind && x.metadata?.name === name);
  if (o === undefined) throw new Error(`no ${kind}/${name}`);
  return o;
}

describe('Argo CD objects of an environment', () => {
  const env = exampleEnv();
  const out = environmentOutput(env);
  const argoObjects = ARGO_FILES.flatMap((f) => out.file(f));

  test('every Application and AppProject is valid against the Argo CD v3.5.1 CRD schema (no unknown field)', () => {
    const custom = argoObjects.filter((o) => o.apiVersion === 'argoproj.io/v1alpha1');
    expect(custom.map((o) => `${o.kind}/${o.metadata?.name}`).sort()).toEqual([
      'AppProject/example', 'AppProject/example-root',
      'Application/example-external-secrets', 'Application/example-metrics-server', 'Application/example-reloader', 'Application/example-root', 'Application/example-workloads',
    ]);
    for (const o of custom) expect({ object: `${o.kind}/${o.metadata?.name}`, errors: crdErrors(o) }).toEqual({ object: `${o.kind}/${o.metadata?.name}`, errors: [] });
  });

  test('the schema check does catch a misspelled field and a wrong type', () => {
    const app = out.application('argocd/apps/workloads.k8s.yaml');
    const typo = { ...app, spec: { ...(app.spec as object), syncPolicy: { automatic: { prune: true } } } };
    expect(crdErrors(typo)).toEqual([expect.stringContaining('must NOT have additional properties (automatic)')]);
    const wrongType = { ...app, spec: { ...(app.spec as object), project: 42 } };
    expect(crdErrors(wrongType)).toEqual(['/spec/project must be string']);
  });

  test('root Application: app-of-apps over dist/<env>/argocd/apps only, in a project that may create Applications and nothing else', () => {
    const boot = out.file('argocd/bootstrap.k8s.yaml');
    const root = named(boot, 'Application', 'example-root');
    expect(at(root, 'spec.source')).toEqual({
      repoURL: env.gitops.repoURL, targetRevision: 'main', path: 'dist/example/argocd/apps', directory: { recurse: false },
    });
    expect(at(root, 'spec.project')).toBe('example-root');
    expect(at(root, 'metadata.finalizers')).toBeUndefined();
    const rootProject = named(boot, 'AppProject', 'example-root');
    expect(at(rootProject, 'spec')).toMatchObject({
      sourceRepos: [env.gitops.repoURL],
      destinations: [{ server: 'https://kubernetes.default.svc', namespace: 'argocd' }],
      clusterResourceWhitelist: [],
      namespaceResourceWhitelist: [{ group: 'argoproj.io', kind: 'Application' }],
    });
  });

  test('bootstrap file order: health check and projects before the root Application that uses them', () => {
    expect(out.file('argocd/bootstrap.k8s.yaml').map((o) => `${o.kind}/${o.metadata?.name}`)).toEqual([
      'ConfigMap/argocd-cm', 'AppProject/example-root', 'AppProject/example', 'Application/example-root',
    ]);
  });

  test('AppProject: our repository and the pinned chart repositories, our namespaces, exactly the kinds deployed', () => {
    const project = named(out.file('argocd/bootstrap.k8s.yaml'), 'AppProject', 'example');
    expect(at(project, 'spec.sourceRepos')).toEqual(['https://charts.external-secrets.io', env.gitops.repoURL, 'https://kubernetes-sigs.github.io/metrics-server/', 'https://stakater.github.io/stakater-charts']);
    expect((at(project, 'spec.destinations') as Array<{ namespace: string }>).map((d) => d.namespace)).toEqual(['app', 'db-user', 'external-secrets', 'kube-system', 'reloader', 'traefik']);
    const kinds = (p: string) => (at(project, p) as Array<{ group: string; kind: string }>).map((k) => `${k.group}/${k.kind}`);
    // Every kind in our numbered files is allowed, cluster-scoped ones in the cluster list only.
    const ours = WORKLOAD_FILES.flatMap((f) => out.file(f));
    for (const o of ours) {
      const gk = `${o.apiVersion.includes('/') ? o.apiVersion.split('/')[0] : ''}/${o.kind}`;
      expect(kinds(o.metadata?.namespace === undefined ? 'spec.clusterResourceWhitelist' : 'spec.namespaceResourceWhitelist')).toContain(gk);
    }
    expect(kinds('spec.clusterResourceWhitelist')).toEqual([
      '/Namespace', 'apiextensions.k8s.io/CustomResourceDefinition',
      'apiregistration.k8s.io/APIService', 'networking.k8s.io/IngressClass', 'rbac.authorization.k8s.io/ClusterRole', 'rbac.authorization.k8s.io/ClusterRoleBinding',
    ]);
    expect(JSON.stringify(at(project, 'spec'))).not.toContain('"*"');
    expect(kinds('spec.namespaceResourceWhitelist')).not.toContain('argoproj.io/Application');
  });

  test('child Applications: add-ons from pinned charts, our manifests from the top-level numbered files only', () => {
    const eso = out.application('argocd/apps/external-secrets.k8s.yaml');
    expect(at(eso, 'spec.source')).toMatchObject({ repoURL: 'https://charts.external-secrets.io', chart: 'external-secrets', targetRevision: '2.9.0' });
    expect(at(eso, 'spec.destination')).toEqual({ server: 'https://kubernetes.default.svc', namespace: 'external-secrets' });
    expect(at(eso, 'spec.syncPolicy.syncOptions')).toEqual(['CreateNamespace=true', 'ServerSideApply=true']);
    const ms = out.application('argocd/apps/metrics-server.k8s.yaml');
    expect(at(ms, 'spec.source')).toMatchObject({ repoURL: 'https://kubernetes-sigs.github.io/metrics-server/', chart: 'metrics-server', targetRevision: '3.13.1' });
    expect(at(ms, 'spec.destination.namespace')).toBe('kube-system');

    const workloads = out.application('argocd/apps/workloads.k8s.yaml');
    expect(at(workloads, 'spec.source')).toEqual({
      repoURL: env.gitops.repoURL, targetRevision: 'main', path: 'dist/example',
      directory: { recurse: false, include: `{${WORKLOAD_FILES.join(',')}}` },
    });
    const reloader = out.application('argocd/apps/reloader.k8s.yaml');
    expect(at(reloader, 'spec.source')).toMatchObject({ repoURL: 'https://stakater.github.io/stakater-charts', chart: 'reloader', targetRevision: '2.2.16' });
    expect(at(reloader, 'spec.destination.namespace')).toBe('reloader');
    for (const app of [eso, ms, reloader, workloads]) {
      expect(at(app, 'metadata.finalizers')).toEqual(['resources-finalizer.argocd.argoproj.io']);
      expect(at(app, 'spec.project')).toBe('example');
      expect(at(app, 'spec.syncPolicy.automated')).toEqual({ prune: true, selfHeal: true });
      expect(at(app, 'spec.syncPolicy.retry.limit')).toBeGreaterThan(0);
    }
  });

  test('the include pattern names exactly the top-level manifest files the synth writes', () => {
    const topLevel = out.output.manifests.map((m) => m.path).filter((p) => !p.includes('/'));
    expect(topLevel).toEqual(WORKLOAD_FILES);
    expect(out.output.texts.every((t) => t.path.includes('/'))).toBe(true);
  });

  test('no ignoreDifferences: without ESO\'s webhook no controller owns a field in Git (Reloader\'s pod-template annotation is not in Git)', () => {
    for (const name of ['external-secrets', 'metrics-server', 'reloader']) expect(at(out.application(`argocd/apps/${name}.k8s.yaml`), 'spec.ignoreDifferences')).toBeUndefined();
    expect(at(out.application('argocd/apps/workloads.k8s.yaml'), 'spec.ignoreDifferences')).toBeUndefined();
    // The one field of ours a controller owns is the HPA's replica count; it is never in Git.
    const app = out.file('30-app.k8s.yaml');
    const hpa = app.find((o) => o.kind === 'HorizontalPodAutoscaler') as KubeObject;
    const target = named(app, 'Deployment', at(hpa, 'spec.scaleTargetRef.name') as string);
    expect(at(target, 'spec.replicas')).toBeUndefined();
  });

  test('the Application health check goes into argocd-cm, so parent waves wait for child health', () => {
    const cm = named(out.file('argocd/bootstrap.k8s.yaml'), 'ConfigMap', 'argocd-cm');
    expect(at(cm, 'metadata.namespace')).toBe('argocd');
    expect(at(cm, 'data')).toEqual({ 'resource.customizations.health.argoproj.io_Application': APPLICATION_HEALTH_LUA });
    expect(APPLICATION_HEALTH_LUA).toContain('hs.status = obj.status.health.status');
    expect(APPLICATION_HEALTH_LUA).toMatch(/^hs = \{\}\nhs.status = "Progressing"/);
  });

  test('add-on Applications embed exactly the helm-values/<add-on>.yaml text (values, not valuesObject: Argo CD drops nulls there)', () => {
    for (const name of ['external-secrets', 'metrics-server', 'reloader']) {
      const app = out.application(`argocd/apps/${name}.k8s.yaml`);
      expect(at(app, 'spec.source.helm.values')).toBe(out.text(`helm-values/${name}.yaml`));
      expect(at(app, 'spec.source.helm.valuesObject')).toBeUndefined();
      expect(at(app, 'spec.source.helm.releaseName')).toBe(name);
      expect(helmValues(app)).toBeInstanceOf(Object);
    }
  });

  test('repository, revision, paths, Argo CD namespace and cluster come from the environment', () => {
    const custom: Environment = {
      ...env,
      name: 'prod',
      gitops: { repoURL: 'git@github.com:acme/deploy.git', targetRevision: 'v1.2.3', argocdNamespace: 'gitops', distPath: 'deploy/out', destinationServer: 'https://10.0.0.2:6443', installMetricsServer: true },
    };
    const o = environmentOutput(custom);
    const objects = ARGO_FILES.flatMap((f) => o.file(f));
    for (const obj of objects) expect(obj.metadata?.namespace).toBe('gitops');
    const root = named(o.file('argocd/bootstrap.k8s.yaml'), 'Application', 'prod-root');
    expect(at(root, 'spec.source')).toMatchObject({ repoURL: 'git@github.com:acme/deploy.git', targetRevision: 'v1.2.3', path: 'deploy/out/prod/argocd/apps' });
    const workloads = o.application('argocd/apps/workloads.k8s.yaml');
    expect(at(workloads, 'metadata.name')).toBe('prod-workloads');
    expect(at(workloads, 'spec.source.path')).toBe('deploy/out/prod');
    for (const app of objects.filter((x) => x.kind === 'Application')) expect(at(app, 'spec.destination.server')).toBe('https://10.0.0.2:6443');
    for (const obj of objects.filter((x) => x.apiVersion === 'argoproj.io/v1alpha1')) expect(crdErrors(obj)).toEqual([]);
  });

  test('without metrics-server (the cluster already serves metrics.k8s.io): no Application, no values file, no whitelist entry for it', () => {
    const o = environmentOutput({ ...env, gitops: { ...env.gitops, installMetricsServer: false } });
    expect(o.output.manifests.map((m) => m.path)).not.toContain('argocd/apps/metrics-server.k8s.yaml');
    expect(o.output.texts.map((t) => t.path)).toEqual(['helm-values/external-secrets.yaml', 'helm-values/reloader.yaml']);
    const project = named(o.file('argocd/bootstrap.k8s.yaml'), 'AppProject', 'example');
    expect(at(project, 'spec.sourceRepos')).not.toContain('https://kubernetes-sigs.github.io/metrics-server/');
    expect(JSON.stringify(at(project, 'spec'))).not.toContain('APIService');
    expect((at(project, 'spec.destinations') as Array<{ namespace: string }>).map((d) => d.namespace)).not.toContain('kube-system');
  });
});
