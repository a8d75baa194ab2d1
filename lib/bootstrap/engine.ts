import type { Environment } from '../config';
import type { Clients } from './clients';
import { BootstrapError, explain } from './errors';
import { FreeformTags, retryToken, tagsFor } from './tags';
import type { Waiter } from './wait';

/** What a resource needs to hand to the resources that depend on it. */
export interface Ref {
  /** OCID (or, for local artefacts such as the kubeconfig, the file path). */
  ocid: string;
  /** Extra values dependents read, e.g. a vault's management endpoint or a DB's private IP. */
  attrs: Readonly<Record<string, string>>;
}

/** Result of looking a resource up by its tags. */
export interface Lookup<R> {
  /** The live instance (any state but deleted / scheduled for deletion). */
  live?: R;
  /** An instance scheduled for deletion (vault/key/secret PENDING_DELETION), which apply does not adopt. */
  pendingDeletion?: R;
  /** How many deleted instances carry our tags: keeps retry tokens of re-creations distinct. */
  dead: number;
  /** An instance of ours is being deleted right now (a destroy that was interrupted). */
  deleting?: boolean;
}

/** Options that change what apply does beyond the environment file. */
export interface RunFlags {
  /** Logical ids to delete and re-create (the only way past a FAILED / NEEDS_ATTENTION resource). */
  replace: ReadonlySet<string>;
  /** Revive a vault/key/secret scheduled for deletion instead of creating new ones. @default false */
  cancelDeletion: boolean;
  /** Create the virtual-node endorse policy (Oracle's docs disagree on whether it is needed). @default false */
  endorsePolicy: boolean;
  /** Let destroy (or --replace) delete a delete-protected MySQL DB system; a final backup is taken. @default false */
  allowDeleteDatabase: boolean;
}

/** Everything a resource module may use. */
export interface Context {
  readonly env: Environment;
  readonly clients: Clients;
  readonly flags: RunFlags;
  readonly waiter: Waiter;
  /** Tenancy home region, where IAM writes go. */
  readonly homeRegion: string;
  /** Availability domain short name (EU-FRANKFURT-1-AD-1) → full name (Uocm:EU-FRANKFURT-1-AD-1). */
  readonly availabilityDomains: ReadonlyMap<string, string>;
  /** Where the kubeconfig is written. */
  readonly kubeconfigPath: string;
  /** In-memory holder for the generated DB password (never logged, never written to disk). */
  readonly secrets: SecretBox;
  /** Output of a dependency; throws when it has not been resolved. */
  ref(logicalId: string): Ref;
  /** Output of a dependency, or undefined when it does not exist (plan/destroy of a partial stack). */
  maybeRef(logicalId: string): Ref | undefined;
  /** Progress detail for the live view (e.g. "work request 40 %"). */
  note(logicalId: string, detail: string): void;
}

/** Holds secret values for the run and lets every log sink redact them. */
export class SecretBox {
  private readonly values = new Map<string, string>();
  set(name: string, value: string): void { this.values.set(name, value); }
  get(name: string): string | undefined { return this.values.get(name); }
  /** Replaces every held secret (and its base64 form) with `***`. */
  redact(text: string): string {
    let out = text;
    for (const v of this.values.values()) {
      for (const form of [v, Buffer.from(v, 'utf8').toString('base64')]) out = out.split(form).join('***');
    }
    return out;
  }
}

export type StateClass = 'ready' | 'pending' | 'failed' | 'deleting';

/** Lifecycle states across services, classified once. */
export function classify(state: string): StateClass {
  switch (state) {
    case 'AVAILABLE': case 'ACTIVE': case 'ENABLED': case 'SUCCEEDED': case 'INACTIVE': return 'ready';
    case 'FAILED': case 'NEEDS_ATTENTION': return 'failed';
    case 'TERMINATING': case 'TERMINATED': case 'DELETING': case 'DELETED': case 'PENDING_DELETION': case 'SCHEDULING_DELETION': return 'deleting';
    default: return 'pending';
  }
}

/** One logical resource: how to find, create, wait for, compare and delete it. */
export interface Resource<R = unknown> {
  /** Logical id (also the `oke-vn-logical-id` tag value). */
  readonly id: string;
  /** Kind for the summary, e.g. `vcn`, `subnet`, `nsg-rules`. */
  readonly kind: string;
  /** Logical ids this resource needs first. */
  readonly deps: readonly string[];
  /** Display name it gets in OCI. */
  name(ctx: Context): string;
  /** Whether the environment/flags want this resource; a disabled one that exists is deleted. @default true */
  enabled?(ctx: Context): boolean;
  find(ctx: Context): Promise<Lookup<R>>;
  ocid(r: R): string;
  state(r: R): string;
  /** Values dependents need besides the OCID. */
  attrs?(r: R): Record<string, string>;
  /** Differences between the live resource and the environment, as "field: have → want"; [] = in sync. */
  drift(ctx: Context, r: R): Promise<string[]> | string[];
  /** Creates it and waits until usable. `token` is the deterministic opc-retry-token to send. */
  create(ctx: Context, token: (body: unknown) => string): Promise<R>;
  /** Waits for a found resource in a transitional state. */
  waitReady(ctx: Context, r: R): Promise<R>;
  /** Brings a drifted resource in line; absent = drift can only be fixed with --replace. */
  update?(ctx: Context, r: R, drift: string[]): Promise<R>;
  /** Deletes it and waits until gone (scheduled deletion counts as gone). */
  remove(ctx: Context, r: R): Promise<void>;
  /**
   * Why it must not be deleted in this run (e.g. a delete-protected database without --allow-delete-database), or
   * undefined. Destroy asks every resource it found before deleting anything, and refuses as a whole.
   */
  refuseRemoval?(ctx: Context, r: R): string | undefined;
  /** Cancels a scheduled deletion (with --cancel-deletion). */
  revive?(ctx: Context, r: R): Promise<R>;
}

export type Action = 'create' | 'exists' | 'drift' | 'delete' | 'replace' | 'failed' | 'absent';

/** Outcome for one resource. */
export interface NodeResult {
  id: string;
  kind: string;
  name: string;
  action: Action;
  status: 'done' | 'failed' | 'skipped' | 'planned';
  ocid?: string;
  /** Drift lines or the error, for the summary. */
  detail?: string[];
  elapsedMs: number;
}

export type Phase = 'waiting' | 'reading' | 'creating' | 'updating' | 'deleting' | 'done' | 'failed' | 'skipped';

/** Receives progress; the CLI renders it as a live view (TTY) or log lines (CI). */
export interface Progress {
  update(id: string, phase: Phase, detail?: string): void;
}

interface Graph { resources: readonly Resource[]; byId: Map<string, Resource> }

function graphOf(resources: readonly Resource[]): Graph {
  const byId = new Map(resources.map((r) => [r.id, r]));
  for (const r of resources) {
    for (const d of r.deps) if (!byId.has(d)) throw new Error(`resource ${r.id} depends on unknown ${d}`);
  }
  return { resources, byId };
}

/** Longest chain of `weight` through the graph (the critical path), for the bench. */
export function criticalPath(resources: readonly Resource[], weight: (id: string) => number): { total: number; path: string[] } {
  const memo = new Map<string, { total: number; path: string[] }>();
  const byId = new Map(resources.map((r) => [r.id, r]));
  const walk = (id: string): { total: number; path: string[] } => {
    const known = memo.get(id);
    if (known) return known;
    const r = byId.get(id) as Resource;
    let best = { total: 0, path: [] as string[] };
    for (const d of r.deps) { const c = walk(d); if (c.total > best.total) best = c; }
    const out = { total: best.total + weight(id), path: [...best.path, id] };
    memo.set(id, out);
    return out;
  };
  return resources.map((r) => walk(r.id)).reduce((a, b) => (b.total > a.total ? b : a), { total: 0, path: [] });
}

export interface EngineOptions {
  progress?: Progress;
}

/** Mutable run state shared by the walks. */
class Run {
  readonly refs = new Map<string, Ref>();
  readonly results = new Map<string, NodeResult>();
  aborted = false;
  constructor(readonly graph: Graph, readonly progress: Progress | undefined) {}
  phase(id: string, phase: Phase, detail?: string): void { this.progress?.update(id, phase, detail); }
}

function contextFor(base: Omit<Context, 'ref' | 'maybeRef' | 'note'>, run: Run): Context {
  return {
    ...base,
    ref(id) {
      const r = run.refs.get(id);
      if (!r) throw new BootstrapError(`internal: ${id} was needed before it was resolved`, 'internal');
      return r;
    },
    maybeRef: (id) => run.refs.get(id),
    note: (id, detail) => run.phase(id, 'creating', detail),
  };
}

export type BaseContext = Omit<Context, 'ref' | 'maybeRef' | 'note'>;

function refOf(r: Resource, live: unknown): Ref {
  return { ocid: r.ocid(live), attrs: r.attrs?.(live) ?? {} };
}

/** Walks the graph in dependency order, running independent resources concurrently. */
async function walkForward(run: Run, visit: (r: Resource) => Promise<void>): Promise<void> {
  const done = new Map<string, Promise<boolean>>();
  const start = (r: Resource): Promise<boolean> => {
    let p = done.get(r.id);
    if (p) return p;
    p = (async () => {
      const ok = await Promise.all(r.deps.map((d) => start(run.graph.byId.get(d) as Resource)));
      if (ok.includes(false) || run.aborted) {
        run.results.set(r.id, { id: r.id, kind: r.kind, name: r.id, action: 'create', status: 'skipped', elapsedMs: 0, detail: ['not started: an earlier step failed'] });
        run.phase(r.id, 'skipped');
        return false;
      }
      await visit(r);
      return run.results.get(r.id)?.status !== 'failed' && run.results.get(r.id)?.status !== 'skipped';
    })();
    done.set(r.id, p);
    return p;
  };
  await Promise.all(run.graph.resources.map(start));
}

/** Reverse walk: a resource is visited once everything depending on it has been visited. */
async function walkReverse(run: Run, visit: (r: Resource) => Promise<void>): Promise<void> {
  const dependents = new Map<string, Resource[]>();
  for (const r of run.graph.resources) for (const d of r.deps) dependents.set(d, [...(dependents.get(d) ?? []), r]);
  const done = new Map<string, Promise<boolean>>();
  const start = (r: Resource): Promise<boolean> => {
    let p = done.get(r.id);
    if (p) return p;
    p = (async () => {
      const ok = await Promise.all((dependents.get(r.id) ?? []).map(start));
      if (ok.includes(false)) {
        const prev = run.results.get(r.id);
        if (prev && prev.action === 'delete') {
          run.results.set(r.id, { ...prev, status: 'skipped', detail: ['not deleted: a dependent resource could not be deleted'] });
          run.phase(r.id, 'skipped');
        }
        return false;
      }
      await visit(r);
      return run.results.get(r.id)?.status !== 'failed';
    })();
    done.set(r.id, p);
    return p;
  };
  await Promise.all(run.graph.resources.map(start));
}

function elapsedSince(t0: number): number { return Date.now() - t0; }

/** Read-only look at one resource: what apply would do. Records the ref when the resource exists. */
async function inspect(ctx: Context, run: Run, r: Resource): Promise<{ action: Action; live?: unknown; pending?: unknown; dead: number; drift: string[] }> {
  const enabled = r.enabled?.(ctx) ?? true;
  const missingDep = r.deps.some((d) => !run.refs.has(d));
  if (missingDep) return { action: enabled ? 'create' : 'absent', dead: 0, drift: [] };
  run.phase(r.id, 'reading');
  const found = await r.find(ctx);
  if (!found.live) {
    if (!enabled) return { action: 'absent', dead: found.dead, drift: [], pending: found.pendingDeletion };
    return { action: 'create', dead: found.dead, drift: [], pending: found.pendingDeletion };
  }
  run.refs.set(r.id, refOf(r, found.live));
  if (!enabled) return { action: 'delete', live: found.live, dead: found.dead, drift: [] };
  const cls = classify(r.state(found.live));
  if (cls === 'failed') return { action: ctx.flags.replace.has(r.id) ? 'replace' : 'failed', live: found.live, dead: found.dead, drift: [`state ${r.state(found.live)}`] };
  if (ctx.flags.replace.has(r.id)) return { action: 'replace', live: found.live, dead: found.dead, drift: [] };
  const drift = cls === 'ready' ? await r.drift(ctx, found.live) : [];
  return { action: drift.length > 0 ? 'drift' : 'exists', live: found.live, dead: found.dead, drift };
}

/** `plan`: the apply walk with reads only. */
export async function plan(base: BaseContext, resources: readonly Resource[], options: EngineOptions = {}): Promise<NodeResult[]> {
  const run = new Run(graphOf(resources), options.progress);
  const ctx = contextFor(base, run);
  await walkForward(run, async (r) => {
    const t0 = Date.now();
    try {
      const i = await inspect(ctx, run, r);
      const live = i.live;
      run.results.set(r.id, { id: r.id, kind: r.kind, name: r.name(ctx), action: i.action, status: 'planned', ocid: live === undefined ? undefined : r.ocid(live), detail: i.drift, elapsedMs: elapsedSince(t0) });
      run.phase(r.id, 'done', i.action);
    } catch (e) {
      fail(run, r, ctx, e, 'create', t0);
    }
  });
  // Plan reports resources it cannot look at yet (parent missing) as "create": keep going past them.
  return ordered(run, resources);
}

function fail(run: Run, r: Resource, ctx: Context, e: unknown, action: Action, t0: number): void {
  const err = explain(e, `${r.kind} "${safeName(r, ctx)}" (${r.id})`);
  run.results.set(r.id, { id: r.id, kind: r.kind, name: safeName(r, ctx), action, status: 'failed', detail: [ctx.secrets.redact(err.message)], elapsedMs: elapsedSince(t0) });
  run.phase(r.id, 'failed', ctx.secrets.redact(err.message));
  run.aborted = true;
}

function safeName(r: Resource, ctx: Context): string {
  try { return r.name(ctx); } catch { return r.id; }
}

function ordered(run: Run, resources: readonly Resource[]): NodeResult[] {
  return resources.map((r) => run.results.get(r.id)).filter((x): x is NodeResult => x !== undefined);
}

/**
 * How many token generations one create walks through. Each destroy/apply cycle within OCI's 24 h token
 * memory burns one generation of every root resource (deleted records soon vanish from lists, so the
 * dead count cannot skip them), so the bound must sit far above a busy day of test cycles.
 */
const MAX_TOKEN_GENERATIONS = 200;

/** Creates with a deterministic token; if OCI replays a deleted resource for it, moves to the next generation. */
async function createFresh(ctx: Context, r: Resource, generation: number): Promise<unknown> {
  for (let g = generation; ; g++) {
    try {
      const live = await r.create(ctx, (body) => retryToken(ctx.env.name, r.id, g, body));
      // A replayed token or an adopted name can hand back a resource that was changed since: reconcile it.
      const drift = await r.drift(ctx, live);
      return drift.length > 0 && r.update ? await r.update(ctx, live, drift) : live;
    } catch (e) {
      if (!(e instanceof BootstrapError && e.kind === 'stale-replay') || g >= generation + MAX_TOKEN_GENERATIONS) throw e;
    }
  }
}

/** `apply`: create what is missing, wait for what is pending, fix drift, in dependency order and in parallel. */
export async function apply(base: BaseContext, resources: readonly Resource[], options: EngineOptions = {}): Promise<{ results: NodeResult[]; refs: ReadonlyMap<string, Ref> }> {
  const run = new Run(graphOf(resources), options.progress);
  const ctx = contextFor(base, run);
  await walkForward(run, async (r) => {
    const t0 = Date.now();
    let action: Action = 'create';
    try {
      const i = await inspect(ctx, run, r);
      action = i.action;
      let live = i.live;
      switch (i.action) {
        case 'failed':
          throw new BootstrapError(`${r.kind} "${r.name(ctx)}" (${r.id}) is ${r.state(live)}; look at it in the console, then re-run with --replace ${r.id} to delete and re-create it`, 'failed-resource');
        case 'absent':
          run.results.set(r.id, { id: r.id, kind: r.kind, name: r.name(ctx), action, status: 'done', elapsedMs: 0 });
          run.phase(r.id, 'done', 'not enabled');
          return;
        case 'delete':
          run.phase(r.id, 'deleting');
          await r.remove(ctx, live);
          run.refs.delete(r.id);
          break;
        case 'replace':
          run.phase(r.id, 'deleting');
          await r.remove(ctx, live);
          run.phase(r.id, 'creating');
          live = await createFresh(ctx, r, i.dead + 1);
          break;
        case 'create':
          if (i.pending !== undefined && ctx.flags.cancelDeletion && r.revive) {
            run.phase(r.id, 'updating', 'cancelling scheduled deletion');
            live = await r.revive(ctx, i.pending);
          } else {
            run.phase(r.id, 'creating');
            live = await createFresh(ctx, r, i.dead);
          }
          break;
        case 'exists':
          if (classify(r.state(live)) === 'pending') {
            run.phase(r.id, 'creating', `found ${r.state(live)}, waiting`);
            live = await r.waitReady(ctx, live);
            const drift = await r.drift(ctx, live);
            if (drift.length > 0 && r.update) live = await r.update(ctx, live, drift);
          }
          break;
        case 'drift':
          if (!r.update) throw new BootstrapError(`${r.kind} "${r.name(ctx)}" (${r.id}) differs from the environment (${i.drift.join('; ')}) and cannot be changed in place; re-run with --replace ${r.id}`, 'drift');
          run.phase(r.id, 'updating', i.drift.join('; '));
          live = await r.update(ctx, live, i.drift);
          break;
      }
      if (live !== undefined && action !== 'delete') run.refs.set(r.id, refOf(r, live));
      run.results.set(r.id, { id: r.id, kind: r.kind, name: r.name(ctx), action, status: 'done', ocid: live === undefined || action === 'delete' ? undefined : r.ocid(live), detail: i.drift, elapsedMs: elapsedSince(t0) });
      run.phase(r.id, 'done', action);
    } catch (e) {
      fail(run, r, ctx, e, action, t0);
    }
  });
  return { results: ordered(run, resources), refs: run.refs };
}

/** `destroy`: find everything of ours (read-only forward walk), then delete in reverse dependency order. */
/** What destroy takes beyond the engine options. */
export interface DestroyOptions extends EngineOptions {
  /** Look everything up and report what would be deleted (and what refuses), deleting nothing. */
  dryRun?: boolean;
  /**
   * Called once, after every lookup succeeded and no resource refused its removal, right before the first delete:
   * what must happen only when the destroy really goes ahead (the outputs file is marked destroyed).
   */
  beforeDeletes?: () => void;
}

export async function destroy(base: BaseContext, resources: readonly Resource[], options: DestroyOptions = {}): Promise<NodeResult[]> {
  const run = new Run(graphOf(resources), options.progress);
  const ctx = contextFor(base, run);
  const live = new Map<string, unknown>();
  await walkForward(run, async (r) => {
    const t0 = Date.now();
    try {
      // A missing parent means its children cannot exist either (children are listed per parent).
      if (r.deps.some((d) => !run.refs.has(d)) && !independentLookup.has(r.kind)) {
        run.results.set(r.id, { id: r.id, kind: r.kind, name: r.name(ctx), action: 'absent', status: 'planned', elapsedMs: 0 });
        return;
      }
      run.phase(r.id, 'reading');
      let found = await r.find(ctx);
      if (!found.live && found.deleting) {
        // An interrupted destroy left it deleting: its parent can only go once it is gone.
        run.phase(r.id, 'deleting', 'waiting for an earlier delete');
        found = await ctx.waiter.until(`${r.kind} "${r.name(ctx)}"`, r.kind, () => r.find(ctx), (l) => !l.deleting || l.live !== undefined);
      }
      if (found.live) {
        live.set(r.id, found.live);
        run.refs.set(r.id, refOf(r, found.live));
      }
      run.results.set(r.id, { id: r.id, kind: r.kind, name: r.name(ctx), action: found.live ? 'delete' : 'absent', status: 'planned', ocid: found.live ? r.ocid(found.live) : undefined, elapsedMs: elapsedSince(t0) });
      run.phase(r.id, 'done', found.live ? 'delete' : 'absent');
    } catch (e) {
      fail(run, r, ctx, e, 'delete', t0);
    }
  });
  if (run.aborted) return ordered(run, resources);
  const refusals = [...live].flatMap(([id, found]) => {
    const why = run.graph.byId.get(id)?.refuseRemoval?.(ctx, found);
    return why === undefined ? [] : [{ id, why }];
  });
  if (options.dryRun) {
    for (const { id, why } of refusals) {
      const prev = run.results.get(id);
      if (prev) run.results.set(id, { ...prev, detail: [...(prev.detail ?? []), why] });
    }
    return ordered(run, resources);
  }
  if (refusals.length > 0) {
    throw new BootstrapError(`destroy refused, nothing was deleted:\n${refusals.map((r) => `  - ${r.id}: ${r.why}`).join('\n')}`, 'refused');
  }
  options.beforeDeletes?.();
  await walkReverse(run, async (r) => {
    const found = live.get(r.id);
    if (found === undefined) return;
    const t0 = Date.now();
    try {
      run.phase(r.id, 'deleting');
      await r.remove(ctx, found);
      run.results.set(r.id, { id: r.id, kind: r.kind, name: r.name(ctx), action: 'delete', status: 'done', ocid: r.ocid(found), elapsedMs: elapsedSince(t0) });
      run.phase(r.id, 'done', 'deleted');
    } catch (e) {
      fail(run, r, ctx, e, 'delete', t0);
    }
  });
  return ordered(run, resources);
}

/** Kinds whose lookup does not need the parent's OCID (they are listed per compartment), so destroy finds them even when a parent is gone. */
export const independentLookup = new Set<string>(['cluster', 'mysql-db-system', 'vault', 'iam-policy', 'ocir-repository', 'vcn', 'log-group']);

/** Tags helper re-exported for resource modules. */
export function tags(ctx: Context, logicalId: string): FreeformTags {
  return tagsFor(ctx.env.name, logicalId);
}
