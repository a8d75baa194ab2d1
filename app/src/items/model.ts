/** An item as the API returns it. */
export interface Item {
  readonly id: number;
  readonly name: string;
  readonly description: string | null;
  /** Incremented on every write; the ETag is derived from it. */
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** Body of POST and PUT: the full writable state. */
export interface ItemInput {
  name: string;
  description?: string | null;
}

/** Body of PATCH (JSON merge patch): only the fields to change; `description: null` clears it. */
export interface ItemPatch {
  name?: string;
  description?: string | null;
}

/**
 * Largest id the API accepts or returns: ids travel as JSON numbers, exact only up to 2^53 − 1. A larger id in a
 * path would round (2^53 + 1 → 2^53) and reach another row, so it is refused before any statement runs.
 */
export const MAX_ID = Number.MAX_SAFE_INTEGER;
export const NAME_MAX_LENGTH = 200;
export const DESCRIPTION_MAX_LENGTH = 4000;
export const PAGE_SIZE_DEFAULT = 20;
export const PAGE_SIZE_MAX = 100;

/** Strong ETag for a version (If-Match uses strong comparison, so a weak tag would never match). */
export function etagOf(version: number): string {
  return `"${version}"`;
}
