import '../../lib/guard/jest';
import { OciVaultSecretStore } from '../../lib/constructs/oci-vault-secret-store';
import { TraefikIngressController, TraefikIngressControllerProps, TraefikTls } from '../../lib/constructs/traefik-ingress-controller';
import { VaultTlsCertificate } from '../../lib/constructs/vault-tls-certificate';
import { traefikInstancesOf } from '../../lib/guard/traefik';
import { KubeObject } from '../../lib/synth/environment-app';
import { at, findObject, synthObjects } from '../helpers';

const SUBNET = 'ocid1.subnet.oc1.eu-frankfurt-1.aaaaaaaasubnetsubnetsubnetsubnet';
const NSG = 'ocid1.networksecuritygroup.oc1.eu-frankfurt-1.aaaaaaaansgnsgnsgnsgnsgnsg';
const VAULT = 'ocid1.vault.oc1.eu-frankfurt-1.aaaaaaaavaultvaultvaultvaultvault';

const PROPS: TraefikIngressControllerProps = {
  namespace: 'ingress', ingressClassName: 'public', watchNamespaces: ['shop', 'blog'], image: 'docker.io/library/traefik:v3.7.11', replicas: 2, cpu: 1, memoryGiB: 1,
  scheduling: { nodeLabel: { key: 'example.com/pool', value: 'vn' } },
  loadBalancer: { type: 'lb', shape: 'flexible', minMbps: 10, maxMbps: 100, internal: false, subnetId: SUBNET, nsgIds: [NSG] },
  tls: { termination: 'traefik' },
};

function traefik(tls: TraefikTls = PROPS.tls, more: Partial<TraefikIngressControllerProps> = {}): KubeObject[] {
  return synthObjects((s) => new TraefikIngressController(s, 'traefik', { ...PROPS, tls, ...more }));
}

/** The static configuration as Traefik reads it from the Deployment's flags. */
function staticConfig(objects: readonly KubeObject[]) {
  const [instance] = traefikInstancesOf(findObject(objects, 'Deployment'));
  if (instance === undefined) throw new Error('no Traefik container');
  return instance;
}

describe('TraefikIngressController', () => {
  const objects = traefik();
  const kinds = (k: string) => objects.filter((o: KubeObject) => o.kind === k);

  test('least-privilege RBAC: cluster-wide only IngressClasses and Nodes; the rest per watched namespace', () => {
    const clusterRole = findObject(objects, 'ClusterRole');
    expect(clusterRole.rules).toEqual([
      { apiGroups: ['networking.k8s.io'], resources: ['ingressclasses'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: [''], resources: ['nodes'], verbs: ['get', 'list', 'watch'] },
    ]);
    expect(kinds('Role').map((r) => r.metadata?.namespace)).toEqual(['blog', 'ingress', 'shop']);
    expect(kinds('RoleBinding').map((r) => r.metadata?.namespace)).toEqual(['blog', 'ingress', 'shop']);
    const allRules = [...kinds('Role'), clusterRole].flatMap((r) => r.rules as Array<{ resources: string[]; verbs: string[] }>);
    for (const rule of allRules) {
      expect(rule.resources).not.toContain('*');
      expect(rule.verbs).not.toContain('*');
      expect(rule.verbs.filter((v) => !['get', 'list', 'watch', 'update'].includes(v))).toEqual([]);
    }
    expect(at(findObject(objects, 'ClusterRoleBinding'), 'subjects')).toEqual([{ kind: 'ServiceAccount', name: 'traefik', namespace: 'ingress' }]);
  });

  test('its own namespace is watched to read the Service it publishes; Ingress status is written only where Ingresses are', () => {
    const role = (ns: string) => kinds('Role').find((r) => r.metadata?.namespace === ns);
    const resources = (ns: string) => (role(ns)?.rules as Array<{ resources: string[] }>).flatMap((r) => r.resources);
    expect(resources('ingress')).toEqual(['services', 'secrets', 'endpointslices', 'ingresses']);
    expect(resources('shop')).toEqual(['services', 'secrets', 'endpointslices', 'ingresses', 'ingresses/status']);
    const provider = staticConfig(objects).ingressProvider;
    expect(provider).toEqual({ ingressClass: 'public', namespaces: ['blog', 'ingress', 'shop'], publishedService: 'ingress/traefik' });
  });

  test('no Ingress anywhere: Traefik watches its own namespace only (an empty list would mean every namespace)', () => {
    const none = traefik(PROPS.tls, { watchNamespaces: [] });
    expect(staticConfig(none).ingressProvider?.namespaces).toEqual(['ingress']);
    expect(none.filter((o) => o.kind === 'Role').map((r) => r.metadata?.namespace)).toEqual(['ingress']);
  });

  test('HTTPS at Traefik: websecure terminates TLS, web redirects to :443, routers only on web and websecure', () => {
    const c = staticConfig(objects);
    const ep = Object.fromEntries(c.entryPoints.map((e) => [e.name, e]));
    expect(Object.keys(ep).sort()).toEqual(['metrics', 'traefik', 'web', 'websecure']);
    expect(ep.web).toMatchObject({ address: ':8000', asDefault: true, tls: false, redirectTo: ':443', redirectScheme: 'https' });
    expect(ep.websecure).toMatchObject({ address: ':8443', asDefault: true, tls: true, redirectTo: undefined });
    expect(ep.metrics).toMatchObject({ address: ':9100', asDefault: false });
    expect(ep.traefik).toMatchObject({ address: ':8080', asDefault: false });
    expect(c.flags.get('entrypoints.web.http.redirections.entrypoint.permanent')).toBe('true');
    expect(c.flags.get('metrics.prometheus.entrypoint')).toBe('metrics');
    expect(c.flags.get('ping.entrypoint')).toBe('traefik');
    const svc = findObject(objects, 'Service');
    expect(at(svc, 'spec.ports')).toEqual([
      { name: 'web', port: 80, targetPort: 'web', protocol: 'TCP' },
      { name: 'websecure', port: 443, targetPort: 'websecure', protocol: 'TCP' },
    ]);
    expect(Object.keys(at(svc, 'metadata.annotations') as object).filter((k) => /ssl-ports|tls-secret/.test(k))).toEqual([]);
  });

  test('redirect off: port 80 serves the routes too', () => {
    const c = staticConfig(traefik({ termination: 'traefik', redirectHttpToHttps: false }));
    expect(c.entryPoints.find((e) => e.name === 'web')).toMatchObject({ asDefault: true, redirectTo: undefined });
  });

  test('HTTPS at the load balancer: the listener holds the certificate, 443 arrives as plain HTTP on websecure, 80 still redirects', () => {
    const objs = traefik({ termination: 'loadBalancer', loadBalancerCertificate: 'shop/shop-tls' });
    const c = staticConfig(objs);
    const ep = Object.fromEntries(c.entryPoints.map((e) => [e.name, e]));
    expect(ep.websecure).toMatchObject({ asDefault: true, tls: false });
    expect(ep.web).toMatchObject({ redirectTo: ':443' });
    const svc = findObject(objs, 'Service');
    expect(at(svc, 'metadata.annotations')).toMatchObject({
      'service.beta.kubernetes.io/oci-load-balancer-ssl-ports': '443',
      'service.beta.kubernetes.io/oci-load-balancer-tls-secret': 'shop/shop-tls',
    });
    expect(at(svc, 'spec.ports[1]')).toEqual({ name: 'websecure', port: 443, targetPort: 'websecure', protocol: 'TCP' });
  });

  test('plain HTTP is explicit: no websecure entry point, port or Service port, no redirect', () => {
    const objs = traefik({ termination: 'none' });
    const c = staticConfig(objs);
    expect(c.entryPoints.map((e) => e.name).sort()).toEqual(['metrics', 'traefik', 'web']);
    expect(c.entryPoints.find((e) => e.name === 'web')?.redirectTo).toBeUndefined();
    expect((at(findObject(objs, 'Service'), 'spec.ports') as unknown[]).length).toBe(1);
    expect((at(findObject(objs, 'Deployment'), 'spec.template.spec.containers[0].ports') as Array<{ name: string }>).map((p) => p.name)).toEqual(['web', 'traefik', 'metrics']);
    expect(() => traefik({ termination: 'none', redirectHttpToHttps: true })).toThrow(/no HTTPS to redirect to/);
  });

  test('the load balancer certificate goes with termination loadBalancer only', () => {
    expect(() => traefik({ termination: 'loadBalancer' })).toThrow(/loadBalancerCertificate/);
    expect(() => traefik({ termination: 'traefik', loadBalancerCertificate: 'a/b' })).toThrow(/loadBalancerCertificate/);
  });

  test('Deployment fits virtual nodes: unprivileged ports outside 30000-32767, one emptyDir, no grace period', () => {
    const d = findObject(objects, 'Deployment');
    const pod = at(d, 'spec.template.spec') as Record<string, unknown>;
    expect(pod).not.toHaveProperty(['terminationGracePeriodSeconds']);
    expect(pod.automountServiceAccountToken).toBe(true);
    const ports = at(pod, 'containers[0].ports') as Array<{ containerPort: number }>;
    expect(ports.map((p) => p.containerPort)).toEqual([8000, 8443, 8080, 9100]);
    for (const p of ports) expect(p.containerPort < 1024 || (p.containerPort >= 30000 && p.containerPort <= 32767)).toBe(false);
    expect((pod.volumes as unknown[]).length).toBe(1);
    expect(at(d, 'spec.replicas')).toBe(2);
    const args = at(pod, 'containers[0].args') as string[];
    expect(at(pod, 'containers[0].readinessProbe.httpGet')).toEqual({ path: '/ping', port: 8080, scheme: 'HTTP' });
    // Readiness fails as soon as Traefik terminates, and the drain fits the default 30 s grace period.
    expect(args).toContain('--ping.terminatingStatusCode=503');
    for (const ep of ['web', 'websecure']) {
      const seconds = (flag: string) => Number(/=(\d+)s$/.exec(args.find((a) => a.startsWith(`--entryPoints.${ep}.transport.lifeCycle.${flag}`)) ?? '')?.[1]);
      expect(seconds('requestAcceptGraceTimeout') + seconds('graceTimeOut')).toBeLessThan(30);
    }
  });

  test('IngressClass, PDB and an OCI LoadBalancer Service with externalTrafficPolicy Cluster', () => {
    expect(at(findObject(objects, 'IngressClass'), 'spec.controller')).toBe('traefik.io/ingress-controller');
    expect(at(findObject(objects, 'IngressClass'), 'metadata.name')).toBe('public');
    expect(at(findObject(objects, 'PodDisruptionBudget'), 'spec.maxUnavailable')).toBe(1);
    const svc = findObject(objects, 'Service');
    expect(at(svc, 'spec.type')).toBe('LoadBalancer');
    expect(at(svc, 'spec.externalTrafficPolicy')).toBe('Cluster');
    expect(at(svc, 'metadata.annotations')).toMatchObject({
      'service.beta.kubernetes.io/oci-load-balancer-security-list-management-mode': 'None',
      'oci.oraclecloud.com/oci-network-security-groups': NSG,
      'service.beta.kubernetes.io/oci-load-balancer-subnet1': SUBNET,
    });
  });

  test('what it renders passes the guard, whatever the termination', () => {
    // The load balancer's certificate comes from another chart: its producer is added so the set is whole.
    const certificate = synthObjects((s) => {
      new OciVaultSecretStore(s, 'store', { name: 'oci-vault', namespace: 'shop', vaultId: VAULT, region: 'eu-frankfurt-1', serviceAccountName: 'shop' });
      new VaultTlsCertificate(s, 'cert', { secretName: 'shop-tls', namespace: 'shop', secretStoreName: 'oci-vault', vaultSecretName: 'shop-tls', refreshInterval: '1h' });
    });
    for (const tls of [PROPS.tls, { termination: 'loadBalancer', loadBalancerCertificate: 'shop/shop-tls' } as const, { termination: 'none' } as const]) {
      expect([...traefik(tls), ...certificate]).toPassGuard({ virtualNodeLabels: { 'example.com/pool': 'vn' } });
    }
  });
});
