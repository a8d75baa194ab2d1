import * as identity from 'oci-identity';
import { vaultReaders } from '../../config/vault-readers';
import type { Context, Resource } from '../engine';
import { tags } from '../engine';
import { statusOf } from '../errors';
import { carriesTags } from '../tags';
import { defined, diff, listAll, pickTagged } from './common';
import { CLUSTER } from './cluster';
import { VAULT } from './vault';

export const IAM = { workloadIdentity: 'policy-workload-identity', virtualNodeEndorse: 'policy-virtual-node-endorse', clusterKms: CLUSTER.kmsPolicy } as const;

/** Oracle's tenancy and compartment of the virtual-node service (docs/virtual-nodes.md §7, older doc version). */
const SKE_TENANCY = 'ocid1.tenancy.oc1..aaaaaaaacrvwsphodcje6wfbc3xsixhzcan5zihki6bvc7xkwqds4tqhzbaq';
const SKE_COMPARTMENT = 'ocid1.compartment.oc1..aaaaaaaa2bou6r766wmrh5zt3vhu2rwdya7ahn4dfdtwzowb662cmtdc5fea';

/**
/**
 * `read secret-bundles` for exactly the ServiceAccounts that read the vault, each for exactly the secrets it reads
 * (lib/config/vault-readers.ts: the app's, the DB-user Job's, those of the environment's workloads, `vault.readers`):
 * one statement per ServiceAccount and secret, scoped to its namespace and ServiceAccount in this cluster, to this vault
 * and to the secret by name (`target.secret.name`, Oracle "Details for the Vault Service"). Only the DB-user Job's
 * ServiceAccount, in a namespace of its own, reads the admin password (docs/virtual-nodes.md §8). One flat `all {}` per
 * secret rather than a nested `any {}` of names: Oracle documents `all`/`any` lists of conditions, not nesting.
 */
export function workloadIdentityStatements(ctx: Context): string[] {
  const env = ctx.env;
  return vaultReaders(env).flatMap((reader) => reader.secrets.map((secret) => `Allow any-user to read secret-bundles in compartment id ${env.oci.compartmentId} where all {`
    + `request.principal.type = 'workload', `
    + `request.principal.namespace = '${reader.namespace}', `
    + `request.principal.service_account = '${reader.serviceAccount}', `
    + `request.principal.cluster_id = '${ctx.ref(CLUSTER.cluster).ocid}', `
    + `target.vault.id = '${ctx.ref(VAULT.vault).ocid}', `
    + `target.secret.name = '${secret}'}`));
}

/**
 * Lets OKE clusters use exactly our vault key for etcd encryption (Oracle, "Encrypting Kubernetes Secrets at Rest in
 * Etcd"): it must exist before the cluster is created, so the cluster depends on it.
 */
export function clusterKmsStatements(ctx: Context): string[] {
  return [
    `Allow any-user to use keys in compartment id ${ctx.env.oci.compartmentId} where ALL {request.principal.type = 'cluster', target.key.id = '${ctx.ref(VAULT.key).ocid}'}`,
  ];
}

/** The virtual-node endorse statements (Oracle's older doc; optional, tenancy level). Keeps Oracle's literal `2.subnet.id`. */
export function endorseStatements(): string[] {
  return [
    `define tenancy ske as ${SKE_TENANCY}`,
    `define compartment ske_compartment as ${SKE_COMPARTMENT}`,
    "endorse any-user to associate compute-container-instances in compartment ske_compartment of tenancy ske with subnets in tenancy where ALL {request.principal.type='virtualnode',request.operation='CreateContainerInstance',request.principal.subnet=2.subnet.id}",
    "endorse any-user to associate compute-container-instances in compartment ske_compartment of tenancy ske with vnics in tenancy where ALL {request.principal.type='virtualnode',request.operation='CreateContainerInstance',request.principal.subnet=2.subnet.id}",
    "endorse any-user to associate compute-container-instances in compartment ske_compartment of tenancy ske with network-security-group in tenancy where ALL {request.principal.type='virtualnode',request.operation='CreateContainerInstance'}",
  ];
}

interface PolicySpec {
  id: string;
  deps: string[];
  /** Policy names are unique tenancy-wide, so they include the environment. */
  name(ctx: Context): string;
  compartmentId(ctx: Context): string;
  description: string;
  statements(ctx: Context): string[];
  enabled?(ctx: Context): boolean;
}

/** IAM writes go to the home region; the policy's name is its key, so a name clash is adopted (F4). */
function policy(s: PolicySpec): Resource<identity.models.Policy> {
  const home = (ctx: Context) => ctx.clients.identityHome(ctx.homeRegion);
  const byName = async (ctx: Context) => listAll((page) => home(ctx).listPolicies({ compartmentId: s.compartmentId(ctx), name: s.name(ctx), page }));
  const wait = (ctx: Context, p: identity.models.Policy, justCreated: boolean) => ctx.waiter.until(`policy "${s.name(ctx)}"`, 'iam-policy',
    async () => (await home(ctx).getPolicy({ policyId: p.id })).policy, (x) => x.lifecycleState === 'ACTIVE', undefined,
    {
      justCreated,
      isDead: (x) => x.lifecycleState === 'DELETED' || x.lifecycleState === 'DELETING',
      confirmExists: async () => (await byName(ctx)).some((i) => i.id === p.id && i.lifecycleState !== 'DELETED'),
    });
  const reconcile = async (ctx: Context, p: identity.models.Policy) => wait(ctx, (await home(ctx).updatePolicy({
    policyId: p.id,
    updatePolicyDetails: { statements: s.statements(ctx), description: s.description, freeformTags: { ...(p.freeformTags ?? {}), ...tags(ctx, s.id) } },
  })).policy, false);
  const r: Resource<identity.models.Policy> = {
    id: s.id,
    kind: 'iam-policy',
    deps: s.deps,
    name: s.name,
    enabled: s.enabled,
    find: async (ctx) => pickTagged(await byName(ctx), ctx, s.id),
    ocid: (p) => p.id,
    state: (p) => String(p.lifecycleState),
    drift: (ctx, p) => defined([
      diff('statements', p.statements, s.statements(ctx)),
      carriesTags(p.freeformTags, ctx.env.name, s.id) ? undefined : 'freeformTags: ours missing',
    ]),
    async create(ctx, token) {
      const details: identity.models.CreatePolicyDetails = { compartmentId: s.compartmentId(ctx), name: s.name(ctx), description: s.description, statements: s.statements(ctx), freeformTags: tags(ctx, s.id) };
      try {
        return await wait(ctx, (await home(ctx).createPolicy({ createPolicyDetails: details, opcRetryToken: token(details) })).policy, true);
      } catch (e) {
        if (statusOf(e) !== 409) throw e;
        // The name is taken (by an earlier run that lost its tags, or by hand): take it over.
        const existing = (await byName(ctx)).find((p) => p.lifecycleState !== 'DELETED');
        if (!existing) throw e;
        ctx.note(s.id, carriesTags(existing.freeformTags, ctx.env.name, s.id) ? 'found' : 'adopting existing policy');
        return reconcile(ctx, existing);
      }
    },
    waitReady: (ctx, p) => wait(ctx, p, false),
    update: (ctx, p) => reconcile(ctx, p),
    async remove(ctx, p) {
      await home(ctx).deletePolicy({ policyId: p.id });
      await ctx.waiter.untilGone(`policy "${s.name(ctx)}"`, 'iam-policy', async () => (await home(ctx).getPolicy({ policyId: p.id })).policy, (x) => x.lifecycleState === 'DELETED');
    },
  };
  return r;
}

export const workloadIdentityPolicy = policy({
  id: IAM.workloadIdentity,
  deps: [CLUSTER.cluster, VAULT.vault],
  name: (ctx) => `oke-vn-${ctx.env.name}-workload-identity`,
  compartmentId: (ctx) => ctx.env.oci.compartmentId,
  description: 'oke-vn: lets each vault reader ServiceAccount (app, DB-user Job, workloads) read exactly its secret bundles (Workload Identity)',
  statements: workloadIdentityStatements,
});

export const virtualNodeEndorsePolicy = policy({
  id: IAM.virtualNodeEndorse,
  deps: [],
  name: (ctx) => `oke-vn-${ctx.env.name}-virtual-node-endorse`,
  compartmentId: (ctx) => ctx.env.oci.tenancyId,
  description: 'oke-vn: lets OKE virtual nodes attach container instances to our subnets and NSGs (older Oracle doc)',
  statements: endorseStatements,
  enabled: (ctx) => ctx.flags.endorsePolicy,
});

export const clusterKmsPolicy = policy({
  id: IAM.clusterKms,
  deps: [VAULT.key],
  name: (ctx) => `oke-vn-${ctx.env.name}-cluster-kms`,
  compartmentId: (ctx) => ctx.env.oci.compartmentId,
  description: 'oke-vn: lets OKE clusters use the vault key to encrypt Kubernetes Secrets in etcd',
  statements: clusterKmsStatements,
});

export const iamResources: Resource[] = [clusterKmsPolicy, workloadIdentityPolicy, virtualNodeEndorsePolicy] as Resource[];
