import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FakeClock } from './clock';
import { handleControlRequest } from './control';
import type { FakeCore } from './core';
import { type ActiveFault, FaultInjector, type FaultSpec } from './faults';
import { type ApiKeyPair, generateApiKeyPair, writeOciConfig, type WrittenConfig } from './keys';
import { type ResourceKind, reschedule, RESOURCE_KINDS } from './lifecycle';
import { FAKE_USER_ID, type FakeOciOptions, type IdentityState, type ResolvedOptions, resolveOptions } from './options';
import { RequestLog, type RequestLogEntry, type RequestLogState } from './request-log';
import { type RetryTokenEntry, RetryTokens } from './retry-tokens';
import { RouteTable } from './router';
import { serviceRoutes } from './routes';
import { seedState } from './seed';
import { handleApiRequest, readBody } from './server';
import { KeyRegistry } from './signature';
import { IdentityMap, IdFactory, Store, type StoredResource, type StoreState } from './store';

/** A resource as the control API reports it. */
export interface FakeResource {
  kind: ResourceKind;
  id: string;
  compartmentId: string;
  /** VCN of a subnet/gateway, cluster of a node pool, vault of a key/secret. */
  parentId?: string;
  lifecycleState: string;
  /** displayName, name or secretName, whichever the model has. */
  name?: string;
  freeformTags: Record<string, string>;
  /** The full model as the API returns it (secret contents are never part of it). */
  model: Record<string, unknown>;
}

/**
 * A fake's state as plain data (`FakeOci.snapshot()`): resources and their timelines, NSG rules, secret contents,
 * remembered retry tokens, id counters, the request log and the clock time. Not part of it: registered keys,
 * options such as the speed, and fault rules (a snapshot is taken with none active). Treat it as opaque.
 */
export interface FakeSnapshot {
  readonly kind: 'fake-oci-snapshot';
  /** Region and tenancy of the fake it came from: OCIDs and scopes depend on them. */
  readonly region: string;
  readonly tenancyId: string;
  /** The URL of the fake it came from, inside stored models (a vault's endpoints) and replayable responses. */
  readonly baseUrl: string;
  readonly clock: { now: number; frozen: boolean };
  readonly store: StoreState;
  readonly idsIssued: number;
  readonly nextFaultId: number;
  readonly retryTokens: Array<[string, RetryTokenEntry]>;
  readonly log: RequestLogState;
}

/** One running fake OCI API (a real HTTP server on 127.0.0.1). */
export class FakeOci implements FakeCore {
  readonly options: ResolvedOptions;
  readonly clock: FakeClock;
  readonly store: Store;
  readonly ids: IdFactory;
  readonly keys = new KeyRegistry();
  readonly faults: FaultInjector;
  readonly retryTokens = new RetryTokens();
  readonly log = new RequestLog();
  readonly routeTables = new Map<string, RouteTable>();
  private readonly server: Server;
  private listeningUrl = '';

  constructor(options: FakeOciOptions = {}) {
    this.options = resolveOptions(options);
    this.clock = new FakeClock(this.options.speed);
    const shared = options.sharedIdentityFrom?.identityState;
    if (shared !== undefined && !(shared instanceof IdentityMap)) throw new Error('sharedIdentityFrom must be another FakeOci instance');
    this.store = new Store(this.clock, shared);
    this.ids = new IdFactory(this.options.region, this.options.regionKey);
    this.faults = new FaultInjector(this.options.seed);
    for (const [service, routes] of Object.entries(serviceRoutes)) this.routeTables.set(service, new RouteTable(routes));
    if (shared === undefined) seedState(this);
    this.server = createServer((req, res) => {
      readBody(req).then(async (body) => {
        const path = req.url ?? '/';
        if (path === '/_fake' || path.startsWith('/_fake/')) return handleControlRequest(this, req, res, body);
        return handleApiRequest(this, req, res, body);
      }).catch((err: unknown) => {
        if (!res.headersSent) {
          res.writeHead(500, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ code: 'InternalServerError', message: (err as Error).message }));
        }
      });
    });
  }

  /** Identity resources of this instance, to share with a second-region instance (`sharedIdentityFrom`). */
  get identityState(): IdentityState {
    return this.store.identity;
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.options.port, this.options.host, () => resolve());
    });
    const { port } = this.server.address() as AddressInfo;
    this.listeningUrl = `http://${this.options.host}:${port}`;
  }

  /** `http://127.0.0.1:PORT`; point clients at `url + '/<service>'`. */
  get url(): string {
    return this.listeningUrl;
  }

  baseUrl(): string {
    return this.listeningUrl;
  }

  /** The endpoint to assign to an SDK client, e.g. `fake.endpoint('iaas')`. */
  endpoint(service: 'iaas' | 'identity' | 'containerengine' | 'mysql' | 'kms' | 'vaults' | 'secrets' | 'artifacts' | 'logging'): string {
    return `${this.listeningUrl}/${service}`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  registerKey(keyId: string, publicKeyPem: string): void {
    this.keys.register(keyId, publicKeyPem);
  }

  /** Registers a key pair (a new one unless given) and writes an OCI config (profile DEFAULT) + key into dir. */
  writeConfig(dir: string, userId = FAKE_USER_ID, pair: ApiKeyPair = generateApiKeyPair()): WrittenConfig {
    const written = writeOciConfig(dir, { tenancyId: this.options.tenancyId, userId, region: this.options.region }, pair);
    this.registerKey(written.keyId, pair.publicKeyPem);
    return written;
  }

  /** Live resources (of one kind, if given), in creation order. */
  resources(kind?: ResourceKind): FakeResource[] {
    if (kind !== undefined && !RESOURCE_KINDS.includes(kind)) {
      throw new Error(`unknown resource kind "${kind}"; one of ${RESOURCE_KINDS.join(', ')}`);
    }
    return this.clock.instant(() => this.store.all().filter((r) => kind === undefined || r.kind === kind).map((r) => this.describe(r)));
  }

  describe(r: StoredResource): FakeResource {
    const model = this.viewOf(r);
    const name = ['displayName', 'name', 'secretName'].map((f) => model[f]).find((v): v is string => typeof v === 'string');
    const tags = model.freeformTags;
    return {
      kind: r.kind, id: r.id, compartmentId: r.compartmentId, ...(r.parentId ? { parentId: r.parentId } : {}),
      lifecycleState: this.store.state(r), ...(name !== undefined ? { name } : {}),
      freeformTags: typeof tags === 'object' && tags !== null ? (tags as Record<string, string>) : {},
      model,
    };
  }

  private viewOf(r: StoredResource): Record<string, unknown> {
    return JSON.parse(JSON.stringify(this.store.view(r))) as Record<string, unknown>;
  }

  requests(): RequestLogEntry[] {
    return this.log.list();
  }

  clearRequests(): void {
    this.log.clear();
  }

  injectFault(spec: FaultSpec): ActiveFault {
    return this.faults.add(spec);
  }

  listFaults(): ActiveFault[] {
    return this.faults.list();
  }

  clearFaults(): void {
    this.faults.clear();
  }

  /** Forces a resource into a state now (e.g. FAILED, NEEDS_ATTENTION) and cancels pending transitions.
   *  Work requests of a resource forced to FAILED fail too. */
  setLifecycleState(id: string, state: string): FakeResource {
    const r = this.store.find(id);
    if (!r) throw new Error(`no resource with id "${id}"; list them with GET /_fake/resources`);
    if (!/^[A-Z_]+$/.test(state)) throw new Error(`lifecycleState "${state}" must be an upper-case OCI state such as FAILED`);
    const now = this.clock.now();
    reschedule(r.phases, now, [{ state, at: now }]);
    this.store.touch(r);
    if (state === 'FAILED') {
      for (const wrId of r.workRequestIds) {
        const wr = this.store.find(wrId);
        if (wr && !['SUCCEEDED', 'FAILED', 'CANCELED', 'COMPLETED'].includes(this.store.state(wr))) {
          reschedule(wr.phases, now, [{ state: 'FAILED', at: now }]);
        }
      }
    }
    return this.describe(r);
  }

  /** Forgets every resource, retry token, fault and logged request (registered keys stay). */
  reset(): void {
    this.store.reset();
    this.ids.reset();
    this.retryTokens.clear();
    this.faults.reseed(this.options.seed);
    this.log.clear();
    seedState(this);
  }

  /**
   * The state of this fake, to restore later into this or another fake of the same region and tenancy (e.g. one
   * applied stack shared by tests that start from it, instead of each applying from nothing). A deep copy: what
   * happens afterwards does not change it. Refused while fault rules are active (they are not part of it).
   */
  snapshot(): FakeSnapshot {
    if (this.faults.list().length > 0) throw new Error('snapshot: clear the fault rules first (clearFaults); they are not part of a snapshot');
    return copyData({
      kind: 'fake-oci-snapshot' as const, region: this.options.region, tenancyId: this.options.tenancyId, baseUrl: this.baseUrl(),
      clock: { now: this.clock.now(), frozen: this.clock.frozen }, store: this.store.exportState(), idsIssued: this.ids.issued,
      nextFaultId: this.faults.nextRuleId, retryTokens: this.retryTokens.exportEntries(), log: this.log.exportState(),
    });
  }

  /**
   * Replaces this fake's state by a snapshot's: the clock reads the snapshot's time again and runs on from there
   * (frozen if it was), at this fake's speed; fault rules are cleared; registered keys stay. URLs of the snapshot's
   * fake inside stored models and replayable responses become this fake's. The snapshot itself stays unchanged.
   */
  restore(snapshot: FakeSnapshot): void {
    if (snapshot.kind !== 'fake-oci-snapshot') throw new Error('restore: not a snapshot of a fake (use FakeOci.snapshot())');
    for (const field of ['region', 'tenancyId'] as const) {
      if (snapshot[field] !== this.options[field]) {
        throw new Error(`restore: the snapshot is of ${field} "${snapshot[field]}", this fake's is "${this.options[field]}"`);
      }
    }
    const [from, to] = [`${snapshot.baseUrl}/`, `${this.baseUrl()}/`];
    const state = copyData(snapshot, (text) => text.split(from).join(to));
    this.store.importState(state.store);
    this.ids.issued = state.idsIssued;
    this.retryTokens.importEntries(state.retryTokens);
    this.log.importState(state.log);
    this.faults.resumeAt(state.nextFaultId);
    if (state.clock.frozen) this.clock.freeze();
    else this.clock.resume();
    this.clock.set(state.clock.now);
  }

  /** Clock controls (lifecycle time only; signatures use real time). */
  advanceClock(ms: number): void {
    this.clock.advance(ms);
  }

  setSpeed(speed: number): void {
    this.clock.speed = speed;
  }
}


/**
 * A deep copy of plain data (objects, arrays, Dates, primitives), with `text` applied to every string. Made in this
 * realm on purpose (structuredClone's copies belong to Node's own realm, which `instanceof` tells apart under jest).
 */
function copyData<T>(value: T, text: (s: string) => string = (s) => s): T {
  const copy = (v: unknown): unknown => {
    if (typeof v === 'string') return text(v);
    if (typeof v !== 'object' || v === null) return v;
    if (v instanceof Date) return new Date(v.getTime());
    if (Array.isArray(v)) return v.map(copy);
    const out: Record<string, unknown> = {};
    for (const [key, field] of Object.entries(v)) out[key] = copy(field);
    return out;
  };
  return copy(value) as T;
}

/** Starts a fake OCI API; resolve → it is listening. */
export async function startFakeOci(options: FakeOciOptions = {}): Promise<FakeOci> {
  const fake = new FakeOci(options);
  await fake.listen();
  return fake;
}
