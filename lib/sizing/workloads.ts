import { podTemplateOf } from '../guard/pods';
import type { KubeObject } from '../guard/types';
import { isRecord, rec, recs, str } from '../guard/util';
import { BilledPod, PodResources, billedPod, podResources } from './virtual-node-pod';

/** One workload's pods, at the lowest and the highest scale the manifests allow. */
export interface WorkloadSizing {
  /** Where the workload comes from: `charts` (our synthesized manifests) or the add-on's name. */
  readonly origin: string;
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  /** Pods at minimum and maximum scale (an HPA's range, else the fixed replica count). */
  readonly replicas: { readonly min: number; readonly max: number };
  /** What sets the range, e.g. `HPA app, CPU 70%` or `replicas: 2`. */
  readonly scaling: string;
  /** Requests (= limits) of one pod. */
  readonly pod: PodResources;
  /** What OKE allocates and bills for one pod. */
  readonly billed: BilledPod;
  /** Extra pods a rolling update adds at maximum scale (maxSurge), each taking a pod-subnet IP. */
  readonly surgeAtMax: number;
  /**
   * Whether its pods are billed around the clock. False for Jobs deleted after they finish
   * (`ttlSecondsAfterFinished`) and CronJobs: they are billed per run. A Job kept after it finished is billed
   * while the object exists (docs/virtual-nodes.md §2), so it counts as running.
   */
  readonly continuous: boolean;
}

/** Kinds whose pods run on the cluster, and where each keeps its replica count. */
const SCALABLE = new Set(['Deployment', 'StatefulSet', 'ReplicaSet', 'ReplicationController']);

interface Hpa { readonly min: number; readonly max: number; readonly describe: string }

function hpasOf(objects: readonly KubeObject[]): Map<string, Hpa> {
  const out = new Map<string, Hpa>();
  for (const o of objects) {
    if (o.kind !== 'HorizontalPodAutoscaler') continue;
    const spec = rec(o.spec);
    const target = rec(spec.scaleTargetRef);
    const max = typeof spec.maxReplicas === 'number' ? spec.maxReplicas : undefined;
    if (max === undefined) continue;
    const min = typeof spec.minReplicas === 'number' ? spec.minReplicas : 1;
    const cpu = cpuTarget(spec);
    out.set(`${o.metadata?.namespace ?? ''}/${str(target.kind) ?? ''}/${str(target.name) ?? ''}`, {
      min, max, describe: `HPA ${o.metadata?.name ?? ''}${cpu === undefined ? '' : `, CPU ${cpu}%`}`,
    });
  }
  return out;
}

function cpuTarget(spec: Record<string, unknown>): number | undefined {
  for (const m of recs(spec.metrics)) {
    const resource = rec(m.resource);
    const value = rec(resource.target).averageUtilization;
    if (resource.name === 'cpu' && typeof value === 'number') return value;
  }
  return typeof spec.targetCPUUtilizationPercentage === 'number' ? spec.targetCPUUtilizationPercentage : undefined;
}

/** maxSurge resolved against a replica count: an integer, or a percentage rounded up (Kubernetes' rule). */
export function resolveSurge(maxSurge: unknown, replicas: number): number {
  if (typeof maxSurge === 'number') return maxSurge;
  if (typeof maxSurge === 'string' && /^\d+%$/.test(maxSurge)) return Math.ceil((Number(maxSurge.slice(0, -1)) * replicas) / 100);
  return Math.ceil(0.25 * replicas);
}

function surgeOf(obj: KubeObject, maxReplicas: number): number {
  if (obj.kind !== 'Deployment') return 0;
  const strategy = rec(rec(obj.spec).strategy);
  if (strategy.type === 'Recreate') return 0;
  const rolling = rec(strategy.rollingUpdate);
  return resolveSurge('maxSurge' in rolling ? rolling.maxSurge : '25%', maxReplicas);
}

function replicasOf(obj: KubeObject, hpas: ReadonlyMap<string, Hpa>): { min: number; max: number; scaling: string; continuous: boolean } {
  const spec = rec(obj.spec);
  if (SCALABLE.has(obj.kind)) {
    const hpa = hpas.get(`${obj.metadata?.namespace ?? ''}/${obj.kind}/${obj.metadata?.name ?? ''}`);
    if (hpa !== undefined) return { min: hpa.min, max: hpa.max, scaling: hpa.describe, continuous: true };
    const n = typeof spec.replicas === 'number' ? spec.replicas : 1;
    return { min: n, max: n, scaling: `replicas: ${n}`, continuous: true };
  }
  if (obj.kind === 'Job' || obj.kind === 'CronJob') {
    const jobSpec = obj.kind === 'Job' ? spec : rec(rec(spec.jobTemplate).spec);
    const n = typeof jobSpec.parallelism === 'number' ? jobSpec.parallelism : 1;
    const deletedWhenDone = obj.kind === 'CronJob' || typeof jobSpec.ttlSecondsAfterFinished === 'number';
    return { min: n, max: n, scaling: obj.kind === 'Job' ? `parallelism: ${n}` : `per schedule, parallelism: ${n}`, continuous: !deletedWhenDone };
  }
  // Virtual nodes run no DaemonSet pods; a bare Pod or anything else with a template is one pod.
  if (obj.kind === 'DaemonSet') return { min: 0, max: 0, scaling: 'DaemonSet: not run on virtual nodes', continuous: true };
  return { min: 1, max: 1, scaling: 'one pod', continuous: true };
}

/**
 * The pods of every workload among `objects` (every kind with a pod template: Deployment, StatefulSet, Job,
 * CronJob, ...), with the HPA that scales it when there is one. Names come from the objects, never from a list
 * of known workloads, so new charts are counted as they appear.
 */
export function sizeWorkloads(objects: readonly KubeObject[], origin: string): WorkloadSizing[] {
  const hpas = hpasOf(objects);
  const out: WorkloadSizing[] = [];
  for (const obj of objects) {
    if (obj.kind === 'PodTemplate') continue; // a template, not a running pod
    const template = podTemplateOf(obj);
    if (template === undefined || !isRecord(template.spec)) continue;
    const r = replicasOf(obj, hpas);
    const pod = podResources(template.spec);
    out.push({
      origin,
      kind: obj.kind,
      namespace: obj.metadata?.namespace ?? 'default',
      name: obj.metadata?.name ?? '(unnamed)',
      replicas: { min: r.min, max: r.max },
      scaling: r.scaling,
      pod,
      billed: billedPod(pod),
      surgeAtMax: surgeOf(obj, r.max),
      continuous: r.continuous,
    });
  }
  return out;
}
