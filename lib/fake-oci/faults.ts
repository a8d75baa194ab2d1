import { defaultCodeFor } from './errors';

/** A fault rule. Matching calls are picked by a seeded PRNG, so runs are reproducible. */
export interface FaultSpec {
  /** OCI operation name as in the request log (e.g. `CreateVcn`, `ListVcns`) or `*` for every operation. */
  op: string;
  /** Only calls to this service prefix (`iaas`, `identity`, `containerengine`, `mysql`, `kms`, `vaults`,
   *  `secrets`, `artifacts`). Default: any service. */
  service?: string;
  /** Only calls with this HTTP method (e.g. `POST`). Default: any method. */
  method?: string;
  /** Seed of this rule's PRNG stream. Default: derived from the instance seed and the rule's position. */
  seed?: number;
  /** Probability that a matching call is hit, 0..1. Default 1. */
  rate?: number;
  /** Stop after hitting this many calls. Default: unlimited. */
  count?: number;
  /** Skip this many matching calls before the rule can hit. Default 0. */
  after?: number;
  /** Respond with this HTTP status instead of handling the call (e.g. 429, 500, 409). */
  status?: number;
  /** OCI error code for `status`. Default: the usual code of that status (429 → TooManyRequests, …). */
  code?: string;
  /** Error message. Default: "Injected fault <id>". */
  message?: string;
  /** Wait this long (real ms) before answering (alone: a slow but successful call). Default 0. */
  delayMs?: number;
  /** Destroy the connection without a response: `before` = nothing happens server-side;
   *  `after-commit` = the call takes effect (resource created, retry token stored), then the socket drops. */
  drop?: 'before' | 'after-commit';
}

export interface ActiveFault extends FaultSpec {
  id: string;
  /** How many calls this rule has hit so far. */
  hits: number;
  /** How many matching calls it has seen. */
  seen: number;
}

/** The decision for one call. */
export interface FaultDecision {
  faultId: string;
  delayMs: number;
  error?: { status: number; code: string; message: string };
  drop?: 'before' | 'after-commit';
}

/** mulberry32: tiny, fast, good enough for reproducible fault picking. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class FaultInjector {
  private faults: Array<{ fault: ActiveFault; random: () => number }> = [];
  private nextId = 1;

  constructor(private seed: number) {}

  add(spec: FaultSpec): ActiveFault {
    validateFault(spec);
    const id = `fault-${this.nextId++}`;
    const fault: ActiveFault = { ...spec, id, hits: 0, seen: 0 };
    // Each rule has its own stream so adding a rule does not change what the others pick.
    const seed = spec.seed ?? this.seed * 2654435761 + this.nextId * 40503;
    this.faults.push({ fault, random: mulberry32(seed) });
    return fault;
  }

  list(): ActiveFault[] {
    return this.faults.map(({ fault }) => ({ ...fault }));
  }

  remove(id: string): boolean {
    const before = this.faults.length;
    this.faults = this.faults.filter(({ fault }) => fault.id !== id);
    return this.faults.length !== before;
  }

  clear(): void {
    this.faults = [];
  }

  reseed(seed: number): void {
    this.seed = seed;
    this.faults = [];
    this.nextId = 1;
  }

  /** Id of the next rule; it also picks the rule's PRNG stream (part of a snapshot). */
  get nextRuleId(): number {
    return this.nextId;
  }

  /** With no rules active: the next rule gets this id (and its stream), as if the earlier ones had come and gone. */
  resumeAt(nextId: number): void {
    this.faults = [];
    this.nextId = nextId;
  }

  /** The first rule that hits this call, if any. */
  decide(call: { op: string; service: string; method: string }): FaultDecision | undefined {
    for (const { fault, random } of this.faults) {
      if (fault.op !== '*' && fault.op !== call.op) continue;
      if (fault.service && fault.service !== call.service) continue;
      if (fault.method && fault.method.toUpperCase() !== call.method) continue;
      if (fault.count !== undefined && fault.hits >= fault.count) continue;
      fault.seen += 1;
      if (fault.seen <= (fault.after ?? 0)) continue;
      if (random() >= (fault.rate ?? 1)) continue;
      fault.hits += 1;
      const decision: FaultDecision = { faultId: fault.id, delayMs: fault.delayMs ?? 0 };
      if (fault.drop) decision.drop = fault.drop;
      if (fault.status !== undefined) {
        decision.error = {
          status: fault.status,
          code: fault.code ?? defaultCodeFor(fault.status),
          message: fault.message ?? `Injected fault ${fault.id}`,
        };
      }
      return decision;
    }
    return undefined;
  }
}

function validateFault(spec: FaultSpec): void {
  if (typeof spec.op !== 'string' || spec.op === '') {
    throw new Error('fault.op must be an operation name such as "CreateVcn" or "*"');
  }
  if (spec.seed !== undefined && !Number.isInteger(spec.seed)) {
    throw new Error(`fault.seed must be an integer, got ${spec.seed}`);
  }
  if (spec.rate !== undefined && !(spec.rate >= 0 && spec.rate <= 1)) {
    throw new Error(`fault.rate must be between 0 and 1, got ${spec.rate}`);
  }
  if (spec.count !== undefined && !(Number.isInteger(spec.count) && spec.count >= 0)) {
    throw new Error(`fault.count must be an integer >= 0, got ${spec.count}`);
  }
  if (spec.status !== undefined && !(Number.isInteger(spec.status) && spec.status >= 400 && spec.status <= 599)) {
    throw new Error(`fault.status must be an HTTP error status 400..599, got ${spec.status}`);
  }
  if (spec.drop !== undefined && spec.drop !== 'before' && spec.drop !== 'after-commit') {
    throw new Error(`fault.drop must be "before" or "after-commit", got ${String(spec.drop)}`);
  }
  if (spec.status === undefined && spec.drop === undefined && spec.delayMs === undefined) {
    throw new Error(`fault for op "${spec.op}" does nothing: set status, drop or delayMs`);
  }
  if (spec.status !== undefined && spec.drop !== undefined) {
    throw new Error(`fault for op "${spec.op}": set either status or drop, not both`);
  }
}
