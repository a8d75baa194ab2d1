import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FakeClock } from './clock';
import { handleControlRequest } from './control';
import type { FakeCore } from './core';
import { type ActiveFault, FaultInjector, type FaultSpec } from './faults';
import { type ApiKeyPair, generateApiKeyPair, writeOciConfig, type WrittenConfig } from './keys';
import { type ResourceKind, reschedule, RESOURCE_KINDS } from './lifecycle';
import { FAKE_USER_ID, type FakeOciOptions, type IdentityState, type ResolvedOptions, resolveOptions } from './options';
import { RequestLog, type RequestLogEntry } from './request-log';
import { RetryTokens } from './retry-tokens';
import { RouteTable } from './router';
import { serviceRoutes } from './routes';
import { seedState } from './seed';
import { handleApiRequest, readBody } from './server';
import { KeyRegistry } from './signature';
import { IdentityMap, IdFactory, Store, type StoredResource } from './store';

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

  /** Clock controls (lifecycle time only; signatures use real time). */
  advanceClock(ms: number): void {
    this.clock.advance(ms);
  }

  setSpeed(speed: number): void {
    this.clock.speed = speed;
  }
}


/** Starts a fake OCI API; resolve → it is listening. */
export async function startFakeOci(options: FakeOciOptions = {}): Promise<FakeOci> {
  const fake = new FakeOci(options);
  await fake.listen();
  return fake;
}
