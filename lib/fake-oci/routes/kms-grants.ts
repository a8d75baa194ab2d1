import type { FakeCore } from '../core';
import { reschedule } from '../lifecycle';
import type { StoredResource } from '../store';

/**
 * Whether OKE may use a Vault key for a cluster's etcd encryption. Oracle ("Encrypting Kubernetes Secrets at Rest in
 * Etcd", contengencryptingdata.htm) requires a policy that lets cluster principals use the key before the cluster is
 * created; the narrowest form is
 * `Allow any-user to use keys in compartment id <c> where ALL {request.principal.type = 'cluster', target.key.id = '<key>'}`.
 *
 * This fake recognises `any-user` grants of `use`/`manage` on `keys`/`key-family`/`all-resources` in the key's
 * compartment (by OCID) or the tenancy, without a condition or with an ALL/ANY condition list over
 * `request.principal.type` and `target.key.id`; any other variable makes the condition false (the fake cannot judge it).
 */
const GRANT = /^allow\s+any-user\s+to\s+(?:use|manage)\s+(?:keys|key-family|all-resources)\s+in\s+(tenancy|compartment\s+id\s+(\S+))(?:\s+where\s+(.+))?$/i;
const CONDITION = /^([a-z.]+)\s*=\s*'?([^']*)'?$/i;

interface Target { compartmentId: string; keyId: string }

function conditionHolds(text: string, target: Target): boolean {
  const m = CONDITION.exec(text.trim());
  if (!m) return false;
  const [, variable, value] = m;
  switch (variable!.toLowerCase()) {
    case 'request.principal.type': return value === 'cluster';
    case 'target.key.id': return value === target.keyId;
    default: return false;
  }
}

function whereHolds(where: string | undefined, target: Target): boolean {
  if (where === undefined) return true;
  const list = /^(all|any)\s*\{(.*)\}$/is.exec(where.trim());
  if (!list) return conditionHolds(where, target);
  const conditions = list[2]!.split(',').map((c) => c.trim()).filter(Boolean);
  return list[1]!.toLowerCase() === 'all' ? conditions.every((c) => conditionHolds(c, target)) : conditions.some((c) => conditionHolds(c, target));
}

function statementGrants(statement: string, target: Target): boolean {
  const m = GRANT.exec(statement.trim());
  if (!m) return false;
  const inTenancy = m[1]!.toLowerCase() === 'tenancy';
  if (!inTenancy && m[2] !== target.compartmentId) return false;
  return whereHolds(m[3], target);
}

/** A reason OKE cannot use the key for a new cluster, or undefined when an ACTIVE policy allows it. */
export function clusterKeyAccessProblem(core: FakeCore, key: StoredResource<'key'>): string | undefined {
  const target = { compartmentId: key.compartmentId, keyId: key.id };
  if (core.store.state(key) !== 'ENABLED') return `the master encryption key ${key.id} is ${core.store.state(key)}, not ENABLED`;
  const allowed = core.store.list('policy').some((p) => core.store.state(p) === 'ACTIVE' && p.body.statements.some((s) => statementGrants(s, target)));
  if (allowed) return undefined;
  return `Kubernetes Engine is not authorized to use the master encryption key ${key.id}: no policy allows request.principal.type = 'cluster' to use keys in compartment id ${key.compartmentId}`;
}

/**
 * The create was accepted, but the cluster cannot encrypt etcd with its key: it goes FAILED after a while (realistic
 * 60 s, scaled), with the reason in `lifecycleDetails`, and its create work request fails with it.
 */
export function failClusterCreate(core: FakeCore, cluster: StoredResource<'cluster'>, workRequestId: string, reason: string): void {
  const now = core.clock.now();
  const failAt = now + core.clock.scaled(60_000);
  reschedule(cluster.phases, now, [{ state: 'CREATING', at: now }, { state: 'FAILED', at: failAt }]);
  cluster.body.lifecycleDetails = reason;
  const wr = core.store.get('ceWorkRequest', workRequestId);
  if (wr) {
    const started = wr.phases.filter((p) => p.state === 'IN_PROGRESS' && p.at > now && p.at < failAt);
    reschedule(wr.phases, now, [...started, { state: 'FAILED', at: failAt }]);
  }
  core.store.touch(cluster);
}
