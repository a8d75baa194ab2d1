/**
 * What the platform charts derive from the synthesized workload objects, so that nothing is kept by hand:
 * the namespaces to create and the namespaces the ingress controller watches.
 */

/** The fields of a synthesized object these derivations read. */
export interface DerivableObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata?: { readonly name?: string; readonly namespace?: string };
  readonly spec?: unknown;
}

/** Namespaces that exist in every cluster and are never ours to create. */
export const SYSTEM_NAMESPACES: readonly string[] = ['default', 'kube-node-lease', 'kube-public', 'kube-system'];

/** Sorted, distinct namespaces of the namespaced objects, system namespaces left out. */
export function namespacesOf(objects: readonly DerivableObject[]): string[] {
  const found = new Set<string>();
  for (const o of objects) {
    const ns = o.metadata?.namespace;
    if (ns !== undefined && !SYSTEM_NAMESPACES.includes(ns)) found.add(ns);
  }
  return [...found].sort();
}

/**
 * Namespaces holding an Ingress of `ingressClassName` (networking.k8s.io/v1 `spec.ingressClassName`):
 * the ones the ingress controller must watch and be granted read access to. Ingresses of another class
 * (or of none: our IngressClass is not the cluster default) are another controller's.
 */
export function ingressNamespaces(objects: readonly DerivableObject[], ingressClassName: string): string[] {
  return namespacesOf(objects.filter((o) => o.kind === 'Ingress' && o.apiVersion.startsWith('networking.k8s.io/')
    && (o.spec as { ingressClassName?: unknown } | undefined)?.ingressClassName === ingressClassName));
}
