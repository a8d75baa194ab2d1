import { PropsError } from './errors';

/** CPU and memory of a virtual-node pod's container: whole OCPUs and GiB, requests equal to limits. */
export interface WorkloadResources {
  /** Whole OCPUs (virtual nodes reject sub-core CPU and bill whole OCPUs). */
  readonly cpu: number;
  /** Whole GiB (virtual nodes bill memory in whole GB). */
  readonly memoryGiB: number;
}

/** A named container port. */
export interface NamedPort {
  /** IANA service name: at most 15 lower-case letters, digits and "-". */
  readonly name: string;
  /** Port number, outside 30000-32767 (virtual nodes reserve that range). */
  readonly number: number;
}

/** Checks shared by WebService and Worker; each failure names the prop, the value and the fix. */
export function checkWorkloadProps(workload: string, p: {
  readonly name: string;
  readonly resources: WorkloadResources;
  readonly ports: readonly NamedPort[];
}): void {
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(p.name) || p.name.length > 63) {
    throw new PropsError(`${workload}: name "${p.name}" must be a DNS label (lower-case letters, digits, "-"; at most 63 characters)`);
  }
  const { cpu, memoryGiB } = p.resources;
  if (!Number.isInteger(cpu) || cpu < 1) throw new PropsError(`${p.name}: resources.cpu ${cpu} must be a whole number of OCPUs, at least 1 (virtual nodes reject sub-core CPU)`);
  if (!Number.isInteger(memoryGiB) || memoryGiB < 1) throw new PropsError(`${p.name}: resources.memoryGiB ${memoryGiB} must be a whole number of GiB, at least 1`);
  const seen = new Set<string>();
  for (const port of p.ports) {
    if (port.number >= 30000 && port.number <= 32767) {
      throw new PropsError(`${p.name}: port ${port.name} (${port.number}) is in 30000-32767, which virtual nodes reserve; pick another such as 8080`);
    }
    if (!Number.isInteger(port.number) || port.number < 1 || port.number > 65535) throw new PropsError(`${p.name}: port ${port.name} (${port.number}) is not a port number`);
    if (seen.has(port.name)) throw new PropsError(`${p.name}: port name "${port.name}" is used twice; name each port once`);
    seen.add(port.name);
  }
}
