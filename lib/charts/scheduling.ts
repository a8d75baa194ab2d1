import { Environment } from '../config';
import { VirtualNodeScheduling } from '../constructs/virtual-node-deployment';

/** Pods go to the environment's virtual node pool: its label, and its taint when one is configured. */
export function virtualNodeScheduling(env: Environment): VirtualNodeScheduling {
  return { nodeLabel: env.virtualNodePool.nodeLabel, taint: env.virtualNodePool.taint };
}

export function gib(memory: string): number {
  return Number(memory.replace(/Gi$/, ''));
}
