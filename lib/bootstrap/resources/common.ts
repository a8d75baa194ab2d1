import type { Context, Lookup } from '../engine';
import { carriesTags, FreeformTags } from '../tags';

/** Follows `opc-next-page` until the list is complete. */
export async function listAll<T>(call: (page: string | undefined) => Promise<{ items: T[]; opcNextPage?: string }>): Promise<T[]> {
  const out: T[] = [];
  let page: string | undefined;
  do {
    const resp = await call(page);
    out.push(...resp.items);
    page = resp.opcNextPage;
  } while (page);
  return out;
}

/** States meaning "deleted" (not "being deleted"). */
const DEAD = new Set(['TERMINATED', 'DELETED']);
const SCHEDULED = new Set(['PENDING_DELETION', 'SCHEDULING_DELETION']);

/**
 * Picks our instance from a list: tags name this environment and logical id; deleted ones are counted,
 * instances scheduled for deletion are set aside (apply does not adopt them), and instances being deleted are
 * treated as gone. Two live instances would mean a duplicate: the oldest wins and the duplicate is reported.
 */
export function pickTagged<R extends { freeformTags?: FreeformTags | null; lifecycleState?: string }>(items: readonly R[], ctx: Context, logicalId: string): Lookup<R> {
  const ours = items.filter((i) => carriesTags(i.freeformTags ?? undefined, ctx.env.name, logicalId));
  const state = (i: R) => String(i.lifecycleState ?? '');
  const dead = ours.filter((i) => DEAD.has(state(i))).length;
  const pendingDeletion = ours.find((i) => SCHEDULED.has(state(i)));
  const live = ours.filter((i) => !DEAD.has(state(i)) && !SCHEDULED.has(state(i)) && state(i) !== 'TERMINATING' && state(i) !== 'DELETING');
  const going = ours.filter((i) => state(i) === 'TERMINATING' || state(i) === 'DELETING' || state(i) === 'SCHEDULING_DELETION');
  return { live: live[0], pendingDeletion, dead: dead + going.length, deleting: going.length > 0 };
}

/** Shorthand for `ctx.env.oci.compartmentId`. */
export function compartment(ctx: Context): string {
  return ctx.env.oci.compartmentId;
}

/** "field: have → want" */
export function diff(field: string, have: unknown, want: unknown): string | undefined {
  const h = JSON.stringify(have);
  const w = JSON.stringify(want);
  return h === w ? undefined : `${field}: ${h} → ${w}`;
}

export function defined<T>(xs: ReadonlyArray<T | undefined>): T[] {
  return xs.filter((x): x is T => x !== undefined);
}
