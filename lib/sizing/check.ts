import { Environment, POD_SHAPE_LIMITS } from '../config';
import { EnvironmentSizing } from './environment';
import { WorkloadSizing } from './workloads';

function describe(w: WorkloadSizing): string {
  return `${w.origin === 'charts' ? '' : `add-on ${w.origin}: `}${w.kind} ${w.namespace}/${w.name}`;
}

/**
 * Findings when the environment's pods cannot all run: the pod subnet has fewer IPs than the pool can need
 * at once (every workload at its maximum, plus rollout surge, plus the virtual nodes: each takes a VCN IP),
 * or a pod is larger than one pod of the pool's shape can be. Reads the sizing of the synthesized objects plus
 * the add-ons' pods, so a new chart or add-on is checked without touching this code.
 */
export function sizingFindings(env: Environment, sizing: EnvironmentSizing): string[] {
  const findings: string[] = [];
  const { usableIps, peakIps, cidr } = sizing.podSubnet;
  if (peakIps > usableIps) {
    const pods = sizing.workloads.reduce((n, w) => n + w.replicas.max, 0);
    const surge = sizing.workloads.reduce((n, w) => n + w.surgeAtMax, 0);
    const largest = [...sizing.workloads].sort((a, b) => b.replicas.max - a.replicas.max)[0];
    findings.push(
      `network.podSubnetCidr (${cidr}) has ${usableIps} usable IPs, but the pool can need ${peakIps} at once: `
      + `${pods} pods at maximum scale + ${surge} surge pods during rollouts + ${sizing.virtualNodes} virtual nodes`
      + `${largest === undefined ? '' : ` (largest: ${describe(largest)}, up to ${largest.replicas.max})`}; `
      + 'use a larger block (a /24 has 253 usable IPs) or lower the maximum replicas',
    );
  }
  const shape = env.virtualNodePool.podShape;
  const limits = POD_SHAPE_LIMITS[shape];
  for (const w of sizing.workloads) {
    const { ocpus, memoryGB } = w.billed;
    if (ocpus > limits.maxOcpus) {
      findings.push(`${describe(w)}: a pod is allocated ${ocpus} OCPU, more than a ${shape} pod can have (${limits.maxOcpus}); lower its CPU or pick another virtualNodePool.podShape`);
      continue;
    }
    const maxMemory = Math.min(limits.maxMemoryGiB, ocpus * limits.maxMemoryPerOcpuGiB);
    if (memoryGB > maxMemory) {
      findings.push(
        `${describe(w)}: a pod is allocated ${memoryGB} GB (its ${w.pod.memoryGiB} GiB + 0.25 GB runtime, rounded up) but a ${shape} pod `
        + `with ${ocpus} OCPU can have at most ${maxMemory} GB (${limits.maxMemoryPerOcpuGiB} per OCPU, ${limits.maxMemoryGiB} in all); lower its memory or raise its CPU`,
      );
    }
  }
  return findings;
}
