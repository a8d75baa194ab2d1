import { loadEnvironment } from '../../lib/config';
import { guardSynthCheck } from '../../lib/synth/guarded';
import { KubeObject, synthesizeEnvironment } from '../../lib/synth/environment-app';
import { configWorkloads } from '../../lib/workloads/from-config';
import { vaultReaders } from '../../lib/config/vault-readers';
import { at, findObject, tempConfig } from '../helpers';

const WORKLOADS = `
workloads:
  webServices:
    - name: orders
      namespace: shop
      image: { repository: fra.ocir.io/examplenamespace/shop/orders, tag: "1.4.2" }
      env: { LOG_LEVEL: info }
      secrets:
        - name: orders-db
          mountPath: /var/run/secrets/db
          keys: [{ secretKey: password, vaultSecretName: shop-orders-db-password }]
      ocirPullSecret: true
      ingress: { host: orders.example.com }
  workers:
    - name: mailer
      namespace: shop
      image: { repository: fra.ocir.io/examplenamespace/shop/mailer, tag: "2.0.1" }
      livenessCommand: [/app/healthcheck]
`;

describe('workloads declared as data in the environment file', () => {
  const t = tempConfig();
  t.edit('example.yaml', (s) => s + WORKLOADS);
  const env = loadEnvironment('example', { configDir: t.configDir });
  const out = synthesizeEnvironment(env, configWorkloads(env));
  const file = (p: string) => out.manifests.find((m) => m.path === p)?.objects ?? [];

  test('each becomes a WebService or a Worker in a file of its own', () => {
    expect(file('40-orders.k8s.yaml').map((o) => o.kind)).toEqual(['ServiceAccount', 'SecretStore', 'ExternalSecret', 'ExternalSecret', 'Deployment', 'Service', 'HorizontalPodAutoscaler', 'PodDisruptionBudget', 'Ingress']);
    expect(file('40-mailer.k8s.yaml').map((o) => o.kind)).toEqual(['ServiceAccount', 'Deployment', 'PodDisruptionBudget']);
  });

  test('the environment supplies the rest: pool, vault, IngressClass, the app\'s OCIR pull credentials', () => {
    const orders = file('40-orders.k8s.yaml');
    expect(at(findObject(orders, 'Deployment'), 'spec.template.spec.nodeSelector')).toEqual({ 'oke-vn.dev/pool': 'virtual' });
    expect(at(findObject(orders, 'SecretStore'), 'spec.provider.oracle.vault')).toBe(env.vault.id);
    expect(at(findObject(orders, 'Ingress'), 'spec.ingressClassName')).toBe('traefik');
    const pull = findObject(orders, 'ExternalSecret', 'orders-ocir-pull');
    expect(at(pull, 'spec.data[0].remoteRef.key')).toBe(env.app.pullSecret.authTokenSecretName);
    expect(at(findObject(orders, 'Deployment'), 'spec.template.spec.containers[0].env')).toEqual([{ name: 'LOG_LEVEL', value: 'info' }]);
  });

  test('the worker has its exec liveness probe and a fixed count of 2', () => {
    const d = findObject(file('40-mailer.k8s.yaml'), 'Deployment');
    expect(at(d, 'spec.replicas')).toBe(2);
    expect(at(d, 'spec.template.spec.containers[0].livenessProbe.exec.command')).toEqual(['/app/healthcheck']);
  });

  test('the guard passes, and Traefik watches the new namespace', () => {
    expect(guardSynthCheck(env, out.manifests.flatMap((m) => m.objects))).toEqual([]);
    const roles = file('20-ingress-controller.k8s.yaml').filter((o: KubeObject) => o.kind === 'Role');
    expect(roles.map((r) => r.metadata?.namespace)).toEqual(['app', 'shop', 'traefik']);
  });
});

describe('a data web service with a certificate from the vault', () => {
  const t = tempConfig();
  t.edit('example.yaml', (s) => `${s}
workloads:
  webServices:
    - name: orders
      namespace: shop
      image: { repository: fra.ocir.io/examplenamespace/shop/orders, tag: "1.4.2" }
      ingress: { host: orders.example.com, certificate: { vaultSecretName: shop-orders-tls } }
`);
  const env = loadEnvironment('example', { configDir: t.configDir });
  const out = synthesizeEnvironment(env, configWorkloads(env));
  const orders = out.manifests.find((m) => m.path === '40-orders.k8s.yaml')?.objects ?? [];

  test('gets a SecretStore of its own, the TLS ExternalSecret and an Ingress naming it; its ServiceAccount may read exactly that certificate', () => {
    expect(orders.map((o) => `${o.kind}/${o.metadata?.name}`)).toEqual(expect.arrayContaining(['SecretStore/orders-vault', 'ExternalSecret/orders-tls', 'Ingress/orders']));
    expect(at(findObject(orders, 'Ingress'), 'spec.tls')).toEqual([{ hosts: ['orders.example.com'], secretName: 'orders-tls' }]);
    expect(vaultReaders(env)).toContainEqual({ namespace: 'shop', serviceAccount: 'orders', secrets: ['shop-orders-tls'] });
    expect(guardSynthCheck(env, out.manifests.flatMap((m) => m.objects))).toEqual([]);
  });
});
