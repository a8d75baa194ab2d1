import { parseQuantity } from '../guard/quantity';
import { isRecord, rec } from '../guard/util';

/**
 * How OKE sizes (and so bills) one pod on virtual nodes: "Resources Allocated to Pods Provisioned by Virtual
 * Nodes" (https://docs.oracle.com/en-us/iaas/Content/ContEng/Tasks/contengvirtualnodepodresourceallocation.htm;
 * docs/virtual-nodes.md §5). Per container the limit counts (else the request, else the default); the pod adds
 * kube-proxy and runtime memory; OCPUs are then rounded up to a whole OCPU and memory to a whole GB.
 */
export const VIRTUAL_NODE_ALLOCATION = {
  /** OCPUs of a container with neither request nor limit. */
  defaultContainerOcpus: 0.125,
  /** GB of a container with neither request nor limit. */
  defaultContainerMemoryGB: 0.5,
  /** Smallest pod. */
  minPodOcpus: 0.125,
  minPodMemoryGB: 0.5,
  /** kube-proxy and the container runtime, added to every pod ("negligible CPU"). */
  runtimeMemoryGB: 0.25,
} as const;

/** What a pod asks for: the sum over its containers (requests equal limits on virtual nodes). */
export interface PodResources {
  /** OCPUs (one Kubernetes CPU is counted as one OCPU, as the environment schema does). */
  readonly ocpus: number;
  /** Memory in GiB. */
  readonly memoryGiB: number;
}

/** What OKE allocates, and bills, for that pod: whole OCPUs and whole GB, runtime memory included. */
export interface BilledPod {
  readonly ocpus: number;
  /** Oracle's "GB" of compute memory is a binary gigabyte (GiB), as the shape APIs state. */
  readonly memoryGB: number;
}

const GIB = 2 ** 30;

function containerValue(container: Record<string, unknown>, resource: 'cpu' | 'memory'): number | undefined {
  const resources = rec(container.resources);
  // The limit wins when both are set (Oracle's rule); virtual nodes want them equal anyway.
  return parseQuantity(rec(resources.limits)[resource]) ?? parseQuantity(rec(resources.requests)[resource]);
}

function sumOf(containers: unknown, resource: 'cpu' | 'memory', fallback: number): number {
  if (!Array.isArray(containers)) return 0;
  return containers.filter(isRecord).reduce((sum, c) => sum + (containerValue(c, resource) ?? fallback), 0);
}

/**
 * The resources of a pod spec: its containers summed; an init container (rejected on virtual nodes, counted in
 * case one slips through) counts when larger, as Kubernetes computes a pod's effective request.
 */
export function podResources(spec: Record<string, unknown>): PodResources {
  const d = VIRTUAL_NODE_ALLOCATION;
  const init = Array.isArray(spec.initContainers) ? spec.initContainers.filter(isRecord) : [];
  const maxInit = (resource: 'cpu' | 'memory', fallback: number) => Math.max(0, ...init.map((c) => containerValue(c, resource) ?? fallback));
  const ocpus = Math.max(sumOf(spec.containers, 'cpu', d.defaultContainerOcpus), maxInit('cpu', d.defaultContainerOcpus));
  const memoryBytes = Math.max(sumOf(spec.containers, 'memory', d.defaultContainerMemoryGB * GIB), maxInit('memory', d.defaultContainerMemoryGB * GIB));
  return { ocpus: round6(ocpus), memoryGiB: round6(memoryBytes / GIB) };
}

/** Whole OCPUs and whole GB, after the pod minimums and the runtime's memory. */
export function billedPod(pod: PodResources): BilledPod {
  const d = VIRTUAL_NODE_ALLOCATION;
  return {
    ocpus: Math.ceil(round6(Math.max(pod.ocpus, d.minPodOcpus))),
    memoryGB: Math.ceil(round6(Math.max(pod.memoryGiB, d.minPodMemoryGB) + d.runtimeMemoryGB)),
  };
}

/** Rounds away float noise (1024Mi / 2^30 and the like) before ceilings and comparisons. */
function round6(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}
