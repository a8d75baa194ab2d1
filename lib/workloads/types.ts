import { Chart } from 'cdk8s';
import { Environment } from '../config';
import { VirtualNodeScheduling } from '../constructs/virtual-node-deployment';
import { WorkloadVault } from '../constructs/workload-secrets';
import { SyncWaves } from '../gitops/sync-policy';

/** What a workload module is given about the environment it is synthesized into. */
export interface WorkloadContext {
  /** The environment (its file validated, defaults filled, bootstrap outputs merged). */
  readonly env: Environment;
  /** The virtual node pool's label (and taint): pass it as `scheduling` to WebService, Worker or VirtualNodeDeployment. */
  readonly scheduling: VirtualNodeScheduling;
  /** The IngressClass the environment's Traefik serves (`ingress.className`). */
  readonly ingressClassName: string;
  /** The environment's OCI Vault (`vault.id`, `oci.region`), for a workload's own SecretStore. */
  readonly vault: WorkloadVault;
}

/**
 * A workload of yours, in TypeScript: registered per environment in `workloads/index.ts` (see
 * {@link WorkloadRegistry}), synthesized into `dist/<env>/40-<name>.k8s.yaml`.
 *
 * Everything around it follows from the objects `build` creates: their namespaces are created (with the
 * Pod Security Admission labels virtual nodes need) in `10-namespaces.k8s.yaml`, Traefik watches (and
 * gets Roles in) every namespace holding an Ingress of its class, the AppProject allows their namespaces
 * and kinds, the workloads Application includes the file, every object gets its sync wave, and the guard
 * checks them all before anything is written.
 */
export interface WorkloadModule {
  /** A DNS label, unique within the environment; names the output file `40-<name>.k8s.yaml`. */
  readonly name: string;
  /**
   * Creates the workload's objects in `chart` (a cdk8s Chart of its own, without name hashes), e.g. with
   * `new WebService(chart, 'Orders', {...})`. Do not create Namespaces: they are derived (see above).
   */
  build(chart: Chart, context: WorkloadContext): void;
  /**
   * Sync waves for kinds the built-in table does not know (e.g. a CRD's), by `group/Kind` (core group:
   * `Kind`): `{ 'monitoring.coreos.com/ServiceMonitor': 'workloads' }`. Built-in kinds keep their wave.
   * @default none
   */
  readonly syncWaves?: SyncWaves;
}

/**
 * Your workload modules by environment name: `{ shop: [orders, mailer], prod: [orders] }`. An
 * environment without an entry runs the platform and the example app only. A name without a
 * `config/<name>.yaml` is an error (a typo would otherwise silently deploy nothing).
 */
export type WorkloadRegistry = Readonly<Record<string, readonly WorkloadModule[]>>;
