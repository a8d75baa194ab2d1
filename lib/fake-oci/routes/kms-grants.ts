import type { FakeCore } from '../core';
import { type Condition, isWithin, locationCompartment, parseStatement, type Statement } from '../validation/iam-policy';
import { policyContext } from './identity';
import type { StoredResource } from '../store';

/**
 * Whether OKE may use a Vault key for a cluster's etcd encryption. Oracle ("Encrypting Kubernetes Secrets at Rest in
 * Etcd", contengencryptingdata.htm) requires a policy that lets cluster principals use the key before the cluster is
 * created; the narrowest form is
 * `Allow any-user to use keys in compartment id <c> where ALL {request.principal.type = 'cluster', target.key.id = '<key>'}`.
 *
 * Every ACTIVE policy's statements are read with the fake's IAM policy parser (validation/iam-policy) and evaluated
 * for the request "a cluster uses this key": an Allow for `any-user` (the subject Oracle's page writes) of `use` or
 * `manage` on `keys`, `key-family` or `all-resources`, in the tenancy or in the key's compartment or one above it
 * (policies are inherited downwards), whose condition holds. Conditions are evaluated as a tree (all/any, = and !=,
 * quoted values and /patterns/, case-insensitively as IAM matches) over the variables this request has:
 * request.principal.type, target.key.id, target.vault.id, target.compartment.id. A condition on any other variable
 * is false: the fake cannot judge it, and a grant it cannot prove does not count.
 */

/** What the request "OKE uses this key for a cluster" carries, by lower-cased variable name. */
type RequestVariables = ReadonlyMap<string, string>;

const GRANTING_VERBS = new Set(['use', 'manage']);
const KEY_RESOURCE_TYPES = new Set(['keys', 'key-family', 'all-resources']);

// An IAM /pattern/: a star matches any run of characters (Conditions page: prefix, suffix and infix patterns).
function matchesPattern(pattern: string, value: string): boolean {
  const re = new RegExp(`^${pattern.split('*').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, 'i');
  return re.test(value);
}

function holds(condition: Condition, request: RequestVariables): boolean {
  switch (condition.kind) {
    case 'all': return condition.conditions.every((c) => holds(c, request));
    case 'any': return condition.conditions.some((c) => holds(c, request));
    case 'compare': {
      const actual = request.get(condition.variable.text.toLowerCase());
      const { value } = condition;
      // A variable this request lacks, or a right-hand side that is another variable: not provable here.
      if (actual === undefined || (value.kind !== 'string' && value.kind !== 'pattern')) return false;
      const equal = value.kind === 'pattern' ? matchesPattern(value.text, actual) : value.text.toLowerCase() === actual.toLowerCase();
      return condition.operator === '=' ? equal : !equal;
    }
  }
}

function grantsKeyUse(statement: Statement, core: FakeCore, policy: StoredResource<'policy'>, key: StoredResource<'key'>, request: RequestVariables): boolean {
  if (statement.kind !== 'allow') return false;
  if (!statement.subjects.some((s) => s.kind === 'any-user')) return false;
  const { grant } = statement;
  if (grant.kind !== 'verb' || !GRANTING_VERBS.has(grant.verb) || !KEY_RESOURCE_TYPES.has(grant.resourceType.text.toLowerCase())) return false;
  const ctx = policyContext(core, policy.compartmentId);
  const where = locationCompartment(statement.location, ctx);
  if (where === null) return false;
  if (where !== undefined && !isWithin(key.compartmentId, where.id, ctx)) return false;
  return statement.where === undefined || holds(statement.where, request);
}

/** A reason OKE cannot use the key for a new cluster, or undefined when an ACTIVE policy allows it. */
export function clusterKeyAccessProblem(core: FakeCore, key: StoredResource<'key'>): string | undefined {
  if (core.store.state(key) !== 'ENABLED') return `the master encryption key ${key.id} is ${core.store.state(key)}, not ENABLED`;
  const request: RequestVariables = new Map([
    ['request.principal.type', 'cluster'],
    ['target.key.id', key.id],
    ['target.vault.id', key.body.vaultId],
    ['target.compartment.id', key.compartmentId],
  ]);
  const allowed = core.store.list('policy').some((p) => core.store.state(p) === 'ACTIVE'
    // Stored statements passed the parser when the policy was created or updated.
    && p.body.statements.some((s) => grantsKeyUse(parseStatement(s), core, p, key, request)));
  if (allowed) return undefined;
  return `Kubernetes Engine is not authorized to use the master encryption key ${key.id}: no policy allows request.principal.type = 'cluster' to use keys in compartment id ${key.compartmentId}`;
}
