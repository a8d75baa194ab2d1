import { ingressNamespaces, namespacesOf } from '../../lib/workloads/derive';

const ingress = (namespace: string, ingressClassName?: string) => ({ apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'i', namespace }, spec: ingressClassName === undefined ? {} : { ingressClassName } });

describe('derivations from the synthesized objects', () => {
  test('namespaces: distinct, sorted, without cluster-scoped objects and system namespaces', () => {
    expect(namespacesOf([
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 's', namespace: 'shop' } },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'kube-system' } },
      { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'r' } },
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd', namespace: 'billing' } },
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'e', namespace: 'shop' } },
    ])).toEqual(['billing', 'shop']);
  });

  test('watched namespaces: only Ingresses of our class (another controller\'s, or class-less, are not ours)', () => {
    expect(ingressNamespaces([ingress('shop', 'traefik'), ingress('app', 'traefik'), ingress('legacy', 'nginx'), ingress('bare'), ingress('shop', 'traefik')], 'traefik')).toEqual(['app', 'shop']);
  });
});
