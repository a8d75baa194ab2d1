import { JsonPatch } from 'cdk8s';
import '../../lib/guard/jest';
import { PropsError } from '../../lib/constructs/errors';
import { WebService, WebServiceProps } from '../../lib/constructs/web-service';
import { KubeObject } from '../../lib/synth/environment-app';
import { at, findObject, synthObjects } from '../helpers';

const VAULT = { id: 'ocid1.vault.oc1.eu-frankfurt-1.aaaaaaaavaultvaultvaultvaultvault', region: 'eu-frankfurt-1' };
const POOL = { nodeLabel: { key: 'oke-vn.dev/pool', value: 'virtual' } };

function web(overrides: Partial<WebServiceProps> = {}): KubeObject[] {
  return synthObjects((scope) => new WebService(scope, 'orders', {
    name: 'orders', namespace: 'shop', image: 'fra.ocir.io/ns/shop/orders:1.4.2', scheduling: POOL, ...overrides,
  }));
}

describe('WebService', () => {
  test('defaults: ServiceAccount, Deployment, Service, HPA and PDB only; no Ingress, no secrets', () => {
    expect(web().map((o) => `${o.kind}/${o.metadata?.name}`)).toEqual([
      'ServiceAccount/orders', 'Deployment/orders', 'Service/orders', 'HorizontalPodAutoscaler/orders', 'PodDisruptionBudget/orders',
    ]);
  });

  test('the defaults pass the guard as virtual-node pods (secure and virtual-node-fit)', () => {
    expect(web()).toPassGuard({ virtualNodeLabels: { 'oke-vn.dev/pool': 'virtual' } });
    expect(web({
      vault: VAULT,
      secrets: [{ name: 'orders-db', mountPath: '/var/run/secrets/db', keys: [{ secretKey: 'password', vaultSecretName: 'orders-db-password' }] }],
      ocirPullSecret: { username: 'ns/puller', authTokenSecretName: 'ocir-token' },
      ingress: { className: 'traefik', host: 'orders.example.com' },
    })).toPassGuard({ virtualNodeLabels: { 'oke-vn.dev/pool': 'virtual' } });
  });

  test('HTTP probes on the named port: startup and liveness on /healthz, readiness on /readyz', () => {
    const c = at(findObject(web(), 'Deployment'), 'spec.template.spec.containers[0]') as Record<string, unknown>;
    expect(c.ports).toEqual([{ containerPort: 8080, name: 'http' }]);
    expect(at(c, 'startupProbe.httpGet.path')).toBe('/healthz');
    expect(at(c, 'startupProbe.failureThreshold')).toBe(60);
    expect(at(c, 'livenessProbe.httpGet.path')).toBe('/healthz');
    expect(at(c, 'readinessProbe.httpGet')).toEqual({ path: '/readyz', port: 8080, scheme: 'HTTP' });
    expect(at(c, 'resources.limits')).toEqual({ cpu: '1', memory: '2048Mi' });
  });

  test('the Service routes port 80 to the named port; the HPA scales 2 to 6 on CPU; the PDB lets one go', () => {
    const objects = web();
    expect(at(findObject(objects, 'Service'), 'spec.ports')).toEqual([{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }]);
    const hpa = findObject(objects, 'HorizontalPodAutoscaler');
    expect([at(hpa, 'spec.minReplicas'), at(hpa, 'spec.maxReplicas')]).toEqual([2, 6]);
    expect(at(findObject(objects, 'PodDisruptionBudget'), 'spec.maxUnavailable')).toBe(1);
    expect(findObject(objects, 'Deployment').spec).not.toHaveProperty(['replicas']);
  });

  test('secrets from the vault: a SecretStore of its own as its ServiceAccount, an ExternalSecret per secret, files mounted', () => {
    const objects = web({
      vault: VAULT,
      serviceAccountName: 'orders-sa',
      secrets: [{ name: 'orders-db', mountPath: '/var/run/secrets/db', keys: [{ secretKey: 'user', vaultSecretName: 'u' }, { secretKey: 'password', vaultSecretName: 'p' }] }],
    });
    const store = findObject(objects, 'SecretStore');
    expect(store.metadata?.name).toBe('orders-vault');
    expect(at(store, 'spec.provider.oracle.serviceAccountRef.name')).toBe('orders-sa');
    const es = findObject(objects, 'ExternalSecret', 'orders-db');
    expect(at(es, 'spec.secretStoreRef.name')).toBe('orders-vault');
    expect(at(es, 'spec.refreshInterval')).toBe('1h');
    const pod = at(findObject(objects, 'Deployment'), 'spec.template.spec') as Record<string, unknown>;
    expect(at(pod, 'serviceAccountName')).toBe('orders-sa');
    expect(at(pod, 'volumes[1].secret')).toEqual({ secretName: 'orders-db', items: [{ key: 'password', path: 'password' }, { key: 'user', path: 'user' }] });
    expect(at(pod, 'containers[0].volumeMounts[1]')).toEqual({ name: 'secret-orders-db', mountPath: '/var/run/secrets/db', readOnly: true });
  });

  test('an existing SecretStore instead of a new one', () => {
    const objects = web({ secretStoreName: 'oci-vault', secrets: [{ name: 's', mountPath: '/s', keys: [{ secretKey: 'k', vaultSecretName: 'v' }] }] });
    expect(objects.filter((o) => o.kind === 'SecretStore')).toEqual([]);
    expect(at(findObject(objects, 'ExternalSecret'), 'spec.secretStoreRef.name')).toBe('oci-vault');
  });

  test('an OCIR pull secret for the image\'s registry, referenced by the pods', () => {
    const objects = web({ vault: VAULT, ocirPullSecret: { username: 'ns/puller', authTokenSecretName: 'ocir-token' } });
    const pull = findObject(objects, 'ExternalSecret', 'orders-ocir-pull');
    expect(at(pull, 'spec.target.template.type')).toBe('kubernetes.io/dockerconfigjson');
    expect(JSON.stringify(at(pull, 'spec.target.template.data'))).toContain('\\"fra.ocir.io\\"');
    expect(at(findObject(objects, 'Deployment'), 'spec.template.spec.imagePullSecrets')).toEqual([{ name: 'orders-ocir-pull' }]);
  });

  test('an Ingress of the given class to the Service, with TLS when a Secret is named', () => {
    const ingress = findObject(web({ ingress: { className: 'traefik', host: 'orders.example.com', path: '/api', tlsSecretName: 'orders-tls' } }), 'Ingress');
    expect(at(ingress, 'spec.ingressClassName')).toBe('traefik');
    expect(at(ingress, 'spec.rules[0]')).toEqual({ host: 'orders.example.com', http: { paths: [{ path: '/api', pathType: 'Prefix', backend: { service: { name: 'orders', port: { name: 'http' } } } }] } });
    expect(at(ingress, 'spec.tls')).toEqual([{ hosts: ['orders.example.com'], secretName: 'orders-tls' }]);
  });

  test('a certificate from the vault: ESO writes the kubernetes.io/tls Secret, the Ingress names it, the guard passes', () => {
    const objects = web({ vault: VAULT, ingress: { className: 'traefik', host: 'orders.example.com', certificate: { vaultSecretName: 'shop-orders-tls' } } });
    const es = findObject(objects, 'ExternalSecret', 'orders-tls');
    expect(at(es, 'spec.target.template.type')).toBe('kubernetes.io/tls');
    expect(at(es, 'spec.data[0].remoteRef.key')).toBe('shop-orders-tls');
    expect(at(es, 'spec.secretStoreRef.name')).toBe(at(findObject(objects, 'SecretStore'), 'metadata.name'));
    expect(at(findObject(objects, 'Ingress'), 'spec.tls')).toEqual([{ hosts: ['orders.example.com'], secretName: 'orders-tls' }]);
    expect(objects).toPassGuard({ virtualNodeLabels: { 'oke-vn.dev/pool': 'virtual' } });
  });

  test('a certificate served by the load balancer: the Secret is made, the Ingress carries no tls', () => {
    const objects = web({ vault: VAULT, ingress: { className: 'traefik', host: 'orders.example.com', certificate: { vaultSecretName: 'v', secretName: 'lb-tls' }, terminateTlsAt: 'loadBalancer' } });
    expect(findObject(objects, 'ExternalSecret', 'lb-tls')).toBeDefined();
    expect(findObject(objects, 'Ingress').spec).not.toHaveProperty(['tls']);
  });

  test('a certificate needs a vault, and one TLS Secret only', () => {
    expect(() => web({ ingress: { className: 'traefik', host: 'orders.example.com', certificate: { vaultSecretName: 'v' } } })).toThrow(/certificates come from OCI Vault; set vault/);
    expect(() => web({ vault: VAULT, ingress: { className: 'traefik', host: 'o.example.com', certificate: { vaultSecretName: 'v' }, tlsSecretName: 'x' } })).toThrow(PropsError);
  });

  test('probes one by one (an exec readiness probe here) replace the healthCheck ones', () => {
    const c = at(findObject(web({ probes: { readiness: { command: ['/bin/ready'] } } }), 'Deployment'), 'spec.template.spec.containers[0]');
    expect(at(c, 'readinessProbe.exec.command')).toEqual(['/bin/ready']);
    expect(at(c, 'livenessProbe.httpGet.path')).toBe('/healthz');
  });

  test('escape hatches reach every object', () => {
    const objects = synthObjects((scope) => {
      const svc = new WebService(scope, 'orders', { name: 'orders', namespace: 'shop', image: 'fra.ocir.io/ns/orders:1', scheduling: POOL });
      svc.workload.apiObject.addJsonPatch(JsonPatch.add('/spec/revisionHistoryLimit', 3));
      svc.workload.deployment.metadata.addAnnotation('reloader.stakater.com/auto', 'true');
      svc.service.metadata.addLabel('tier', 'api');
    });
    expect(at(findObject(objects, 'Deployment'), 'metadata.annotations')).toEqual({ 'reloader.stakater.com/auto': 'true' });
    expect(at(findObject(objects, 'Deployment'), 'spec.revisionHistoryLimit')).toBe(3);
    expect(at(findObject(objects, 'Service'), 'metadata.labels.tier')).toBe('api');
  });

  test.each([
    ['a port virtual nodes reserve', { port: 30080 }, /port http \(30080\) is in 30000-32767/],
    ['a privileged port', { port: 80 }, /port 80 is privileged/],
    ['sub-core CPU', { resources: { cpu: 0.5, memoryGiB: 1 } }, /resources.cpu 0.5 must be a whole number of OCPUs/],
    ['one replica', { autoscaling: { minReplicas: 1 } }, /minReplicas 1 must be at least 2/],
    ['an HPA that cannot scale', { autoscaling: { minReplicas: 3, maxReplicas: 3 } }, /maxReplicas 3 must be above minReplicas 3/],
    ['secrets without a vault', { secrets: [{ name: 's', mountPath: '/s', keys: [{ secretKey: 'k', vaultSecretName: 'v' }] }] }, /set vault .* or secretStoreName/],
    ['an OCIR pull secret for Docker Hub', { image: 'docker.io/library/nginx:1.27', vault: VAULT, ocirPullSecret: { username: 'u', authTokenSecretName: 't' } }, /ocirPullSecret is for OCIR images/],
  ] as const)('refuses %s with a PropsError naming the prop and the fix', (_name, props, message) => {
    expect(() => web(props as Partial<WebServiceProps>)).toThrow(PropsError);
    expect(() => web(props as Partial<WebServiceProps>)).toThrow(message);
  });
});
