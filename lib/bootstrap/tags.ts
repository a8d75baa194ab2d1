import { createHash } from 'crypto';

/** Freeform tag keys every resource carries; list calls cannot filter by tag, so lookups filter client-side. */
export const TAG = {
  project: 'oke-vn-project',
  environment: 'oke-vn-environment',
  logicalId: 'oke-vn-logical-id',
} as const;

/** Value of the project tag. */
export const PROJECT = 'oke-vn';

export type FreeformTags = { [key: string]: string };

export function tagsFor(environment: string, logicalId: string): FreeformTags {
  return { [TAG.project]: PROJECT, [TAG.environment]: environment, [TAG.logicalId]: logicalId };
}

/** True when a resource's freeform tags name this project, environment and logical id. */
export function carriesTags(tags: FreeformTags | undefined | null, environment: string, logicalId?: string): boolean {
  if (!tags) return false;
  return tags[TAG.project] === PROJECT && tags[TAG.environment] === environment && (logicalId === undefined || tags[TAG.logicalId] === logicalId);
}

/** Stable JSON (sorted keys) so equal specs hash equally. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * Deterministic `opc-retry-token`: the same logical resource with the same create body gets the same token
 * in every process, so a create whose answer was lost (connection drop, killed process) is replayed by OCI
 * instead of duplicated. `generation` counts earlier, now deleted instances, so re-creating after a destroy
 * does not replay the deleted one.
 */
export function retryToken(environment: string, logicalId: string, generation: number, body: unknown): string {
  return createHash('sha256').update(`${PROJECT}:${environment}:${logicalId}:${generation}:${stableJson(body)}`).digest('hex').slice(0, 64);
}
