import { IngressControllerChart } from '../../lib/charts/ingress-controller-chart';
import { NamespacesChart } from '../../lib/charts/namespaces-chart';
import { at, chartObjects, exampleEnv, findObject } from '../helpers';

describe('NamespacesChart', () => {
  test('creates the ingress and app namespaces', () => {
    const objects = chartObjects(NamespacesChart, exampleEnv());
    expect(objects.map((o) => `${o.kind}/${o.metadata?.name}`)).toEqual(['Namespace/traefik', 'Namespace/app']);
    expect(at(objects[0], 'metadata.labels')).toHaveProperty(['loadbalancer.oci.oraclecloud.com/pod-readiness-gate-inject'], 'enabled');
  });
});

describe('IngressControllerChart', () => {
  const env = exampleEnv();
  const objects = chartObjects(IngressControllerChart, env);

  test('Traefik pinned, watching the app namespace and its own, behind the bootstrap LB subnet and NSG', () => {
    const c = at(findObject(objects, 'Deployment'), 'spec.template.spec.containers[0]') as Record<string, unknown>;
    expect(c.image).toBe('docker.io/library/traefik:v3.7.11');
    expect(c.args).toContain('--providers.kubernetesingress.namespaces=app,traefik');
    const svc = findObject(objects, 'Service', 'traefik');
    expect(at(svc, 'metadata.annotations')).toMatchObject({
      'service.beta.kubernetes.io/oci-load-balancer-subnet1': env.ingress.loadBalancer.subnetId,
      'oci.oraclecloud.com/oci-network-security-groups': env.ingress.loadBalancer.nsgIds.join(','),
      'service.beta.kubernetes.io/oci-load-balancer-shape-flex-min': '10',
      'service.beta.kubernetes.io/oci-load-balancer-shape-flex-max': '100',
    });
    expect(objects.filter((o) => o.kind === 'Role').map((r) => r.metadata?.namespace)).toEqual(['app', 'traefik']);
  });
});
