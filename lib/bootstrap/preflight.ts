import * as mysql from 'oci-mysql';
import type { Environment } from '../config';
import type { Clients } from './clients';
import { BootstrapError, explain } from './errors';
import { listAll } from './resources/common';
import { desiredRules } from './resources/security-rules';

/** What only OCI can tell, learned with read calls before the first write. */
export interface Discovery {
  homeRegion: string;
  /** Short AD name (EU-FRANKFURT-1-AD-1) → full name (Uocm:EU-FRANKFURT-1-AD-1). */
  availabilityDomains: Map<string, string>;
}

/**
 * Like Promise.all, but waits for every call to finish before failing with the first error, so no SDK call
 * (and its retries) outlives the run.
 */
async function settled<T extends readonly unknown[]>(calls: readonly [...{ [K in keyof T]: Promise<T[K]> }]): Promise<T> {
  const results = await Promise.allSettled(calls);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
  return results.map((r) => (r as PromiseFulfilledResult<unknown>).value) as unknown as T;
}

/** Placeholder OCIDs of config/example.yaml must never reach OCI. */
export function placeholderIssues(env: Environment): string[] {
  const out: string[] = [];
  for (const [field, value] of [['oci.tenancyId', env.oci.tenancyId], ['oci.compartmentId', env.oci.compartmentId]] as const) {
    if (value.includes('example')) out.push(`${field} (got "${value}") is the documented placeholder of config/example.yaml; set the real OCID of your ${field === 'oci.tenancyId' ? 'tenancy' : 'compartment'}`);
  }
  return out;
}

/** OCI allows 120 security rules (ingress plus egress) per network security group (Network Security Groups doc). */
export const NSG_RULE_LIMIT = 120;

/**
 * NSGs whose rule set would exceed OCI's limit: every CIDR in `network.apiEndpointAllowedCidrs` adds one rule and
 * every CIDR in `network.ingressAllowedCidrs` two, so long lists would fail half-way through apply with LimitExceeded.
 */
export function nsgRuleLimitIssues(env: Environment): string[] {
  const fields: Record<string, string> = { 'nsg-api-endpoint': 'network.apiEndpointAllowedCidrs', 'nsg-load-balancer': 'network.ingressAllowedCidrs' };
  return Object.entries(desiredRules(env))
    .filter(([, rules]) => rules.length > NSG_RULE_LIMIT)
    .map(([nsg, rules]) => `${nsg} would hold ${rules.length} security rules but OCI allows ${NSG_RULE_LIMIT} per network security group; `
      + `list fewer CIDRs in ${fields[nsg] ?? 'the environment'} (merge neighbouring ones into a wider block)`);
}

/**
 * Checks the environment against the region: home region, compartment, availability and fault domains,
 * pod shape, MySQL shape and Kubernetes version. Collects every problem, then fails once with all of them.
 */
export async function preflight(env: Environment, clients: Clients): Promise<Discovery> {
  const problems: string[] = [];
  const tenancyId = env.oci.tenancyId;
  const compartmentId = env.oci.compartmentId;
  const read = async <T>(what: string, call: () => Promise<T>): Promise<T> => {
    try { return await call(); } catch (e) { throw explain(e, what); }
  };

  // Independent reads go out together: preflight sits on the critical path of every run.
  const [subscriptions, , ads, mysqlShapes, options] = await settled([
    read(`ListRegionSubscriptions of tenancy ${tenancyId}`, async () => (await clients.identity.listRegionSubscriptions({ tenancyId })).items),
    read(`compartment ${compartmentId} (oci.compartmentId)`, () => clients.identity.getCompartment({ compartmentId })),
    read(`ListAvailabilityDomains in ${env.oci.region}`, async () => (await clients.identity.listAvailabilityDomains({ compartmentId: tenancyId })).items),
    read(`MySQL ListShapes in ${env.oci.region}`, async () => (await clients.mysqlaas.listShapes({ compartmentId, isSupportedFor: [mysql.requests.ListShapesRequest.IsSupportedFor.Dbsystem] })).items),
    read('GetClusterOptions', async () => (await clients.containerEngine.getClusterOptions({ clusterOptionId: 'all', compartmentId })).clusterOptions),
  ]);
  const home = subscriptions.find((s) => s.isHomeRegion);
  if (!home) throw new BootstrapError(`tenancy ${tenancyId} reports no home region; IAM policies cannot be written`, 'preflight');
  if (!subscriptions.some((s) => s.regionName === env.oci.region)) {
    problems.push(`oci.region (got "${env.oci.region}") is not subscribed by the tenancy (subscribed: ${subscriptions.map((s) => s.regionName).join(', ')}); subscribe it or pick one of those`);
  }

  const byShort = new Map(ads.map((a) => [(a.name ?? '').replace(/^[^:]*:/, '').toUpperCase(), a.name as string]));
  const placements = env.virtualNodePool.placement;
  await settled(placements.map(async (p, i) => {
    const full = byShort.get(p.availabilityDomain.toUpperCase());
    if (!full) {
      problems.push(`virtualNodePool.placement[${i}].availabilityDomain (got "${p.availabilityDomain}") does not exist in ${env.oci.region} (there: ${[...byShort.keys()].join(', ')})`);
      return;
    }
    const [fds, shapes] = await settled([
      read(`ListFaultDomains in ${full}`, async () => (await clients.identity.listFaultDomains({ compartmentId, availabilityDomain: full })).items),
      read(`ListPodShapes in ${full}`, () => listAll((page) => clients.containerEngine.listPodShapes({ compartmentId, availabilityDomain: full, page }))),
    ]);
    const known = new Set(fds.map((f) => f.name));
    for (const fd of p.faultDomains) {
      if (!known.has(fd)) problems.push(`virtualNodePool.placement[${i}].faultDomains (got "${fd}") does not exist in ${p.availabilityDomain} (there: ${[...known].join(', ')})`);
    }
    if (!shapes.some((s) => s.name === env.virtualNodePool.podShape)) {
      problems.push(`virtualNodePool.podShape (got "${env.virtualNodePool.podShape}") is not offered in ${p.availabilityDomain} (offered: ${shapes.map((s) => s.name).join(', ') || 'none'}); pick one of those`);
    }
  }));

  if (!mysqlShapes.some((s) => s.name === env.database.shape)) {
    problems.push(`database.shape (got "${env.database.shape}") is not offered in ${env.oci.region} (offered: ${mysqlShapes.map((s) => s.name).join(', ')}); pick one of those`);
  }
  const versions = options.kubernetesVersions ?? [];
  if (!versions.includes(env.cluster.kubernetesVersion)) {
    problems.push(`cluster.kubernetesVersion (got "${env.cluster.kubernetesVersion}") is not offered by OKE in ${env.oci.region} (offered: ${versions.join(', ')})`);
  }

  if (problems.length > 0) {
    throw new BootstrapError(`the environment does not fit region ${env.oci.region} (nothing was created):\n${problems.sort().map((p) => `  - ${p}`).join('\n')}`, 'preflight');
  }
  return { homeRegion: home.regionName, availabilityDomains: new Map([...byShort].filter(([short]) => placements.some((p) => p.availabilityDomain.toUpperCase() === short))) };
}
