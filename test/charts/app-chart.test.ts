import { Environment } from '../../lib/config';
import { AppChart } from '../../lib/charts/app-chart';
import { at, chartObjects, exampleEnv, findObject } from '../helpers';

function withApp(env: Environment, app: Partial<Environment['app']>, ingress: Partial<Environment['ingress']> = {}): Environment {
  return { ...env, app: { ...env.app, ...app }, ingress: { ...env.ingress, ...ingress } };
}

describe('AppChart (example environment)', () => {
  const env = exampleEnv();
  const objects = chartObjects(AppChart, env);

  test('every object lives in the app namespace with stable names (no hash suffix)', () => {
    for (const o of objects) expect(o.metadata?.namespace).toBe('app');
    expect(objects.map((o) => `${o.kind}/${o.metadata?.name}`)).toEqual([
      'ServiceAccount/app', 'SecretStore/oci-vault', 'ExternalSecret/app-db', 'ExternalSecret/app-ocir-pull', 'ExternalSecret/app-tls',
      'Deployment/app', 'Service/app', 'HorizontalPodAutoscaler/app', 'PodDisruptionBudget/app', 'Ingress/app',
    ]);
  });

  test('the SecretStore authenticates as the app ServiceAccount the IAM policy names', () => {
    const store = findObject(objects, 'SecretStore');
    expect(at(store, 'spec.provider.oracle.serviceAccountRef.name')).toBe(env.app.serviceAccountName);
    expect(at(store, 'spec.provider.oracle.vault')).toBe(env.vault.id);
    expect(at(store, 'spec.provider.oracle.region')).toBe(env.oci.region);
    expect(at(store, 'spec.provider.oracle.principalType')).toBe('Workload');
  });

  test('the DB password ExternalSecret reads the vault secret by name; the pod mounts its Secret', () => {
    const es = findObject(objects, 'ExternalSecret', 'app-db');
    // The app user's password; the admin password is never synced into the app namespace.
    expect(at(es, 'spec.data[0].remoteRef.key')).toBe(env.vault.dbAppPasswordSecretName);
    expect(JSON.stringify(objects)).not.toContain(env.vault.dbPasswordSecretName);
    expect(at(es, 'spec.refreshInterval')).toBe('1h');
    const pod = at(findObject(objects, 'Deployment'), 'spec.template.spec');
    expect(at(pod, 'volumes[1].secret.secretName')).toBe(at(es, 'spec.target.name'));
    expect(at(pod, 'containers[0].env')).toContainEqual({ name: 'DB_PASSWORD_FILE', value: '/var/run/secrets/db/password' });
  });

  test('Deployment: image pinned, DB settings as env (no secret values), pull secret, scheduled on the pool', () => {
    const d = findObject(objects, 'Deployment');
    const c = at(d, 'spec.template.spec.containers[0]') as Record<string, unknown>;
    expect(c.image).toBe('fra.ocir.io/examplenamespace/oke-vn/app:0.1.0');
    expect(c.env).toEqual([
      { name: 'PORT', value: '8080' }, { name: 'METRICS_PORT', value: '9090' }, { name: 'DB_HOST', value: '10.0.50.10' }, { name: 'DB_PORT', value: '3306' }, { name: 'DB_NAME', value: 'app' },
      { name: 'DB_USER', value: 'app' }, { name: 'DB_PASSWORD_FILE', value: '/var/run/secrets/db/password' }, { name: 'DB_TLS_MODE', value: 'REQUIRED' },
      { name: 'DB_POOL_SIZE', value: '10' },
    ]);
    expect(at(d, 'spec.template.spec.imagePullSecrets')).toEqual([{ name: 'app-ocir-pull' }]);
    expect(at(d, 'spec.template.spec.nodeSelector')).toEqual({ 'oke-vn.dev/pool': 'virtual' });
    expect(at(c, 'resources.limits')).toEqual({ cpu: '1', memory: '2048Mi' });
    expect(at(c, 'resources.requests')).toEqual(at(c, 'resources.limits'));
    // The HPA owns the scale: a fixed count would fight it on every sync.
    expect(d.spec).not.toHaveProperty(['replicas']);
  });

  test('metrics: a container port of their own, named by the scrape annotations, absent from the Service', () => {
    const d = findObject(objects, 'Deployment');
    expect(at(d, 'spec.template.spec.containers[0].ports')).toEqual([{ containerPort: 8080, name: 'http' }, { containerPort: 9090, name: 'metrics' }]);
    expect(at(d, 'spec.template.metadata.annotations')).toEqual({ 'prometheus.io/scrape': 'true', 'prometheus.io/port': '9090', 'prometheus.io/path': '/metrics' });
    const servicePorts = at(findObject(objects, 'Service'), 'spec.ports') as Array<{ targetPort: string }>;
    expect(servicePorts.map((p) => p.targetPort)).toEqual(['http']);
  });

  test('Service, HPA, PDB and Ingress point at the Deployment and at each other', () => {
    const selector = at(findObject(objects, 'Deployment'), 'spec.selector.matchLabels');
    expect(at(findObject(objects, 'Service'), 'spec')).toEqual({ type: 'ClusterIP', selector, ports: [{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }] });
    const hpa = findObject(objects, 'HorizontalPodAutoscaler');
    expect(hpa.apiVersion).toBe('autoscaling/v2');
    expect(at(hpa, 'spec.scaleTargetRef')).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'app' });
    expect(at(hpa, 'spec.minReplicas')).toBe(2);
    expect(at(hpa, 'spec.maxReplicas')).toBe(6);
    expect(at(hpa, 'spec.metrics[0].resource')).toEqual({ name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } });
    expect(at(hpa, 'spec.behavior.scaleDown.stabilizationWindowSeconds')).toBe(300);
    expect(at(findObject(objects, 'PodDisruptionBudget'), 'spec.selector.matchLabels')).toEqual(selector);
    const ingress = findObject(objects, 'Ingress');
    expect(at(ingress, 'spec.ingressClassName')).toBe('traefik');
    expect(at(ingress, 'spec.rules[0]')).toEqual({ host: 'app.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'app', port: { name: 'http' } } } }] } });
  });

  test('HTTPS by default: the Ingress names the kubernetes.io/tls Secret ESO builds from the vault bundle', () => {
    expect(at(findObject(objects, 'Ingress'), 'spec.tls')).toEqual([{ hosts: ['app.example.com'], secretName: 'app-tls' }]);
    const es = findObject(objects, 'ExternalSecret', 'app-tls');
    expect(at(es, 'spec.target.name')).toBe('app-tls');
    expect(at(es, 'spec.target.template.type')).toBe('kubernetes.io/tls');
    expect(at(es, 'spec.data')).toEqual([expect.objectContaining({ secretKey: 'bundle', remoteRef: expect.objectContaining({ key: env.ingress.tls.vaultSecretName }) })]);
    expect(at(es, 'spec.secretStoreRef.name')).toBe(at(findObject(objects, 'SecretStore'), 'metadata.name'));
  });

  test('termination at the load balancer: the Secret is still built, the Ingress has no tls (the listener holds it)', () => {
    const objs = chartObjects(AppChart, withApp(env, {}, { tls: { ...env.ingress.tls, termination: 'loadBalancer' } }));
    expect(at(findObject(objs, 'ExternalSecret', 'app-tls'), 'spec.target.template.type')).toBe('kubernetes.io/tls');
    expect(findObject(objs, 'Ingress').spec).not.toHaveProperty(['tls']);
  });

  test('plain HTTP (termination none): no certificate, no Ingress tls', () => {
    const objs = chartObjects(AppChart, withApp(env, {}, { tls: { ...env.ingress.tls, termination: 'none', redirectHttpToHttps: undefined } }));
    expect(objs.filter((o) => o.kind === 'ExternalSecret').map((o) => o.metadata?.name)).toEqual(['app-db', 'app-ocir-pull']);
    expect(findObject(objs, 'Ingress').spec).not.toHaveProperty(['tls']);
  });

  test('pull secret off: no pull ExternalSecret and no imagePullSecrets', () => {
    const off = chartObjects(AppChart, withApp(env, { pullSecret: { ...env.app.pullSecret, enabled: false } }));
    expect(off.filter((o) => o.kind === 'ExternalSecret').map((o) => o.metadata?.name)).toEqual(['app-db', 'app-tls']);
    expect(at(findObject(off, 'Deployment'), 'spec.template.spec')).not.toHaveProperty(['imagePullSecrets']);
  });

  test('a digest pins the image', () => {
    const digest = `sha256:${'a'.repeat(64)}`;
    const objs = chartObjects(AppChart, withApp(env, { image: { ...env.app.image, digest } }));
    expect(at(findObject(objs, 'Deployment'), 'spec.template.spec.containers[0].image')).toBe(`fra.ocir.io/examplenamespace/oke-vn/app:0.1.0@${digest}`);
  });
});
