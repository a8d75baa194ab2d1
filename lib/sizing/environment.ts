import { Environment } from '../config';
import { parseCidr, usableAddresses } from '../config/cidr';
import type { KubeObject } from '../guard/types';
import { addOnWorkloads } from './addons';
import { WorkloadSizing, sizeWorkloads } from './workloads';

/** Pods, OCPUs and GiB (requests = limits) at one scale. */
export interface ScaleTotals {
  readonly pods: number;
  readonly ocpus: number;
  readonly memoryGiB: number;
}

/** Everything an environment reserves on its virtual node pool. */
export interface EnvironmentSizing {
  /** Our workloads (from the synthesized manifests), then the add-ons'. */
  readonly workloads: readonly WorkloadSizing[];
  /** Sums over every workload at minimum and maximum scale. */
  readonly min: ScaleTotals;
  readonly max: ScaleTotals;
  readonly virtualNodes: number;
  /** Pod subnet: usable IPs and how many the pool can need at once (max scale + rollout surge + virtual nodes). */
  readonly podSubnet: { readonly cidr: string; readonly usableIps: number; readonly peakIps: number };
}

/** Where our own workloads come from in the report (the add-ons are named by add-on). */
export const OUR_WORKLOADS = 'charts';

function totals(workloads: readonly WorkloadSizing[], scale: 'min' | 'max'): ScaleTotals {
  let pods = 0;
  let ocpus = 0;
  let memoryGiB = 0;
  for (const w of workloads) {
    const n = w.replicas[scale];
    pods += n;
    ocpus += n * w.pod.ocpus;
    memoryGiB += n * w.pod.memoryGiB;
  }
  const r = (x: number) => Math.round(x * 1000) / 1000;
  return { pods, ocpus: r(ocpus), memoryGiB: r(memoryGiB) };
}

/** Sizes an environment from its synthesized objects plus its add-ons' pods. */
export function sizeEnvironment(env: Environment, objects: readonly KubeObject[]): EnvironmentSizing {
  const workloads = [...sizeWorkloads(objects, OUR_WORKLOADS), ...addOnWorkloads(env)];
  const cidr = env.network.podSubnetCidr;
  const peak = workloads.reduce((sum, w) => sum + w.replicas.max + w.surgeAtMax, 0) + env.virtualNodePool.size;
  return {
    workloads,
    min: totals(workloads, 'min'),
    max: totals(workloads, 'max'),
    virtualNodes: env.virtualNodePool.size,
    podSubnet: { cidr, usableIps: usableAddresses(parseCidr(cidr)), peakIps: peak },
  };
}

const num = (n: number) => String(Math.round(n * 1000) / 1000);

/** `9 OCPU / 11 GiB` style. */
export function describeTotals(t: ScaleTotals): string {
  return `${t.pods} pods, ${num(t.ocpus)} OCPU, ${num(t.memoryGiB)} GiB`;
}

/** The one-line summary the synth prints per environment. */
export function sizingSummary(envName: string, s: EnvironmentSizing): string {
  return `${envName}: reserves ${describeTotals(s.min)} at minimum scale; ${describeTotals(s.max)} at maximum `
    + `(requests = limits, add-ons included; prices: npm run cost -- --env ${envName})`;
}
