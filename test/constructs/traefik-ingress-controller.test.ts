import { KubeObject } from '../../lib/synth/environment-app';
import { TraefikIngressController } from '../../lib/constructs/traefik-ingress-controller';
import { at, findObject, synthObjects } from '../helpers';

const SUBNET = 'ocid1.subnet.oc1.eu-frankfurt-1.aaaaaaaasubnetsubnetsubnetsubnet';
const NSG = 'ocid1.networksecuritygroup.oc1.eu-frankfurt-1.aaaaaaaansgnsgnsgnsgnsgnsg';

describe('TraefikIngressController', () => {
  const objects = synthObjects((s) => new TraefikIngressController(s, 'traefik', {
    namespace: 'ingress', ingressClassName: 'public', watchNamespaces: ['shop', 'blog'], image: 'docker.io/library/traefik:v3.7.11', replicas: 2, cpu: 1, memoryGiB: 1,
    scheduling: { nodeLabel: { key: 'example.com/pool', value: 'vn' } },
    loadBalancer: { type: 'lb', shape: 'flexible', minMbps: 10, maxMbps: 100, internal: false, subnetId: SUBNET, nsgIds: [NSG] },
  }));
  const kinds = (k: string) => objects.filter((o: KubeObject) => o.kind === k);

  test('least-privilege RBAC: cluster-wide only IngressClasses and Nodes; the rest per watched namespace', () => {
    const clusterRole = findObject(objects, 'ClusterRole');
    expect(clusterRole.rules).toEqual([
      { apiGroups: ['networking.k8s.io'], resources: ['ingressclasses'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: [''], resources: ['nodes'], verbs: ['get', 'list', 'watch'] },
    ]);
    expect(kinds('Role').map((r) => r.metadata?.namespace)).toEqual(['blog', 'shop']);
    const allRules = [...kinds('Role'), clusterRole].flatMap((r) => r.rules as Array<{ resources: string[]; verbs: string[] }>);
    for (const rule of allRules) {
      expect(rule.resources).not.toContain('*');
      expect(rule.verbs).not.toContain('*');
      expect(rule.verbs.filter((v) => !['get', 'list', 'watch', 'update'].includes(v))).toEqual([]);
    }
    expect(at(findObject(objects, 'ClusterRoleBinding'), 'subjects')).toEqual([{ kind: 'ServiceAccount', name: 'traefik', namespace: 'ingress' }]);
    expect(kinds('RoleBinding')).toHaveLength(2);
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
    expect(args).toContain('--providers.kubernetesingress.ingressClass=public');
    expect(args).toContain('--providers.kubernetesingress.namespaces=blog,shop');
    expect(args).toContain('--providers.kubernetesingress.ingressendpoint.publishedservice=ingress/traefik');
    expect(at(pod, 'containers[0].readinessProbe.httpGet')).toEqual({ path: '/ping', port: 8080, scheme: 'HTTP' });
    // Readiness fails as soon as Traefik terminates, and the drain fits the default 30 s grace period.
    expect(args).toContain('--ping.terminatingStatusCode=503');
    const seconds = (flag: string) => Number(/=(\d+)s$/.exec(args.find((a) => a.startsWith(flag)) ?? '')?.[1]);
    expect(seconds('--entryPoints.web.transport.lifeCycle.requestAcceptGraceTimeout') + seconds('--entryPoints.web.transport.lifeCycle.graceTimeOut')).toBeLessThan(30);
  });

  test('IngressClass, PDB and an OCI LoadBalancer Service with externalTrafficPolicy Cluster', () => {
    expect(at(findObject(objects, 'IngressClass'), 'spec.controller')).toBe('traefik.io/ingress-controller');
    expect(at(findObject(objects, 'IngressClass'), 'metadata.name')).toBe('public');
    expect(at(findObject(objects, 'PodDisruptionBudget'), 'spec.maxUnavailable')).toBe(1);
    const svc = findObject(objects, 'Service');
    expect(at(svc, 'spec.type')).toBe('LoadBalancer');
    expect(at(svc, 'spec.externalTrafficPolicy')).toBe('Cluster');
    expect(at(svc, 'spec.ports')).toEqual([
      { name: 'web', port: 80, targetPort: 'web', protocol: 'TCP' },
      { name: 'websecure', port: 443, targetPort: 'websecure', protocol: 'TCP' },
    ]);
    expect(at(svc, 'metadata.annotations')).toMatchObject({
      'service.beta.kubernetes.io/oci-load-balancer-security-list-management-mode': 'None',
      'oci.oraclecloud.com/oci-network-security-groups': NSG,
      'service.beta.kubernetes.io/oci-load-balancer-subnet1': SUBNET,
    });
  });
});
