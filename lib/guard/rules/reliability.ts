/**
 * Reliability and reference rules: probes, replicas, PDBs, HPAs, selectors, and references between objects
 * (docs/security-reliability.md §1, R05-R16).
 */
import { isDeepStrictEqual } from 'node:util';
import { containersOf, podTemplateOf } from '../pods';
import type { KubeObject, PodTemplate, Rule, RuleContext } from '../types';
import { describeRef, has, mapSelectorMatches, namespaceOf, nameOf, rec, recs, refOf, selectorMatches, str, stringMap } from '../util';
import { containerRule, finding, objectRule } from './helpers';

const REL = 'reliability' as const;
const LONG_RUNNING = ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Pod'];
const REPLICATED = ['Deployment', 'StatefulSet'];

function sameNamespace(a: KubeObject, b: KubeObject): boolean {
  return namespaceOf(a) === namespaceOf(b);
}

/** Objects of one kind grouped by namespace, computed once per run. */
function byNamespace(ctx: RuleContext, kinds: readonly string[]): Map<string, KubeObject[]> {
  return ctx.memo(`by-namespace:${kinds.join(',')}`, () => {
    const m = new Map<string, KubeObject[]>();
    for (const o of ctx.objects) {
      if (!kinds.includes(o.kind)) continue;
      const list = m.get(namespaceOf(o)) ?? [];
      list.push(o);
      m.set(namespaceOf(o), list);
    }
    return m;
  });
}

function inNamespaceOf(obj: KubeObject, ctx: RuleContext, kinds: readonly string[]): KubeObject[] {
  return byNamespace(ctx, kinds).get(namespaceOf(obj)) ?? [];
}

/** HPAs in the set that target this workload. */
function hpasFor(obj: KubeObject, ctx: RuleContext): KubeObject[] {
  return inNamespaceOf(obj, ctx, ['HorizontalPodAutoscaler']).filter((h) =>
    str(rec(rec(h.spec).scaleTargetRef).kind) === obj.kind && str(rec(rec(h.spec).scaleTargetRef).name) === nameOf(obj));
}

/** Pod templates of long-running workloads in the namespace of `obj`. */
function podsIn(obj: KubeObject, ctx: RuleContext): PodTemplate[] {
  return inNamespaceOf(obj, ctx, LONG_RUNNING).map(podTemplateOf).filter((p): p is PodTemplate => p !== undefined);
}

/** True when some Service in the set selects this pod. */
function selectedByService(pod: PodTemplate, ctx: RuleContext): boolean {
  return inNamespaceOf(pod.owner, ctx, ['Service']).some((s) => {
    const sel = stringMap(rec(s.spec).selector);
    return Object.keys(sel).length > 0 && mapSelectorMatches(sel, pod.labels);
  });
}

const probeKey = (p: unknown): unknown => {
  const { initialDelaySeconds: _i, ...rest } = rec(p);
  return rest;
};

export const reliabilityRules: readonly Rule[] = [
  containerRule({
    id: 'rel-readiness-probe', category: REL, fields: ['containers'], scope: 'all', kinds: LONG_RUNNING,
    source: 'kube-score pod-probes; kube-linter no-readiness-probe; Polaris readinessProbeMissing; CKV_K8S_9',
    description: 'Containers of long-running pods that a Service selects, or that declare ports, have a readiness probe.',
    checkContainer: (c, pod, ctx) => {
      if (has(c.container, 'readinessProbe')) return [];
      if (recs(c.container.ports).length === 0 && !selectedByService(pod, ctx)) return [];
      return [finding(`${c.path}.readinessProbe`, `container "${c.name}" serves traffic without a readiness probe`, 'add an httpGet readinessProbe on an endpoint that reports whether this instance can serve')];
    },
  }),
  containerRule({
    id: 'rel-probes-identical', category: REL, fields: ['containers'], scope: 'all',
    source: 'kube-score pod-probes-identical',
    description: 'Liveness and readiness probes differ (same probe = a slow dependency restarts every pod).',
    checkContainer: (c) => {
      const { livenessProbe: l, readinessProbe: r } = c.container;
      return l !== undefined && r !== undefined && isDeepStrictEqual(probeKey(l), probeKey(r))
        ? [finding(`${c.path}.livenessProbe`, `container "${c.name}" uses the same probe for liveness and readiness`, 'point liveness at a process-only endpoint (e.g. /livez) or give it a higher failureThreshold')]
        : [];
    },
  }),
  containerRule({
    id: 'rel-duplicate-env', category: REL, scope: 'all', source: 'kube-score environment-variable-key-duplication; kube-linter duplicate-env-var',
    description: 'No container defines the same environment variable twice (the last one silently wins).',
    checkContainer: (c) => {
      const seen = new Set<string>();
      return recs(c.container.env).flatMap((e, i) => {
        const name = str(e.name);
        if (name === undefined) return [];
        if (!seen.has(name)) { seen.add(name); return []; }
        return [finding(`${c.path}.env[${i}].name`, `container "${c.name}" defines ${name} more than once`, 'keep a single definition')];
      });
    },
  }),
  objectRule({
    id: 'rel-pdb', category: REL, kinds: REPLICATED,
    source: 'kube-score deployment-has-poddisruptionbudget; Polaris missingPodDisruptionBudget; docs/virtual-nodes.md §1 (upgrades evict every pod)',
    description: 'Every Deployment or StatefulSet with more than one replica (or an HPA) is selected by a PodDisruptionBudget.',
    checkObject: (obj, ctx) => {
      const replicas = rec(obj.spec).replicas;
      const hpas = hpasFor(obj, ctx);
      const multi = (typeof replicas === 'number' ? replicas : 1) > 1 || hpas.some((h) => (Number(rec(h.spec).minReplicas ?? 1)) > 1 || Number(rec(h.spec).maxReplicas ?? 1) > 1);
      if (!multi) return [];
      const pod = podTemplateOf(obj);
      const labels = pod?.labels ?? {};
      const covered = inNamespaceOf(obj, ctx, ['PodDisruptionBudget']).some((p) => has(rec(p.spec), 'selector') && selectorMatches(rec(p.spec).selector, labels));
      return covered ? [] : [finding('spec.template.metadata.labels', 'has several replicas but no PodDisruptionBudget selects its pods, so a node drain or cluster upgrade can evict them all at once', 'add a PodDisruptionBudget with maxUnavailable: 1 selecting these labels')];
    },
  }),
  objectRule({
    id: 'rel-hpa-min-replicas', category: REL, kinds: ['HorizontalPodAutoscaler'],
    source: 'kube-score horizontalpodautoscaler-replicas; Polaris hpaMinAvailability',
    description: 'HorizontalPodAutoscalers set minReplicas ≥ 2 and maxReplicas > minReplicas.',
    checkObject: (obj) => {
      const spec = rec(obj.spec);
      const min = typeof spec.minReplicas === 'number' ? spec.minReplicas : 1;
      const out = [];
      if (min < 2) out.push(finding('spec.minReplicas', `is ${has(spec, 'minReplicas') ? String(min) : 'unset (1)'}, so one pod carries all traffic at low load`, 'set minReplicas: 2 or more'));
      if (typeof spec.maxReplicas === 'number' && spec.maxReplicas <= min) out.push(finding('spec.maxReplicas', `(${spec.maxReplicas}) is not above minReplicas (${min}), so the HPA cannot scale`, 'set maxReplicas above minReplicas'));
      return out;
    },
  }),
  objectRule({
    id: 'rel-hpa-fixed-replicas', category: REL, kinds: ['Deployment', 'StatefulSet', 'ReplicaSet'],
    source: 'kube-score deployment-targeted-by-hpa-does-not-have-replicas-configured',
    description: 'A workload targeted by an HPA does not set spec.replicas (each apply would reset the HPA\'s count).',
    checkObject: (obj, ctx) => (has(rec(obj.spec), 'replicas') && hpasFor(obj, ctx).length > 0
      ? [finding('spec.replicas', `is set although HorizontalPodAutoscaler ${nameOf(hpasFor(obj, ctx)[0] as KubeObject) ?? ''} scales it; every sync resets the replica count`, 'remove spec.replicas and let the HPA own it')]
      : []),
  }),
  objectRule({
    id: 'rel-replicas', category: REL, kinds: REPLICATED,
    source: 'kube-score deployment-replicas; Polaris deploymentMissingReplicas',
    description: 'A Deployment or StatefulSet without an HPA runs at least 2 replicas.',
    checkObject: (obj, ctx) => {
      if (hpasFor(obj, ctx).length > 0) return [];
      const r = rec(obj.spec).replicas;
      const n = typeof r === 'number' ? r : 1;
      return n >= 2 ? [] : [finding('spec.replicas', `is ${has(rec(obj.spec), 'replicas') ? String(n) : 'unset (1)'}: a single pod means downtime on every eviction`, 'set replicas: 2 or more, or add an HPA with minReplicas ≥ 2')];
    },
  }),
  objectRule({
    id: 'rel-selector-labels', category: REL, kinds: ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job'],
    source: 'kube-score deployment-pod-selector-labels-match-template-metadata-labels; kube-linter mismatching-selector',
    description: 'The workload selector matches its pod template labels.',
    checkObject: (obj) => {
      const spec = rec(obj.spec);
      if (!has(spec, 'selector')) return [];
      const pod = podTemplateOf(obj);
      return selectorMatches(spec.selector, pod?.labels ?? {}) ? [] : [finding('spec.selector', 'does not match the pod template labels, so the workload cannot own its pods', 'make spec.selector.matchLabels a subset of spec.template.metadata.labels')];
    },
  }),
  objectRule({
    id: 'ref-service-targets', category: REL, kinds: ['Service'],
    source: 'kube-score service-targets-pod; kube-linter dangling-service, invalid-target-ports',
    description: 'A Service with a selector selects a pod template in the set, and each targetPort names or numbers a port its containers declare.',
    checkObject: (svc, ctx) => {
      const spec = rec(svc.spec);
      const sel = stringMap(spec.selector);
      if (Object.keys(sel).length === 0 || spec.type === 'ExternalName') return [];
      const pods = podsIn(svc, ctx).filter((p) => mapSelectorMatches(sel, p.labels));
      if (pods.length === 0) return [finding('spec.selector', `selects no pod template in namespace ${namespaceOf(svc)}`, 'make the selector match the labels of the pods that serve it')];
      const out = [];
      const declared = pods.flatMap((p) => containersOf(p).flatMap((c) => recs(c.container.ports)));
      for (const [i, port] of recs(spec.ports).entries()) {
        const target = port.targetPort ?? port.port;
        if (typeof target === 'string') {
          if (!declared.some((cp) => cp.name === target)) out.push(finding(`spec.ports[${i}].targetPort`, `names port "${target}", which no selected container declares`, 'name the container port accordingly, or use the port number'));
        } else if (typeof target === 'number' && declared.length > 0 && !declared.some((cp) => cp.containerPort === target)) {
          // Containers need not declare ports; but when they declare some and not this one, it is almost surely a typo.
          out.push(finding(`spec.ports[${i}].${has(port, 'targetPort') ? 'targetPort' : 'port'}`, `targets port ${target}, but the selected containers declare only ${declared.map((cp) => String(cp.containerPort)).join(', ')}`, 'target one of the declared container ports (by name preferably)'));
        }
      }
      return out;
    },
  }),
  objectRule({
    id: 'ref-ingress-backend', category: REL, kinds: ['Ingress'],
    source: 'kube-score ingress-targets-service; kube-linter dangling-ingress',
    description: 'Every Ingress backend names a Service in the set and one of its ports.',
    checkObject: (ing, ctx) => {
      const spec = rec(ing.spec);
      const backends: { path: string; backend: Record<string, unknown> }[] = [];
      if (has(spec, 'defaultBackend')) backends.push({ path: 'spec.defaultBackend', backend: rec(spec.defaultBackend) });
      recs(spec.rules).forEach((r, i) => recs(rec(r.http).paths).forEach((p, j) => backends.push({ path: `spec.rules[${i}].http.paths[${j}].backend`, backend: rec(p.backend) })));
      const out = [];
      for (const { path, backend } of backends) {
        const service = rec(backend.service);
        const name = str(service.name);
        if (name === undefined) continue;
        const svc = inNamespaceOf(ing, ctx, ['Service']).find((o) => nameOf(o) === name);
        if (svc === undefined) { out.push(finding(`${path}.service.name`, `names Service "${name}", which is not in namespace ${namespaceOf(ing)}`, 'point the backend at an existing Service')); continue; }
        const port = rec(service.port);
        const ports = recs(rec(svc.spec).ports);
        const ok = has(port, 'number') ? ports.some((p) => p.port === port.number) : has(port, 'name') ? ports.some((p) => p.name === port.name) : true;
        if (!ok) out.push(finding(`${path}.service.port`, `names port ${JSON.stringify(port.number ?? port.name)}, which ${describeRef(refOf(svc))} does not expose`, 'use one of the Service\'s ports'));
      }
      return out;
    },
  }),
  objectRule({
    id: 'ref-hpa-target', category: REL, kinds: ['HorizontalPodAutoscaler'],
    source: 'kube-score horizontalpodautoscaler-has-target; kube-linter dangling-horizontalpodautoscaler',
    description: 'An HPA targets a workload in the set.',
    checkObject: (hpa, ctx) => {
      const ref = rec(rec(hpa.spec).scaleTargetRef);
      const found = ctx.objects.some((o) => o.kind === ref.kind && nameOf(o) === ref.name && sameNamespace(o, hpa));
      return found ? [] : [finding('spec.scaleTargetRef', `targets ${String(ref.kind)} "${String(ref.name)}", which is not in namespace ${namespaceOf(hpa)}`, 'point scaleTargetRef at the workload it should scale')];
    },
  }),
];
