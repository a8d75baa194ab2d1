import { createHash } from 'node:crypto';
import type * as ce from 'oci-containerengine';
import type * as core from 'oci-core';
import type * as identity from 'oci-identity';
import type * as kms from 'oci-keymanagement';
import type * as logging from 'oci-logging';
import type * as mysql from 'oci-mysql';
import type * as artifacts from 'oci-artifacts';
import type * as vaults from 'oci-vault';
import type { FakeClock } from './clock';
import { GONE, IDENTITY_KINDS, type Phase, type ResourceKind, stateAt } from './lifecycle';
import type { IdentityState } from './options';

/** A stored model: the SDK model without its lifecycle state, which is derived from the phases. */
type Body<T> = Omit<T, 'lifecycleState'>;

/** Stored body type per resource kind (SDK 2.139.1 model types). */
export interface KindBody {
  vcn: Body<core.models.Vcn>;
  subnet: Body<core.models.Subnet>;
  internetGateway: Body<core.models.InternetGateway>;
  natGateway: Body<core.models.NatGateway>;
  serviceGateway: Body<core.models.ServiceGateway>;
  routeTable: Body<core.models.RouteTable>;
  securityList: Body<core.models.SecurityList>;
  networkSecurityGroup: Body<core.models.NetworkSecurityGroup>;
  cluster: Body<ce.models.Cluster>;
  virtualNodePool: Body<ce.models.VirtualNodePool>;
  ceWorkRequest: Omit<ce.models.WorkRequest, 'status' | 'timeStarted' | 'timeFinished'>;
  dbSystem: Body<mysql.models.DbSystem>;
  mysqlWorkRequest: Omit<mysql.models.WorkRequest, 'status' | 'percentComplete' | 'timeStarted' | 'timeFinished'>;
  vault: Body<kms.models.Vault>;
  key: Body<kms.models.Key>;
  secret: Body<vaults.models.Secret>;
  compartment: Body<identity.models.Compartment>;
  policy: Body<identity.models.Policy>;
  dynamicGroup: Body<identity.models.DynamicGroup>;
  containerRepository: Body<artifacts.models.ContainerRepository>;
  logGroup: Body<logging.models.LogGroup>;
  log: Body<logging.models.Log>;
  loggingWorkRequest: Omit<logging.models.WorkRequest, 'status' | 'percentComplete' | 'timeStarted' | 'timeFinished'>;
}

export interface StoredResource<K extends ResourceKind = ResourceKind> {
  kind: K;
  id: string;
  compartmentId: string;
  /** The containing resource (VCN of a subnet, cluster of a node pool, vault of a key/secret). */
  parentId?: string;
  body: KindBody[K];
  /** Timed states; the current one is derived on read from the clock. */
  phases: Phase[];
  /** Bumped on every update; feeds the etag. */
  version: number;
  /** Creation order (lists are returned in this order). */
  seq: number;
  /** Work request ids attached to this resource (create first). */
  workRequestIds: string[];
}

/** One version of a secret's content (kept apart from the Secret model; never logged or listed). */
export interface SecretVersion {
  versionNumber: number;
  content: string;
  stages: string[];
  timeCreated: Date;
}

/** Identity resources live here so that two region instances can share them. */
export class IdentityMap implements IdentityState {
  readonly kind = 'identity-state' as const;
  readonly resources = new Map<string, StoredResource>();
}

/** Everything a Store holds, as plain data (part of a fake's snapshot). */
export interface StoreState {
  resources: StoredResource[];
  /** Identity resources (shared with the instances given this one as `sharedIdentityFrom`). */
  identity: StoredResource[];
  seq: number;
  nsgRules: Array<[string, core.models.SecurityRule[]]>;
  secretVersions: Array<[string, SecretVersion[]]>;
}

export class Store {
  private readonly resources = new Map<string, StoredResource>();
  private seq = 0;
  readonly nsgRules = new Map<string, core.models.SecurityRule[]>();
  readonly secretVersions = new Map<string, SecretVersion[]>();

  constructor(
    private readonly clock: FakeClock,
    readonly identity: IdentityMap = new IdentityMap(),
  ) {}

  private mapFor(kind: ResourceKind): Map<string, StoredResource> {
    return IDENTITY_KINDS.has(kind) ? this.identity.resources : this.resources;
  }

  put<K extends ResourceKind>(
    kind: K,
    fields: { id: string; compartmentId: string; parentId?: string; body: KindBody[K]; phases: Phase[] },
  ): StoredResource<K> {
    const resource: StoredResource<K> = { kind, version: 1, seq: ++this.seq, workRequestIds: [], ...fields };
    this.mapFor(kind).set(resource.id, resource as unknown as StoredResource);
    return resource;
  }

  /** A resource of that kind that has not disappeared, else undefined. */
  get<K extends ResourceKind>(kind: K, id: string): StoredResource<K> | undefined {
    const found = this.mapFor(kind).get(id);
    if (!found || found.kind !== kind || this.state(found) === GONE) return undefined;
    return found as unknown as StoredResource<K>;
  }

  /** Any resource by id, whatever its kind (control API). */
  find(id: string): StoredResource | undefined {
    const found = this.resources.get(id) ?? this.identity.resources.get(id);
    return found && this.state(found) !== GONE ? found : undefined;
  }

  /** Every resource of a kind that has not disappeared, in creation order. */
  list<K extends ResourceKind>(kind: K): StoredResource<K>[] {
    const out: StoredResource<K>[] = [];
    for (const r of this.mapFor(kind).values()) {
      if (r.kind === kind && this.state(r) !== GONE) out.push(r as unknown as StoredResource<K>);
    }
    return out.sort((a, b) => a.seq - b.seq);
  }

  /** Every live resource of every kind, in creation order. */
  all(): StoredResource[] {
    return [...this.resources.values(), ...this.identity.resources.values()]
      .filter((r) => this.state(r) !== GONE)
      .sort((a, b) => a.seq - b.seq);
  }

  state(resource: StoredResource): string {
    return stateAt(resource.phases, this.clock.now());
  }

  /** The wire representation: the stored model plus its current lifecycle state. */
  view<K extends ResourceKind>(resource: StoredResource<K>): KindBody[K] & { lifecycleState: string } {
    return { ...resource.body, lifecycleState: this.state(resource) };
  }

  etag(resource: StoredResource): string {
    return createHash('sha1').update(`${resource.id}:${resource.version}`).digest('hex').slice(0, 16);
  }

  touch(resource: StoredResource): void {
    resource.version += 1;
  }

  reset(): void {
    this.resources.clear();
    this.identity.resources.clear();
    this.nsgRules.clear();
    this.secretVersions.clear();
  }

  /** The stored state, by reference: the caller clones it. */
  exportState(): StoreState {
    return {
      resources: [...this.resources.values()], identity: [...this.identity.resources.values()], seq: this.seq,
      nsgRules: [...this.nsgRules], secretVersions: [...this.secretVersions],
    };
  }

  /** Replaces the stored state by `state` (taken over by reference: the caller passes a copy). */
  importState(state: StoreState): void {
    this.reset();
    for (const r of state.resources) this.resources.set(r.id, r);
    for (const r of state.identity) this.identity.resources.set(r.id, r);
    for (const [id, rules] of state.nsgRules) this.nsgRules.set(id, rules);
    for (const [id, versions] of state.secretVersions) this.secretVersions.set(id, versions);
    this.seq = state.seq;
  }
}

/** Deterministic OCIDs: same sequence of creates = same ids. */
export class IdFactory {
  private counter = 0;
  constructor(private readonly region: string, private readonly regionKey: string) {}

  /** Regional OCID, e.g. `ocid1.vcn.oc1.eu-frankfurt-1.aaaaaaaafake000000000001` (real OCIDs have a long unique part,
   *  and the project's OCID validators require at least 20 characters). */
  regional(type: string): string {
    return `ocid1.${type}.oc1.${this.region}.aaaaaaaafake${this.pad().padStart(12, '0')}`;
  }

  /** Tenancy-level OCID (IAM), unique across region instances: `ocid1.policy.oc1..aaaaaaaafakefra000000000001`. */
  global(type: string): string {
    return `ocid1.${type}.oc1..aaaaaaaafake${this.regionKey.toLowerCase()}${this.pad().padStart(12, '0')}`;
  }

  /** Short opaque id (security rule ids, request ids). */
  short(prefix: string): string {
    return `${prefix}${this.pad()}`;
  }

  private pad(): string {
    this.counter += 1;
    return String(this.counter).padStart(6, '0');
  }

  reset(): void {
    this.counter = 0;
  }

  /** How many ids were made (part of a snapshot: a restored fake goes on with the next one). */
  get issued(): number {
    return this.counter;
  }

  set issued(count: number) {
    this.counter = count;
  }
}
