import * as fs from 'fs';
import * as path from 'path';
import { ApiObject } from 'cdk8s';
import '../../lib/guard/jest';
import { ConfigError } from '../../lib/config';
import { PodDisruptionBudget } from '../../lib/constructs/pod-disruption-budget';
import { WebService } from '../../lib/constructs/web-service';
import { Worker } from '../../lib/constructs/worker';
import { guardSynthCheck } from '../../lib/synth/guarded';
import { EnvironmentOutput, KubeObject, synthesizeEnvironment } from '../../lib/synth/environment-app';
import { SynthCheckError, SynthError } from '../../lib/synth/errors';
import { renderEnvironments } from '../../lib/synth/run';
import { WorkloadModule } from '../../lib/workloads/types';
import { at, exampleEnv, findObject, tempConfig } from '../helpers';

const orders: WorkloadModule = {
  name: 'orders',
  build: (chart, ctx) => {
    new WebService(chart, 'Orders', {
      name: 'orders', namespace: 'shop', image: 'fra.ocir.io/examplenamespace/shop/orders:1.4.2', scheduling: ctx.scheduling,
      ingress: { className: ctx.ingressClassName, host: 'orders.example.com' },
      vault: ctx.vault,
      secrets: [{ name: 'orders-db', mountPath: '/var/run/secrets/db', keys: [{ secretKey: 'password', vaultSecretName: 'orders-db-password' }] }],
    });
  },
};
const mailer: WorkloadModule = {
  name: 'mailer',
  build: (chart, ctx) => {
    new Worker(chart, 'Mailer', { name: 'mailer', namespace: 'jobs', image: 'fra.ocir.io/examplenamespace/shop/mailer:2.0.1', scheduling: ctx.scheduling, livenessProbe: { command: ['/app/healthcheck'] } });
  },
};

function files(out: EnvironmentOutput): Record<string, readonly KubeObject[]> {
  return Object.fromEntries(out.manifests.map((m) => [m.path, m.objects]));
}

function annotations(o: KubeObject): Record<string, string> {
  return (o.metadata?.annotations ?? {}) as Record<string, string>;
}

/** The example environment, its vault readable by the orders ServiceAccount too (vault.readers), for the secret it reads. */
function shopEnv(secrets: string[] = ['orders-db-password']) {
  const env = exampleEnv();
  return { ...env, vault: { ...env.vault, readers: [{ namespace: 'shop', serviceAccount: 'orders', secrets }] } };
}

describe('workload modules', () => {
  const env = shopEnv();
  const out = files(synthesizeEnvironment(env, [orders, mailer]));

  test('each module is a file of its own after the platform files', () => {
    expect(Object.keys(out).filter((f) => !f.startsWith('argocd/'))).toEqual([
      '10-namespaces.k8s.yaml', '20-ingress-controller.k8s.yaml', '25-db-user.k8s.yaml', '30-app.k8s.yaml', '40-orders.k8s.yaml', '40-mailer.k8s.yaml',
    ]);
    expect(out['40-orders.k8s.yaml']?.map((o) => o.kind)).toEqual(['ServiceAccount', 'SecretStore', 'ExternalSecret', 'Deployment', 'Service', 'HorizontalPodAutoscaler', 'PodDisruptionBudget', 'Ingress']);
  });

  test('their namespaces are created with the Pod Security Admission labels, before everything else', () => {
    const namespaces = out['10-namespaces.k8s.yaml'] as KubeObject[];
    expect(namespaces.map((n) => n.metadata?.name)).toEqual(['traefik', 'app', 'db-user', 'jobs', 'shop']);
    expect(at(findObject(namespaces, 'Namespace', 'shop'), 'metadata.labels')).toMatchObject({ 'pod-security.kubernetes.io/enforce': 'baseline', 'pod-security.kubernetes.io/warn': 'restricted' });
  });

  test('Traefik watches, and gets a Role in, exactly the namespaces holding Ingresses of its class, and its own (to read the Service it publishes)', () => {
    const ingress = out['20-ingress-controller.k8s.yaml'] as KubeObject[];
    expect(ingress.filter((o) => o.kind === 'Role').map((r) => r.metadata?.namespace)).toEqual(['app', 'shop', 'traefik']);
    expect(ingress.filter((o) => o.kind === 'RoleBinding').map((r) => r.metadata?.namespace)).toEqual(['app', 'shop', 'traefik']);
    const args = at(findObject(ingress, 'Deployment'), 'spec.template.spec.containers[0].args') as string[];
    expect(args).toContain('--providers.kubernetesingress.namespaces=app,shop,traefik');
  });

  test('the AppProject allows their namespaces, the workloads Application includes their files', () => {
    const project = findObject(out['argocd/bootstrap.k8s.yaml'] as KubeObject[], 'AppProject', 'example');
    expect((at(project, 'spec.destinations') as Array<{ namespace: string }>).map((d) => d.namespace)).toEqual(expect.arrayContaining(['jobs', 'shop']));
    const app = findObject(out['argocd/apps/workloads.k8s.yaml'] as KubeObject[], 'Application');
    expect(at(app, 'spec.source.directory.include')).toBe('{10-namespaces.k8s.yaml,20-ingress-controller.k8s.yaml,25-db-user.k8s.yaml,30-app.k8s.yaml,40-orders.k8s.yaml,40-mailer.k8s.yaml}');
  });

  test('every object has its sync wave; the guard passes them all', () => {
    const objects = Object.entries(out).filter(([f]) => f.startsWith('40-')).flatMap(([, o]) => o);
    for (const o of objects) expect(annotations(o)['argocd.argoproj.io/sync-wave']).toMatch(/^[0-4]$/);
    expect(annotations(findObject(objects, 'SecretStore'))['argocd.argoproj.io/sync-wave']).toBe('1');
    expect(guardSynthCheck(env, Object.values(out).flat())).toEqual([]);
  });

  test('without modules the example is what it always was (nothing derived changes)', () => {
    const plain = files(synthesizeEnvironment(env));
    expect((plain['10-namespaces.k8s.yaml'] as KubeObject[]).map((n) => n.metadata?.name)).toEqual(['traefik', 'app', 'db-user']);
    expect(Object.keys(plain)).not.toContain('40-orders.k8s.yaml');
  });
});

describe('workload modules: mistakes are one-line errors naming the fix', () => {
  const env = exampleEnv();
  const mod = (name: string, build: WorkloadModule['build'], extra: Partial<WorkloadModule> = {}): WorkloadModule => ({ name, build, ...extra });

  test('a kind without a sync wave names the file, the object and the fix; syncWaves gives it one', () => {
    const monitor = mod('monitor', (chart) => { new ApiObject(chart, 'm', { apiVersion: 'monitoring.coreos.com/v1', kind: 'ServiceMonitor', metadata: { name: 'orders', namespace: 'shop' } }); });
    let error: unknown;
    try { synthesizeEnvironment(env, [monitor]); } catch (e) { error = e; }
    expect(error).toBeInstanceOf(SynthError);
    expect((error as Error).message).toBe(
      'synth stopped, dist/ left as it was: example: 40-monitor.k8s.yaml: no sync wave for monitoring.coreos.com/ServiceMonitor (ServiceMonitor shop/orders): '
      + "give the kind a place in the order: in a workload module, syncWaves: { 'monitoring.coreos.com/ServiceMonitor': 'workloads' } (or 'foundation', 'secretStore', 'externalSecret', 'jobs': the wave it must come after); for the project's own charts, WAVE_BY_KIND in lib/gitops/sync-policy.ts",
    );
    const waved = files(synthesizeEnvironment(env, [{ ...monitor, syncWaves: { 'monitoring.coreos.com/ServiceMonitor': 'workloads' } }]));
    expect(annotations((waved['40-monitor.k8s.yaml'] as KubeObject[])[0] as KubeObject)['argocd.argoproj.io/sync-wave']).toBe('4');
  });

  test('a DaemonSet reaches the guard, which says virtual nodes do not run it and what to use', () => {
    const t = tempConfig();
    const agent = mod('agent', (chart) => {
      new ApiObject(chart, 'ds', {
        apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'agent', namespace: 'ops' },
        spec: { selector: { matchLabels: { app: 'agent' } }, template: { metadata: { labels: { app: 'agent' } }, spec: { containers: [{ name: 'agent', image: 'fra.ocir.io/ns/agent:1.0.0' }] } } },
      });
    });
    let error: unknown;
    try { renderEnvironments({ configDir: t.configDir, checks: [guardSynthCheck], workloads: { example: [agent] } }); } catch (e) { error = e; }
    expect(error).toBeInstanceOf(SynthCheckError);
    expect((error as Error).message).toMatch(/\[vn-daemonset\] DaemonSet ops\/agent: .*virtual nodes do not run DaemonSets.*use a Deployment/);
  });

  test('a SecretStore whose ServiceAccount the Workload Identity policy does not name is refused, naming vault.readers and the secrets it reads', () => {
    expect(() => synthesizeEnvironment(env, [orders])).toThrow(
      'synth stopped, dist/ left as it was: example: 40-orders.k8s.yaml: SecretStore shop/orders-vault reads OCI Vault as ServiceAccount shop/orders, which the environment\'s Workload Identity policy does not name; '
      + 'add { namespace: shop, serviceAccount: orders, secrets: [orders-db-password] } to vault.readers in config/example.yaml, then run `npm run bootstrap -- apply --env example`',
    );
    expect(() => synthesizeEnvironment(shopEnv(), [orders])).not.toThrow();
  });

  test('an ExternalSecret reading a vault secret its ServiceAccount may not read is refused (the policy is per secret)', () => {
    expect(() => synthesizeEnvironment(shopEnv(['orders-api-key']), [orders])).toThrow(
      'synth stopped, dist/ left as it was: example: 40-orders.k8s.yaml: ExternalSecret shop/orders-db reads vault secret "orders-db-password" through SecretStore shop/orders-vault as ServiceAccount shop/orders, '
      + 'which the environment\'s Workload Identity policy does not allow to read it; add "orders-db-password" to the secrets of { namespace: shop, serviceAccount: orders } in vault.readers in config/example.yaml, then run `npm run bootstrap -- apply --env example`',
    );
    // A module in the app's namespace reading the admin password through the app's SecretStore: the app's
    // ServiceAccount may not read it (only the DB-user Job's may).
    const adminReader: WorkloadModule = { name: 'sneaky', build: (chart, ctx) => {
      new WebService(chart, 'Sneaky', {
        name: 'sneaky', namespace: 'app', image: 'fra.ocir.io/examplenamespace/shop/sneaky:1.0.0', scheduling: ctx.scheduling,
        secretStoreName: 'oci-vault', secrets: [{ name: 'admin', mountPath: '/s', keys: [{ secretKey: 'p', vaultSecretName: env.vault.dbPasswordSecretName }] }],
      });
    } };
    expect(() => synthesizeEnvironment(env, [adminReader])).toThrow(/ExternalSecret app\/admin reads vault secret "oke-vn-example-db-password" through SecretStore app\/oci-vault as ServiceAccount app\/app, which the environment's Workload Identity policy does not allow to read it/);
  });

  test('a module that creates a Namespace is told they are derived', () => {
    const ns = mod('ns', (chart) => { new ApiObject(chart, 'n', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } }); });
    expect(() => synthesizeEnvironment(env, [ns])).toThrow(/40-ns\.k8s\.yaml \(workload module "ns"\) creates Namespace shop; remove it: 10-namespaces\.k8s\.yaml creates every namespace/);
  });

  test('bad construct props are a SynthError naming the module, not a stack trace', () => {
    const bad = mod('bad', (chart, ctx) => { new PodDisruptionBudget(chart, 'pdb', { name: 'x', namespace: 'shop', selectorLabels: { a: 'b' }, maxUnavailable: 0 }); void ctx; });
    expect(() => synthesizeEnvironment(env, [bad])).toThrow(SynthError);
    expect(() => synthesizeEnvironment(env, [bad])).toThrow('example: 40-bad.k8s.yaml (workload module "bad"): maxUnavailable must be at least 1 (got 0): 0 blocks every eviction');
  });

  test('module names must be distinct DNS labels', () => {
    expect(() => synthesizeEnvironment(env, [orders, orders])).toThrow('two workload modules are named "orders"');
    expect(() => synthesizeEnvironment(env, [mod('Orders', () => undefined)])).toThrow('workload module name "Orders" must be a DNS label');
  });

  test('a registry entry for an environment without a file is a config error, not a silent no-op', () => {
    const t = tempConfig();
    expect(() => renderEnvironments({ configDir: t.configDir, workloads: { prod: [orders] } })).toThrow(ConfigError);
    expect(() => renderEnvironments({ configDir: t.configDir, workloads: { prod: [orders] } }))
      .toThrow(`invalid environment configuration: workloads/index.ts: prod registers workload modules for environment "prod", but ${path.join(t.configDir, 'prod.yaml')} does not exist`);
    expect(fs.existsSync(t.outDir)).toBe(false);
  });
});
