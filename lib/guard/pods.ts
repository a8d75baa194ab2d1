/**
 * Finds pod specs inside workloads and decides whether a pod can land on a virtual node.
 */
import type { KubeObject, PodTemplate } from './types';
import { isRecord, rec, recs, str, stringMap } from './util';

/**
 * Where each workload kind keeps its pod template (metadata + spec), as a key path. A Map: a kind is input, and
 * `constructor` or `__proto__` must not find Object.prototype's members.
 */
const TEMPLATE_PATHS: ReadonlyMap<string, readonly string[]> = new Map([
  ['Deployment', ['spec', 'template']],
  ['StatefulSet', ['spec', 'template']],
  ['DaemonSet', ['spec', 'template']],
  ['ReplicaSet', ['spec', 'template']],
  ['ReplicationController', ['spec', 'template']],
  ['Job', ['spec', 'template']],
  ['CronJob', ['spec', 'jobTemplate', 'spec', 'template']],
  ['PodTemplate', ['template']],
]);

/** Kinds that hold a pod spec (Pod itself included). */
export const WORKLOAD_KINDS: readonly string[] = ['Pod', ...TEMPLATE_PATHS.keys()];

/**
 * Pod templates already found in the current guard run, per object: cross-object rules look up the pods of
 * every Service, Ingress and PDB, so without this a run over n objects rebuilds the same templates n² times.
 * Scoped to one run ({@link withPodTemplateCache}) because callers may change objects between runs.
 */
let templates: WeakMap<KubeObject, PodTemplate | null> | undefined;

/** Runs `fn` with pod templates cached per object (the objects must not change while it runs). */
export function withPodTemplateCache<T>(fn: () => T): T {
  const outer = templates;
  templates = outer ?? new WeakMap();
  try {
    return fn();
  } finally {
    templates = outer;
  }
}

/** The pod template of a workload (or the Pod itself); undefined for other kinds or when absent. */
export function podTemplateOf(obj: KubeObject): PodTemplate | undefined {
  const known = templates?.get(obj);
  if (known !== undefined) return known ?? undefined;
  const found = findPodTemplate(obj);
  templates?.set(obj, found ?? null);
  return found;
}

function findPodTemplate(obj: KubeObject): PodTemplate | undefined {
  if (obj.kind === 'Pod') {
    if (!isRecord(obj.spec)) return undefined;
    return { owner: obj, specPath: 'spec', spec: obj.spec, labels: stringMap(rec(obj.metadata).labels) };
  }
  const path = TEMPLATE_PATHS.get(obj.kind);
  if (path === undefined) return undefined;
  let node: unknown = obj;
  for (const key of path) node = rec(node)[key];
  const template = rec(node);
  if (!isRecord(template.spec)) return undefined;
  return {
    owner: obj,
    specPath: [...path, 'spec'].join('.'),
    spec: template.spec,
    labels: stringMap(rec(template.metadata).labels),
  };
}

/** Every container list of a pod spec with its field name. */
export type ContainerField = 'initContainers' | 'containers' | 'ephemeralContainers';

export interface ContainerAt {
  readonly field: ContainerField;
  readonly index: number;
  /** Path of the container inside the owner object. */
  readonly path: string;
  readonly container: Record<string, unknown>;
  /** Container name, or `#<index>` when unnamed. */
  readonly name: string;
}

/** Containers of the given lists (default: regular containers only). */
export function containersOf(pod: PodTemplate, fields: readonly ContainerField[] = ['containers']): ContainerAt[] {
  const out: ContainerAt[] = [];
  for (const field of fields) {
    const list = pod.spec[field];
    if (!Array.isArray(list)) continue;
    list.forEach((c, index) => {
      if (!isRecord(c)) return;
      out.push({ field, index, path: `${pod.specPath}.${field}[${index}]`, container: c, name: str(c.name) ?? `#${index}` });
    });
  }
  return out;
}

/**
 * Node labels every node carries whatever its pool; a virtual node may or may not match them depending on the
 * pod's own values, so selectors on them never prove a pod is pinned away.
 */
const TOPOLOGY_LABELS: ReadonlySet<string> = new Set([
  'kubernetes.io/hostname',
  'kubernetes.io/arch',
  'topology.kubernetes.io/zone',
  'topology.kubernetes.io/region',
  'oci.oraclecloud.com/fault-domain',
  'node.kubernetes.io/instance-type',
]);

/** Labels known to be on every virtual node (they run Linux only). */
const BUILT_IN_VIRTUAL_NODE_LABELS: Readonly<Record<string, string>> = { 'kubernetes.io/os': 'linux' };

/**
 * Decides whether a pod can be scheduled onto a virtual node.
 *
 * A pod is pinned away only when its `nodeSelector` or every term of its required node affinity contradicts the
 * labels virtual nodes carry. Without `declaredLabels` the guard knows only `kubernetes.io/os: linux`, and a
 * selector on an unknown key is assumed satisfiable (so the virtual-node rules keep applying). With
 * `declaredLabels` (the pool's `initialVirtualNodeLabels`) the label set is taken as complete: requiring a key
 * that is neither declared nor a topology label pins the pod away.
 */
export function makeVirtualNodeMatcher(declaredLabels: Readonly<Record<string, string>> | undefined): (pod: PodTemplate) => boolean {
  const complete = declaredLabels !== undefined;
  const labels: Record<string, string> = { ...BUILT_IN_VIRTUAL_NODE_LABELS, ...(declaredLabels ?? {}) };
  /** undefined = unknown (may be present with any value), null = known absent. */
  const valueOf = (key: string): string | null | undefined => {
    if (Object.prototype.hasOwnProperty.call(labels, key)) return labels[key];
    if (TOPOLOGY_LABELS.has(key) || !complete) return undefined;
    return null;
  };
  const exprSatisfiable = (expr: Record<string, unknown>): boolean => {
    const key = str(expr.key) ?? '';
    const values = Array.isArray(expr.values) ? expr.values.filter((v): v is string => typeof v === 'string') : [];
    const v = valueOf(key);
    if (v === undefined) return true;
    switch (expr.operator) {
      case 'In': return v !== null && values.includes(v);
      case 'NotIn': return v === null || !values.includes(v);
      case 'Exists': return v !== null;
      case 'DoesNotExist': return v === null;
      default: return true; // Gt/Lt on node labels: not decidable here, assume satisfiable
    }
  };
  return (pod) => {
    for (const [k, want] of Object.entries(stringMap(pod.spec.nodeSelector))) {
      const v = valueOf(k);
      if (v !== undefined && v !== want) return false;
    }
    const required = rec(rec(rec(pod.spec.affinity).nodeAffinity).requiredDuringSchedulingIgnoredDuringExecution);
    const terms = recs(required.nodeSelectorTerms);
    if (terms.length > 0) {
      if (!terms.some((t) => recs(t.matchExpressions).every(exprSatisfiable))) return false;
    }
    return true;
  };
}
