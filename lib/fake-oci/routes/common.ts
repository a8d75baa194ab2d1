import type { FakeCore } from '../core';
import { invalidParameter, missingParameter, notFound, OciApiError } from '../errors';
import { LIFECYCLES, type Phase, type ResourceKind, reschedule } from '../lifecycle';
import type { HandlerContext, HandlerResult } from '../router';
import type { StoredResource } from '../store';

type Json = Record<string, unknown>;

/** The request body as an object; 400 CannotParseRequest when it is not one. */
export function bodyOf<T extends object>(ctx: HandlerContext): T {
  const body = ctx.body ?? {};
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new OciApiError(400, 'CannotParseRequest', 'The request body must be a JSON object.');
  }
  return body as T;
}

/** A required field of a request body; 400 MissingParameter names it. */
export function required<T extends object, F extends keyof T>(details: T, field: F): NonNullable<T[F]> {
  const value = details[field];
  if (value === undefined || value === null || value === '') throw missingParameter(String(field));
  return value as NonNullable<T[F]>;
}

/** 404 unless the compartment is the tenancy or a live compartment (OCI hides what you cannot see). */
export function requireCompartment(core: FakeCore, compartmentId: string | undefined, field = 'compartmentId'): string {
  if (!compartmentId) throw missingParameter(field);
  if (compartmentId === core.options.tenancyId) return compartmentId;
  const compartment = core.store.get('compartment', compartmentId);
  if (!compartment || core.store.state(compartment) !== 'ACTIVE') throw notFound(`compartment ${compartmentId}`);
  return compartmentId;
}

/** A live resource of the kind, else 404 NotAuthorizedOrNotFound. */
export function requireResource<K extends ResourceKind>(core: FakeCore, kind: K, id: string | undefined): StoredResource<K> {
  const found = id ? core.store.get(kind, id) : undefined;
  if (!found) throw notFound(`${kind} ${id ?? '(none)'}`);
  return found;
}

/** IAM writes are accepted only in the home region (docs/oci-sdk.md §8). */
export function requireHomeRegion(core: FakeCore): void {
  if (core.options.region !== core.options.homeRegion) {
    throw new OciApiError(403, 'NotAllowed',
      `Please go to your home region ${core.options.homeRegion} to execute CREATE, UPDATE and DELETE operations.`);
  }
}

/** 412 when `if-match` is sent and differs from the resource's etag. */
export function checkIfMatch(ctx: HandlerContext, resource: StoredResource): void {
  const ifMatch = ctx.headers['if-match'];
  if (typeof ifMatch === 'string' && ifMatch !== ctx.core.store.etag(resource)) {
    throw new OciApiError(412, 'NoEtagMatch', `The if-match etag ${ifMatch} does not match the resource's current etag.`);
  }
}

/** Create-time phases of a kind: creating now, ready after the scaled duration. */
export function createPhases(core: FakeCore, kind: keyof typeof LIFECYCLES): Phase[] {
  const spec = LIFECYCLES[kind];
  const now = core.clock.now();
  if (spec.createMs === 0 || spec.creating === spec.ready) return [{ state: spec.ready, at: now }];
  return [{ state: spec.creating, at: now }, { state: spec.ready, at: now + core.clock.scaled(spec.createMs) }];
}

/** Starts a delete: deleting now, deleted after the scaled duration, then gone (404) if the kind vanishes. */
export function scheduleDelete(core: FakeCore, resource: StoredResource, kind: keyof typeof LIFECYCLES): void {
  const spec = LIFECYCLES[kind];
  const now = core.clock.now();
  const deletedAt = now + core.clock.scaled(spec.deleteMs);
  const next: Phase[] = [{ state: spec.deleting, at: now }, { state: spec.deleted, at: deletedAt }];
  if (spec.goneAfterMs !== undefined) next.push({ state: '__GONE__', at: deletedAt + core.clock.scaled(spec.goneAfterMs) });
  reschedule(resource.phases, now, next);
  core.store.touch(resource);
}

/** Whether the resource is in one of the states (current clock). */
export function isIn(core: FakeCore, resource: StoredResource, ...states: string[]): boolean {
  return states.includes(core.store.state(resource));
}

/** 200 + the resource view + etag. */
export function resourceResult(core: FakeCore, resource: StoredResource, status = 200): HandlerResult {
  return { status, json: core.store.view(resource), headers: { etag: core.store.etag(resource) } };
}

/** Resources that are deleted for good (TERMINATED/DELETED) are hidden unless asked for by state. */
export function filterByState(core: FakeCore, resources: StoredResource[], wanted: string[]): StoredResource[] {
  if (wanted.length > 0) return resources.filter((r) => wanted.includes(core.store.state(r)));
  return resources;
}

/** Applies `limit` + `page` (page token = offset) and sets `opc-next-page`. */
export function paged(ctx: HandlerContext, items: unknown[]): HandlerResult {
  const limitText = ctx.query.one('limit');
  const pageText = ctx.query.one('page');
  const limit = limitText === undefined ? 1000 : Number(limitText);
  if (!Number.isInteger(limit) || limit < 1) throw invalidParameter('limit', `"${limitText}" must be a positive integer`);
  const offset = pageText === undefined ? 0 : Number(pageText);
  if (!Number.isInteger(offset) || offset < 0) throw invalidParameter('page', `"${pageText}" is not a page token from opc-next-page`);
  const slice = items.slice(offset, offset + limit);
  const headers: Record<string, string> = {};
  if (offset + limit < items.length) headers['opc-next-page'] = String(offset + limit);
  return { json: slice, headers };
}

/** List a kind in a compartment with the usual exact-match filters. */
export function listKind<K extends ResourceKind>(
  ctx: HandlerContext,
  kind: K,
  filters: { nameField?: string; nameParam?: string; parentParam?: string; requireCompartment?: boolean } = {},
): StoredResource<K>[] {
  const { core, query } = ctx;
  const compartmentId = query.one('compartmentId');
  if (filters.requireCompartment !== false || compartmentId !== undefined) requireCompartment(core, compartmentId);
  const name = filters.nameParam ? query.one(filters.nameParam) : undefined;
  const parent = filters.parentParam ? query.one(filters.parentParam) : undefined;
  const states = query.all('lifecycleState');
  const all = core.store.list(kind).filter((r) => {
    if (compartmentId !== undefined && r.compartmentId !== compartmentId) return false;
    if (parent !== undefined && r.parentId !== parent) return false;
    if (name !== undefined && (r.body as unknown as Json)[filters.nameField ?? 'displayName'] !== name) return false;
    return true;
  });
  return filterByState(core, all, states) as StoredResource<K>[];
}

/** freeformTags / definedTags with OCI's defaults ({}). */
export function tagsOf(details: { freeformTags?: { [key: string]: string }; definedTags?: { [key: string]: { [key: string]: object } } }): {
  freeformTags: { [key: string]: string };
  definedTags: { [key: string]: { [key: string]: object } };
} {
  return { freeformTags: details.freeformTags ?? {}, definedTags: details.definedTags ?? {} };
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Vault/key/secret deletion is only scheduled: SCHEDULING_DELETION → PENDING_DELETION (scaled), then
 * DELETED at `timeOfDeletion` (absolute clock time, not scaled; advance the clock to get there).
 * Returns the deletion time. 400 when the requested time is outside the allowed window.
 */
export function scheduleDeletionAt(
  core: FakeCore, resource: StoredResource, requested: string | Date | undefined, minDays: number, maxDays: number,
): Date {
  const now = core.clock.now();
  const at = requested === undefined ? now + maxDays * DAY_MS : new Date(requested).getTime();
  if (Number.isNaN(at)) throw invalidParameter('timeOfDeletion', `"${String(requested)}" is not an RFC 3339 date`);
  // One minute of slack: clients compute the date a moment before the call arrives.
  if (at < now + minDays * DAY_MS - 60_000 || at > now + maxDays * DAY_MS + 60_000) {
    throw invalidParameter('timeOfDeletion', `must be between ${minDays} and ${maxDays} days from now`);
  }
  const pendingAt = now + core.clock.scaled(5_000);
  reschedule(resource.phases, now, [
    { state: 'SCHEDULING_DELETION', at: now },
    { state: 'PENDING_DELETION', at: Math.min(pendingAt, at) },
    { state: 'DELETED', at },
  ]);
  core.store.touch(resource);
  return new Date(at);
}

/** Cancels a scheduled deletion: CANCELLING_DELETION → the ready state (scaled). */
export function cancelDeletion(core: FakeCore, resource: StoredResource, readyState: string): void {
  const now = core.clock.now();
  reschedule(resource.phases, now, [
    { state: 'CANCELLING_DELETION', at: now },
    { state: readyState, at: now + core.clock.scaled(5_000) },
  ]);
  core.store.touch(resource);
}
