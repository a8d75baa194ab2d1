/**
 * Realistic lifecycle durations and state names per resource kind. Durations are realistic wall-clock
 * figures (OCI publishes none; these are typical observations) and are divided by the clock's speed.
 */
export type ResourceKind =
  | 'vcn' | 'subnet' | 'internetGateway' | 'natGateway' | 'serviceGateway' | 'routeTable' | 'securityList'
  | 'networkSecurityGroup'
  | 'cluster' | 'virtualNodePool' | 'ceWorkRequest'
  | 'dbSystem' | 'mysqlWorkRequest'
  | 'vault' | 'key' | 'secret'
  | 'compartment' | 'policy' | 'dynamicGroup'
  | 'containerRepository'
  | 'logGroup' | 'log' | 'loggingWorkRequest';

export const RESOURCE_KINDS: readonly ResourceKind[] = [
  'vcn', 'subnet', 'internetGateway', 'natGateway', 'serviceGateway', 'routeTable', 'securityList',
  'networkSecurityGroup', 'cluster', 'virtualNodePool', 'ceWorkRequest', 'dbSystem', 'mysqlWorkRequest',
  'vault', 'key', 'secret', 'compartment', 'policy', 'dynamicGroup', 'containerRepository',
  'logGroup', 'log', 'loggingWorkRequest',
];

/** Identity resources are global to the tenancy (shared between region instances). */
export const IDENTITY_KINDS: ReadonlySet<ResourceKind> = new Set(['compartment', 'policy', 'dynamicGroup']);

/** Marker state: the resource has disappeared and reads give 404. */
export const GONE = '__GONE__';

export interface LifecycleSpec {
  /** State right after the create call. */
  creating: string;
  /** State once provisioning finished. */
  ready: string;
  /** Realistic create duration, ms. */
  createMs: number;
  /** State right after the delete call. */
  deleting: string;
  /** Final state of a delete. */
  deleted: string;
  /** Realistic delete duration, ms. */
  deleteMs: number;
  /** After `deleted`, how long until reads give 404; undefined = the deleted record stays readable. */
  goneAfterMs?: number;
}

const network = (createMs: number, deleteMs: number): LifecycleSpec => ({
  creating: 'PROVISIONING', ready: 'AVAILABLE', createMs,
  deleting: 'TERMINATING', deleted: 'TERMINATED', deleteMs, goneAfterMs: 60_000,
});

/** Lifecycle of every stored resource kind (work requests have their own status model). */
export const LIFECYCLES: Record<Exclude<ResourceKind, 'ceWorkRequest' | 'mysqlWorkRequest' | 'loggingWorkRequest'>, LifecycleSpec> = {
  vcn: network(3_000, 3_000),
  subnet: network(3_000, 3_000),
  internetGateway: network(3_000, 3_000),
  natGateway: network(20_000, 15_000),
  serviceGateway: network(20_000, 15_000),
  routeTable: network(2_000, 2_000),
  securityList: network(2_000, 2_000),
  networkSecurityGroup: network(2_000, 2_000),
  cluster: { creating: 'CREATING', ready: 'ACTIVE', createMs: 7 * 60_000, deleting: 'DELETING', deleted: 'DELETED', deleteMs: 3 * 60_000 },
  virtualNodePool: { creating: 'CREATING', ready: 'ACTIVE', createMs: 4 * 60_000, deleting: 'DELETING', deleted: 'DELETED', deleteMs: 2 * 60_000 },
  dbSystem: { creating: 'CREATING', ready: 'ACTIVE', createMs: 15 * 60_000, deleting: 'DELETING', deleted: 'DELETED', deleteMs: 5 * 60_000 },
  vault: { creating: 'CREATING', ready: 'ACTIVE', createMs: 2 * 60_000, deleting: 'SCHEDULING_DELETION', deleted: 'PENDING_DELETION', deleteMs: 5_000 },
  key: { creating: 'CREATING', ready: 'ENABLED', createMs: 10_000, deleting: 'SCHEDULING_DELETION', deleted: 'PENDING_DELETION', deleteMs: 5_000 },
  secret: { creating: 'CREATING', ready: 'ACTIVE', createMs: 5_000, deleting: 'SCHEDULING_DELETION', deleted: 'PENDING_DELETION', deleteMs: 5_000 },
  compartment: { creating: 'CREATING', ready: 'ACTIVE', createMs: 10_000, deleting: 'DELETING', deleted: 'DELETED', deleteMs: 60_000 },
  policy: { creating: 'CREATING', ready: 'ACTIVE', createMs: 1_000, deleting: 'DELETING', deleted: 'DELETED', deleteMs: 1_000, goneAfterMs: 1_000 },
  dynamicGroup: { creating: 'CREATING', ready: 'ACTIVE', createMs: 1_000, deleting: 'DELETING', deleted: 'DELETED', deleteMs: 1_000, goneAfterMs: 1_000 },
  containerRepository: { creating: 'AVAILABLE', ready: 'AVAILABLE', createMs: 0, deleting: 'DELETING', deleted: 'DELETED', deleteMs: 5_000, goneAfterMs: 5_000 },
  // Logging has no DELETED state: a deleted log group or log is simply gone (404).
  logGroup: { creating: 'CREATING', ready: 'ACTIVE', createMs: 5_000, deleting: 'DELETING', deleted: 'DELETING', deleteMs: 5_000, goneAfterMs: 0 },
  log: { creating: 'CREATING', ready: 'ACTIVE', createMs: 30_000, deleting: 'DELETING', deleted: 'DELETING', deleteMs: 10_000, goneAfterMs: 0 },
};

/** One timed state: the resource is in `state` from clock time `at` until the next phase. */
export interface Phase {
  state: string;
  at: number;
}

/** The state at clock time `now` (the last phase that has started). */
export function stateAt(phases: readonly Phase[], now: number): string {
  let current = phases[0]?.state ?? GONE;
  for (const phase of phases) {
    if (phase.at <= now) current = phase.state;
    else break;
  }
  return current;
}

/** Clock time at which a state is (or was) entered, if it is on the timeline. */
export function timeOfState(phases: readonly Phase[], state: string): number | undefined {
  return phases.find((p) => p.state === state)?.at;
}

/** Replaces every phase after `now` by `next` (a new transition supersedes pending ones). */
export function reschedule(phases: Phase[], now: number, next: Phase[]): void {
  const kept = phases.filter((p) => p.at <= now);
  phases.splice(0, phases.length, ...kept, ...next);
}
