import { z } from 'zod';
import { imageRepository, ocid } from './validators';

/**
 * `config/<env>.outputs.json`: what the bootstrap's `apply` learned from OCI and the charts need.
 * It holds identifiers and endpoints only, never a secret. The loader merges it over the environment
 * file, so an environment file may leave these fields out once the bootstrap has run.
 *
 * ```json
 * {
 *   "schemaVersion": 1,
 *   "clusterId": "ocid1.cluster.oc1.eu-frankfurt-1.aaaa…",
 *   "vaultId": "ocid1.vault.oc1.eu-frankfurt-1.bbbb…",
 *   "loadBalancerSubnetId": "ocid1.subnet.oc1.eu-frankfurt-1.cccc…",
 *   "loadBalancerNsgId": "ocid1.networksecuritygroup.oc1.eu-frankfurt-1.dddd…",
 *   "databaseHost": "10.0.50.12",
 *   "databasePort": 3306,
 *   "imageRepository": "fra.ocir.io/mytenancy/oke-vn/app"
 * }
 * ```
 */
export const outputsSchema = z.strictObject({
  /** Shape version of this file; bumped on incompatible changes. */
  schemaVersion: z.literal(1, { message: 'must be 1; re-run the bootstrap apply to rewrite the file' }),
  /** → cluster.id */
  clusterId: ocid('cluster'),
  /** → vault.id */
  vaultId: ocid('vault'),
  /** → ingress.loadBalancer.subnetId */
  loadBalancerSubnetId: ocid('subnet'),
  /** → ingress.loadBalancer.nsgIds (as the only entry) */
  loadBalancerNsgId: ocid('networksecuritygroup'),
  /** → database.host (private IP of the DB system endpoint) */
  databaseHost: z.string().regex(/^[A-Za-z0-9.-]+$/),
  /** → database.port */
  databasePort: z.number().int().min(1).max(65535),
  /** → app.image.repository (the OCIR repository the bootstrap created) */
  imageRepository,
  /**
   * Set by the bootstrap's `destroy` before it deletes anything (ISO 8601 time): the identifiers above may name
   * deleted resources. The loader then refuses the file instead of letting a synth use them; `apply` rewrites the
   * file without it. @default absent
   */
  destroyedAt: z.iso.datetime({ message: 'must be an ISO 8601 time (written by the bootstrap destroy)' }).optional(),
});

export type Outputs = z.output<typeof outputsSchema>;

type Json = Record<string, unknown>;

function child(obj: Json, key: string): Json {
  const existing = obj[key];
  if (existing !== null && typeof existing === 'object' && !Array.isArray(existing)) return existing as Json;
  const created: Json = {};
  obj[key] = created;
  return created;
}

/** Where each output lands in the environment file (dotted path → value). */
export function outputsAsOverrides(outputs: Outputs): ReadonlyArray<readonly [string, unknown]> {
  return [
    ['cluster.id', outputs.clusterId],
    ['vault.id', outputs.vaultId],
    ['ingress.loadBalancer.subnetId', outputs.loadBalancerSubnetId],
    ['ingress.loadBalancer.nsgIds', [outputs.loadBalancerNsgId]],
    ['database.host', outputs.databaseHost],
    ['database.port', outputs.databasePort],
    ['app.image.repository', outputs.imageRepository],
  ];
}

/** Applies the outputs over the raw (not yet validated) environment document; returns a new object. */
export function mergeOutputs(raw: unknown, outputs: Outputs): unknown {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return raw;
  const merged = structuredClone(raw) as Json;
  for (const [path, value] of outputsAsOverrides(outputs)) {
    const keys = path.split('.');
    const last = keys.pop() as string;
    let node = merged;
    for (const key of keys) node = child(node, key);
    node[last] = value;
  }
  return merged;
}
