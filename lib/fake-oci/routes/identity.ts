import type * as identity from 'oci-identity';
import type { FakeCore } from '../core';
import { conflict, invalidParameter, notFound } from '../errors';
import type { HandlerContext, HandlerResult, Route } from '../router';
import type { StoredResource } from '../store';
import { availabilityDomainNames, faultDomainNames } from '../seed';
import { checkPolicyStatements, type PolicyCompartment, type PolicyContext } from '../validation/iam-policy';
import {
  bodyOf, checkIfMatch, createPhases, isIn, listKind, paged, requireCompartment, required, requireHomeRegion,
  requireResource, resourceResult, scheduleDelete, tagsOf,
} from './common';

const V = '/20160918';
const NAME = /^[A-Za-z0-9._-]{1,100}$/;

function checkName(field: string, name: string): void {
  if (!NAME.test(name)) throw invalidParameter(field, `"${name}" must be 1-100 letters, digits, '.', '_' or '-'`);
}

/** Names of IAM objects are unique; one in DELETED state no longer counts. */
function liveNamed(core: FakeCore, kind: 'policy' | 'dynamicGroup' | 'compartment', name: string, parent?: string): StoredResource | undefined {
  return core.store.list(kind).find((r) => (r.body as { name: string }).name === name && !isIn(core, r, 'DELETED', 'DELETING')
    && (parent === undefined || r.compartmentId === parent));
}

/** This tenancy's live compartments and dynamic groups as a policy attached to `policyCompartmentId` sees them. */
export function policyContext(core: FakeCore, policyCompartmentId: string): PolicyContext {
  const compartment = (id: string): PolicyCompartment | undefined => {
    if (id === core.options.tenancyId) return { id, name: core.options.tenancyName };
    const c = core.store.get('compartment', id);
    return c && isIn(core, c, 'ACTIVE') ? { id, name: c.body.name, parentId: c.compartmentId } : undefined;
  };
  return {
    policyCompartmentId,
    compartment,
    children: (id) => core.store.list('compartment').filter((c) => c.compartmentId === id && isIn(core, c, 'ACTIVE'))
      .map((c) => ({ id: c.id, name: c.body.name, parentId: id })),
    dynamicGroupExists: (name) => liveNamed(core, 'dynamicGroup', name) !== undefined,
  };
}

/** Policy statements parsed and checked against this tenancy's compartments and dynamic groups (validation/iam-policy). */
function checkStatements(core: FakeCore, policyCompartmentId: string, statements: string[]): void {
  checkPolicyStatements(statements, policyContext(core, policyCompartmentId));
}

function listAvailabilityDomains(ctx: HandlerContext): HandlerResult {
  const { core } = ctx;
  const compartmentId = requireCompartment(core, ctx.query.one('compartmentId'));
  const items: identity.models.AvailabilityDomain[] = availabilityDomainNames(core).map((name, i) => ({
    name, id: `ocid1.availabilitydomain.oc1..aaaaaaaafake${core.options.regionKey.toLowerCase()}ad${i + 1}00000000`, compartmentId,
  }));
  return { json: items };
}

function listFaultDomains(ctx: HandlerContext): HandlerResult {
  const { core } = ctx;
  const compartmentId = requireCompartment(core, ctx.query.one('compartmentId'));
  const ad = ctx.query.one('availabilityDomain');
  if (!ad) throw invalidParameter('availabilityDomain', 'is required (see listAvailabilityDomains)');
  if (!availabilityDomainNames(core).includes(ad)) throw invalidParameter('availabilityDomain', `"${ad}" is not an AD of ${core.options.region}`);
  const items: identity.models.FaultDomain[] = faultDomainNames(core).map((name, i) => ({
    name, id: `ocid1.faultdomain.oc1..aaaaaaaafake${core.options.regionKey.toLowerCase()}fd${i + 1}00000000`, compartmentId, availabilityDomain: ad,
  }));
  return { json: items };
}

function requireTenancy(core: FakeCore, tenancyId: string | undefined): void {
  if (tenancyId !== core.options.tenancyId) throw notFound(`tenancy ${tenancyId ?? ''}`);
}

function listRegionSubscriptions(ctx: HandlerContext): HandlerResult {
  const { core } = ctx;
  requireTenancy(core, ctx.params.tenancyId);
  const o = core.options;
  const regions = [...new Set([o.homeRegion, o.region])];
  const items = regions.map((regionName) => ({
    regionName, regionKey: regionName === o.homeRegion ? o.homeRegionKey : o.regionKey, status: 'READY', isHomeRegion: regionName === o.homeRegion,
  }));
  return { json: items };
}

function getTenancy(ctx: HandlerContext): HandlerResult {
  const { core } = ctx;
  requireTenancy(core, ctx.params.tenancyId);
  const tenancy: identity.models.Tenancy = {
    id: core.options.tenancyId, name: core.options.tenancyName, description: 'Fake OCI tenancy', homeRegionKey: core.options.homeRegionKey,
    freeformTags: {}, definedTags: {},
  };
  return { json: tenancy };
}

function createCompartment(ctx: HandlerContext): HandlerResult {
  const { core } = ctx;
  requireHomeRegion(core);
  const d = bodyOf<identity.models.CreateCompartmentDetails>(ctx);
  const parent = requireCompartment(core, d.compartmentId);
  const name = required(d, 'name');
  checkName('name', name);
  const description = required(d, 'description');
  if (liveNamed(core, 'compartment', name, parent)) throw conflict(`A compartment named "${name}" already exists in ${parent}.`);
  const id = core.ids.global('compartment');
  const stored = core.store.put('compartment', {
    id, compartmentId: parent, phases: createPhases(core, 'compartment'),
    body: { id, compartmentId: parent, name, description, timeCreated: core.clock.date(), isAccessible: true, ...tagsOf(d) },
  });
  return resourceResult(core, stored);
}

function createPolicy(ctx: HandlerContext): HandlerResult {
  const { core } = ctx;
  requireHomeRegion(core);
  const d = bodyOf<identity.models.CreatePolicyDetails>(ctx);
  const compartmentId = requireCompartment(core, d.compartmentId);
  const name = required(d, 'name');
  checkName('name', name);
  const description = required(d, 'description');
  const statements = required(d, 'statements');
  checkStatements(core, compartmentId, statements);
  if (liveNamed(core, 'policy', name)) throw conflict(`Policy '${name}' already exists in the tenancy.`);
  const id = core.ids.global('policy');
  const stored = core.store.put('policy', {
    id, compartmentId, phases: createPhases(core, 'policy'),
    body: { id, compartmentId, name, description, statements, timeCreated: core.clock.date(), ...tagsOf(d) },
  });
  return resourceResult(core, stored);
}

function updatePolicy(ctx: HandlerContext): HandlerResult {
  const { core } = ctx;
  requireHomeRegion(core);
  const policy = requireResource(core, 'policy', ctx.params.policyId);
  checkIfMatch(ctx, policy);
  const d = bodyOf<identity.models.UpdatePolicyDetails>(ctx);
  if (d.statements !== undefined) {
    checkStatements(core, policy.compartmentId, d.statements);
    policy.body.statements = d.statements;
  }
  if (d.description !== undefined) policy.body.description = d.description;
  if (d.freeformTags !== undefined) policy.body.freeformTags = d.freeformTags;
  if (d.definedTags !== undefined) policy.body.definedTags = d.definedTags;
  core.store.touch(policy);
  return resourceResult(core, policy);
}

function deletePolicy(ctx: HandlerContext): HandlerResult {
  const { core } = ctx;
  requireHomeRegion(core);
  const policy = requireResource(core, 'policy', ctx.params.policyId);
  checkIfMatch(ctx, policy);
  if (!isIn(core, policy, 'DELETING', 'DELETED')) scheduleDelete(core, policy, 'policy');
  return { status: 204 };
}

function createDynamicGroup(ctx: HandlerContext): HandlerResult {
  const { core } = ctx;
  requireHomeRegion(core);
  const d = bodyOf<identity.models.CreateDynamicGroupDetails>(ctx);
  if (d.compartmentId !== core.options.tenancyId) throw invalidParameter('compartmentId', 'dynamic groups live in the tenancy (root compartment)');
  const name = required(d, 'name');
  checkName('name', name);
  const matchingRule = required(d, 'matchingRule');
  const description = required(d, 'description');
  if (liveNamed(core, 'dynamicGroup', name)) throw conflict(`Dynamic group '${name}' already exists in the tenancy.`);
  const id = core.ids.global('dynamicgroup');
  const stored = core.store.put('dynamicGroup', {
    id, compartmentId: d.compartmentId, phases: createPhases(core, 'dynamicGroup'),
    body: { id, compartmentId: d.compartmentId, name, description, matchingRule, timeCreated: core.clock.date(), ...tagsOf(d) },
  });
  return resourceResult(core, stored);
}

function deleteDynamicGroup(ctx: HandlerContext): HandlerResult {
  const { core } = ctx;
  requireHomeRegion(core);
  const group = requireResource(core, 'dynamicGroup', ctx.params.dynamicGroupId);
  if (!isIn(core, group, 'DELETING', 'DELETED')) scheduleDelete(core, group, 'dynamicGroup');
  return { status: 204 };
}

const listNamed = (kind: 'policy' | 'compartment' | 'dynamicGroup') => (ctx: HandlerContext): HandlerResult =>
  paged(ctx, listKind(ctx, kind, { nameField: 'name', nameParam: 'name' }).map((r) => ctx.core.store.view(r)));

export const identityRoutes: Route[] = [
  { method: 'GET', pattern: `${V}/availabilityDomains`, op: 'ListAvailabilityDomains', handler: listAvailabilityDomains },
  { method: 'GET', pattern: `${V}/faultDomains`, op: 'ListFaultDomains', handler: listFaultDomains },
  { method: 'GET', pattern: `${V}/tenancies/{tenancyId}/regionSubscriptions`, op: 'ListRegionSubscriptions', handler: listRegionSubscriptions },
  { method: 'GET', pattern: `${V}/tenancies/{tenancyId}`, op: 'GetTenancy', handler: getTenancy },
  { method: 'POST', pattern: `${V}/compartments`, op: 'CreateCompartment', handler: createCompartment },
  { method: 'GET', pattern: `${V}/compartments`, op: 'ListCompartments', handler: listNamed('compartment') },
  { method: 'GET', pattern: `${V}/compartments/{compartmentId}`, op: 'GetCompartment', handler: (ctx) => resourceResult(ctx.core, requireResource(ctx.core, 'compartment', ctx.params.compartmentId)) },
  { method: 'POST', pattern: `${V}/policies`, op: 'CreatePolicy', handler: createPolicy },
  { method: 'GET', pattern: `${V}/policies`, op: 'ListPolicies', handler: listNamed('policy') },
  { method: 'GET', pattern: `${V}/policies/{policyId}`, op: 'GetPolicy', handler: (ctx) => resourceResult(ctx.core, requireResource(ctx.core, 'policy', ctx.params.policyId)) },
  { method: 'PUT', pattern: `${V}/policies/{policyId}`, op: 'UpdatePolicy', handler: updatePolicy },
  { method: 'DELETE', pattern: `${V}/policies/{policyId}`, op: 'DeletePolicy', handler: deletePolicy },
  { method: 'POST', pattern: `${V}/dynamicGroups`, op: 'CreateDynamicGroup', handler: createDynamicGroup },
  { method: 'GET', pattern: `${V}/dynamicGroups`, op: 'ListDynamicGroups', handler: listNamed('dynamicGroup') },
  { method: 'GET', pattern: `${V}/dynamicGroups/{dynamicGroupId}`, op: 'GetDynamicGroup', handler: (ctx) => resourceResult(ctx.core, requireResource(ctx.core, 'dynamicGroup', ctx.params.dynamicGroupId)) },
  { method: 'DELETE', pattern: `${V}/dynamicGroups/{dynamicGroupId}`, op: 'DeleteDynamicGroup', handler: deleteDynamicGroup },
];
