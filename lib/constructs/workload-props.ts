import { PropsError } from './errors';
import type { VirtualNodeScheduling } from './virtual-node-deployment';
import type { OcirPullSecretOptions, VaultSecretMount, WorkloadVault } from './workload-secrets';

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

/**
 * Props every workload construct of this library takes (WebService, Worker): identity, image, sizing and where
 * its secrets come from. Each construct documents its own defaults where they differ.
 */
export interface WorkloadPodProps {
  /** Name of the Deployment and the objects around it, and the `app.kubernetes.io/name` label (a DNS label). */
  readonly name: string;
  /** Namespace (created for you in `10-namespaces.k8s.yaml` when it holds a user workload). */
  readonly namespace: string;
  /** Image reference, pinned by tag or digest (never `latest`: the guard refuses it). */
  readonly image: string;
  /** The environment's virtual node pool: `WorkloadContext.scheduling`. */
  readonly scheduling: VirtualNodeScheduling;
  /** `app.kubernetes.io/component` label. @default the construct's ("server", "worker") */
  readonly component?: string;
  /** `app.kubernetes.io/part-of` label. @default "oke-virtual-nodes" */
  readonly partOf?: string;
  /** Container arguments. @default the image's */
  readonly args?: readonly string[];
  /** Plain environment variables; never secret values (mount them with `secrets`). @default none */
  readonly env?: Readonly<Record<string, string>>;
  /** CPU and memory per pod. @default the construct's */
  readonly resources?: WorkloadResources;
  /** Pods the PodDisruptionBudget lets go at once (at least 1, so upgrades can always evict). @default 1 */
  readonly maxUnavailable?: number;
  /** ServiceAccount created for the pods (and the SecretStore's Workload Identity). @default name */
  readonly serviceAccountName?: string;
  /** The OCI Vault to read `secrets` from, through a SecretStore created for this workload. @default none */
  readonly vault?: WorkloadVault;
  /** An existing SecretStore in the namespace to read `secrets` through, instead of `vault`. @default none */
  readonly secretStoreName?: string;
  /** Secrets from the vault, mounted as files. @default none */
  readonly secrets?: readonly VaultSecretMount[];
  /** Pull the image from private OCIR with a token from the vault. @default none */
  readonly ocirPullSecret?: OcirPullSecretOptions;
  /** Pod template annotations (e.g. Prometheus scrape hints). @default none */
  readonly podAnnotations?: Readonly<Record<string, string>>;
}
