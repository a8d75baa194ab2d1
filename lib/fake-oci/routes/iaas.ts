import type * as core from 'oci-core';
import type { FakeCore } from '../core';
import { conflict, incorrectState, invalidParameter, notFound, OciApiError } from '../errors';
import type { HandlerContext, HandlerResult, Route } from '../router';
import type { KindBody, StoredResource } from '../store';
import {
  bodyOf, checkIfMatch, createPhases, isIn, listKind, paged, requireCompartment, required, requireResource,
  resourceResult, scheduleDelete, tagsOf,
} from './common';
import { checkNetworkCidr, checkVcnCidrBlocks, cidrOverlaps, cidrWithin, firstHost, parseIpv4Cidr } from '../validation/cidr';
import { LIMITS, checkAtMost, checkNsgRuleTotal, checkOnePerVcn } from '../validation/limits';
import { checkDisplayName, checkDnsLabel, checkDnsLabelUnique } from '../validation/names';
import { checkSubnetPrivacyFlags } from '../validation/public-ip';
import { checkRouteRules as validateRouteRules, type RouteTarget } from '../validation/route-rules';
import { checkDirection, checkSecurityRule, type RulePeers } from '../validation/security-rules';

type NetworkKind = 'vcn' | 'subnet' | 'internetGateway' | 'natGateway' | 'serviceGateway' | 'routeTable' | 'securityList' | 'networkSecurityGroup';
type VcnChildKind = Exclude<NetworkKind, 'vcn'>;
const VCN_CHILD_KINDS: readonly VcnChildKind[] = [
  'subnet', 'internetGateway', 'natGateway', 'serviceGateway', 'routeTable', 'securityList', 'networkSecurityGroup',
];
const GATEWAY_KINDS = ['internetGateway', 'natGateway', 'serviceGateway'] as const;
const V = '/20160918';

/** The Oracle Services Network entries of the region (listServices). */
export function osnServices(core: FakeCore): core.models.Service[] {
  const key = core.options.regionKey;
  const lower = key.toLowerCase();
  return [
    {
      id: `ocid1.service.oc1.${core.options.region}.aaaaaaaafakeallservices0001`,
      name: `All ${key} Services In Oracle Services Network`,
      cidrBlock: `all-${lower}-services-in-oracle-services-network`,
      description: `All ${key} Services In Oracle Services Network`,
    },
    {
      id: `ocid1.service.oc1.${core.options.region}.aaaaaaaafakeobjectstorage01`,
      name: `OCI ${key} Object Storage`,
      cidrBlock: `oci-${lower}-objectstorage`,
      description: `OCI ${key} Object Storage`,
    },
  ];
}

/** The VCN, which must be AVAILABLE to take children (409 IncorrectState while provisioning, F3). */
function requireAvailableVcn(core: FakeCore, vcnId: string | undefined): StoredResource<'vcn'> {
  const vcn = requireResource(core, 'vcn', vcnId);
  if (!isIn(core, vcn, 'AVAILABLE')) {
    throw incorrectState(`VCN ${vcn.id} is ${core.store.state(vcn)}; it must be AVAILABLE for this operation.`);
  }
  return vcn;
}

/** Live = not on its way out; these still block a parent's deletion. */
function live(core: FakeCore, r: StoredResource): boolean {
  return !isIn(core, r, 'TERMINATED');
}

/** OCIDs of a VCN's children of one kind that are not TERMINATING/TERMINATED. */
function liveChildren(core: FakeCore, kind: VcnChildKind, vcnId: string): string[] {
  return core.store.list(kind).filter((c) => c.parentId === vcnId && !isIn(core, c, 'TERMINATING', 'TERMINATED')).map((c) => c.id);
}

function create<K extends NetworkKind>(
  core: FakeCore, kind: K, id: string, compartmentId: string, parentId: string | undefined, body: KindBody[K],
): HandlerResult {
  const stored = core.store.put(kind, { id, compartmentId, ...(parentId ? { parentId } : {}), body, phases: createPhases(core, kind) });
  return resourceResult(core, stored);
}

function getOne(kind: NetworkKind, param: string): (ctx: HandlerContext) => HandlerResult {
  return (ctx) => resourceResult(ctx.core, requireResource(ctx.core, kind, ctx.params[param]));
}

function listOf(kind: NetworkKind, withDisplayName = true): (ctx: HandlerContext) => HandlerResult {
  return (ctx) => paged(ctx, listKind(ctx, kind, {
    // ListNetworkSecurityGroups takes compartmentId or vcnId; every other list needs compartmentId.
    ...(kind === 'networkSecurityGroup' && ctx.query.one('vcnId') !== undefined ? { requireCompartment: false } : {}),
    ...(withDisplayName ? { nameParam: 'displayName' } : {}),
    ...(kind === 'vcn' ? {} : { parentParam: 'vcnId' }),
  }).map((r) => ctx.core.store.view(r)));
}

function deleteOne(
  kind: NetworkKind, param: string, guard?: (core: FakeCore, r: StoredResource) => void,
): (ctx: HandlerContext) => HandlerResult {
  return (ctx) => {
    const { core } = ctx;
    const r = requireResource(core, kind, ctx.params[param]);
    checkIfMatch(ctx, r);
    if (isIn(core, r, 'TERMINATING', 'TERMINATED')) return { status: 204 };
    if (isIn(core, r, 'PROVISIONING', 'UPDATING')) throw incorrectState(`${kind} ${r.id} is ${core.store.state(r)}; retry when it is AVAILABLE.`);
    guard?.(core, r);
    scheduleDelete(core, r, kind);
    return { status: 204 };
  };
}

function vcnDefaults(core: FakeCore, r: StoredResource): StoredResource<'vcn'> | undefined {
  return r.parentId ? core.store.get('vcn', r.parentId) : undefined;
}

function isDefaultOfVcn(core: FakeCore, r: StoredResource): boolean {
  const vcn = vcnDefaults(core, r);
  return !!vcn && (vcn.body.defaultRouteTableId === r.id || vcn.body.defaultSecurityListId === r.id);
}

// --- VCN -----------------------------------------------------------------------------------------

function createVcn(ctx: HandlerContext): HandlerResult {
  const { core } = ctx;
  const d = bodyOf<core.models.CreateVcnDetails>(ctx);
  const compartmentId = requireCompartment(core, d.compartmentId);
  const cidrBlocks = d.cidrBlocks ?? (d.cidrBlock ? [d.cidrBlock] : []);
  if (cidrBlocks.length === 0) throw new OciApiError(400, 'MissingParameter', 'Missing required parameter: cidrBlocks');
  checkVcnCidrBlocks(cidrBlocks);
  checkDnsLabel('dnsLabel', d.dnsLabel);
  checkDisplayName('displayName', d.displayName);
  const id = core.ids.regional('vcn');
  const displayName = d.displayName ?? `vcn-${id.slice(-6)}`;
  const now = core.clock.date();
  const routeTableId = core.ids.regional('routetable');
  const securityListId = core.ids.regional('securitylist');
  const vcn: KindBody['vcn'] = {
    id, compartmentId, cidrBlock: cidrBlocks[0]!, cidrBlocks, displayName,
    ...(d.dnsLabel ? { dnsLabel: d.dnsLabel, vcnDomainName: `${d.dnsLabel}.oraclevcn.com` } : {}),
    defaultRouteTableId: routeTableId, defaultSecurityListId: securityListId,
    defaultDhcpOptionsId: core.ids.regional('dhcpoptions'), ...tagsOf(d), timeCreated: now,
  };
  const result = create(core, 'vcn', id, compartmentId, undefined, vcn);
  core.store.put('routeTable', {
    id: routeTableId, compartmentId, parentId: id, phases: createPhases(core, 'routeTable'),
    body: { id: routeTableId, compartmentId, vcnId: id, displayName: `Default Route Table for ${displayName}`, routeRules: [], freeformTags: {}, definedTags: {}, timeCreated: now },
  });
  core.store.put('securityList', {
    id: securityListId, compartmentId, parentId: id, phases: createPhases(core, 'securityList'),
    body: {
      id: securityListId, compartmentId, vcnId: id, displayName: `Default Security List for ${displayName}`,
      egressSecurityRules: [{ destination: '0.0.0.0/0', protocol: 'all', isStateless: false } as core.models.EgressSecurityRule],
      ingressSecurityRules: [{ source: '0.0.0.0/0', protocol: '6', isStateless: false, tcpOptions: { destinationPortRange: { min: 22, max: 22 } } } as core.models.IngressSecurityRule],
      freeformTags: {}, definedTags: {}, timeCreated: now,
    },
  });
  return result;
}

function updateVcn(ctx: HandlerContext): HandlerResult {
  const { core } = ctx;
  const vcn = requireResource(core, 'vcn', ctx.params.vcnId);
  checkIfMatch(ctx, vcn);
  const d = bodyOf<core.models.UpdateVcnDetails>(ctx);
  checkDisplayName('displayName', d.displayName);
  if (d.displayName !== undefined) vcn.body.displayName = d.displayName;
  if (d.freeformTags !== undefined) vcn.body.freeformTags = d.freeformTags;
  if (d.definedTags !== undefined) vcn.body.definedTags = d.definedTags;
  core.store.touch(vcn);
  return resourceResult(core, vcn);
}

/** A VCN must be empty: no subnets, gateways, NSGs or non-default route tables / security lists (409 Conflict). */
function guardVcnEmpty(core: FakeCore, vcn: StoredResource): void {
  for (const kind of VCN_CHILD_KINDS) {
    const children = core.store.list(kind).filter((c) => c.parentId === vcn.id && live(core, c) && !isDefaultOfVcn(core, c));
    if (children.length > 0) {
      throw conflict(`The VCN ${vcn.id} has dependent resources (${kind} ${children.map((c) => c.id).join(', ')}); delete them first.`);
    }
  }
}

function deleteVcn(ctx: HandlerContext): HandlerResult {
  const result = deleteOne('vcn', 'vcnId', guardVcnEmpty)(ctx);
  const { core } = ctx;
  const vcn = core.store.get('vcn', ctx.params.vcnId!);
  if (vcn && isIn(core, vcn, 'TERMINATING')) {
    // Default route table and security list go with the VCN.
    for (const id of [vcn.body.defaultRouteTableId, vcn.body.defaultSecurityListId]) {
      const child = id ? core.store.find(id) : undefined;
      if (child && !isIn(core, child, 'TERMINATING', 'TERMINATED') && (child.kind === 'routeTable' || child.kind === 'securityList')) {
        scheduleDelete(core, child, child.kind);
      }
    }
  }
  return result;
}

// --- gateways --------------------------------------------------------------------------------------

function createInternetGateway(ctx: HandlerContext): HandlerResult {
  const { core } = ctx;
  const d = bodyOf<core.models.CreateInternetGatewayDetails>(ctx);
  const compartmentId = requireCompartment(core, d.compartmentId);
  const vcn = requireAvailableVcn(core, required(d, 'vcnId'));
  if (d.isEnabled === undefined) throw new OciApiError(400, 'MissingParameter', 'Missing required parameter: isEnabled');
  checkDisplayName('displayName', d.displayName);
  checkOnePerVcn('internet gateway', vcn.id, liveChildren(core, 'internetGateway', vcn.id));
  const id = core.ids.regional('internetgateway');
  return create(core, 'internetGateway', id, compartmentId, vcn.id, {
    id, compartmentId, vcnId: vcn.id, displayName: d.displayName ?? `igw-${id.slice(-6)}`, isEnabled: d.isEnabled,
    ...(d.routeTableId ? { routeTableId: d.routeTableId } : {}), ...tagsOf(d), timeCreated: core.clock.date(),
  });
}

function createNatGateway(ctx: HandlerContext): HandlerResult {
  const { core } = ctx;
  const d = bodyOf<core.models.CreateNatGatewayDetails>(ctx);
  const compartmentId = requireCompartment(core, d.compartmentId);
  const vcn = requireAvailableVcn(core, required(d, 'vcnId'));
  checkDisplayName('displayName', d.displayName);
  const id = core.ids.regional('natgateway');
  const n = core.store.list('natGateway').length + 10;
  return create(core, 'natGateway', id, compartmentId, vcn.id, {
    id, compartmentId, vcnId: vcn.id, displayName: d.displayName ?? `nat-${id.slice(-6)}`, blockTraffic: d.blockTraffic ?? false,
    natIp: `192.0.2.${n % 250}`, publicIpId: core.ids.regional('publicip'),
    ...(d.routeTableId ? { routeTableId: d.routeTableId } : {}), ...tagsOf(d), timeCreated: core.clock.date(),
  });
}

function createServiceGateway(ctx: HandlerContext): HandlerResult {
  const { core } = ctx;
  const d = bodyOf<core.models.CreateServiceGatewayDetails>(ctx);
  const compartmentId = requireCompartment(core, d.compartmentId);
  const vcn = requireAvailableVcn(core, required(d, 'vcnId'));
  checkDisplayName('displayName', d.displayName);
  checkOnePerVcn('service gateway', vcn.id, liveChildren(core, 'serviceGateway', vcn.id));
  const catalog = osnServices(core);
  const services = required(d, 'services').map((s, i) => {
    const found = catalog.find((c) => c.id === s.serviceId);
    if (!found) throw invalidParameter(`services[${i}].serviceId`, `"${s.serviceId}" is not a service of ${core.options.region} (see listServices)`);
    return { serviceId: found.id, serviceName: found.name };
  });
  const id = core.ids.regional('servicegateway');
  return create(core, 'serviceGateway', id, compartmentId, vcn.id, {
    id, compartmentId, vcnId: vcn.id, displayName: d.displayName ?? `sgw-${id.slice(-6)}`, blockTraffic: false, services,
    ...(d.routeTableId ? { routeTableId: d.routeTableId } : {}), ...tagsOf(d), timeCreated: core.clock.date(),
  });
}

/** A gateway that a route rule targets cannot be deleted (409 Conflict). */
function guardGatewayUnrouted(core: FakeCore, gateway: StoredResource): void {
  const users = core.store.list('routeTable')
    .filter((rt) => live(core, rt) && rt.body.routeRules.some((rule) => rule.networkEntityId === gateway.id));
  if (users.length > 0) {
    throw conflict(`${gateway.kind} ${gateway.id} is a route target in route table ${users.map((u) => u.id).join(', ')}; remove the rule first.`);
  }
}

// --- route tables and security lists ----------------------------------------------------------------

/** Route rules of a table in the VCN (validation/route-rules.ts), normalized to destination + destinationType. */
function checkRouteRules(core: FakeCore, vcnId: string, rules: core.models.RouteRule[]): core.models.RouteRule[] {
  const vcn = requireResource(core, 'vcn', vcnId);
  const target = (id: string): RouteTarget | undefined => {
    for (const kind of GATEWAY_KINDS) {
      const g = core.store.get(kind, id);
      if (g && live(core, g)) {
        const serviceIds = g.kind === 'serviceGateway' ? (g.body as core.models.ServiceGateway).services.map((s) => s.serviceId) : [];
        const serviceCidrs = osnServices(core).filter((s) => serviceIds.includes(s.id)).map((s) => s.cidrBlock);
        return { kind, vcnId: g.parentId ?? '', serviceCidrs };
      }
    }
    return undefined;
  };
  return validateRouteRules(rules, {
    vcnId, vcnRanges: vcn.body.cidrBlocks.map((c) => parseIpv4Cidr('vcn.cidrBlocks', c)),
    serviceCidrs: osnServices(core).map((s) => s.cidrBlock), target,
  }) as core.models.RouteRule[];
}

function createRouteTable(ctx: HandlerContext): HandlerResult {
  const { core } = ctx;
  const d = bodyOf<core.models.CreateRouteTableDetails>(ctx);
  const compartmentId = requireCompartment(core, d.compartmentId);
  const vcn = requireAvailableVcn(core, required(d, 'vcnId'));
  checkDisplayName('displayName', d.displayName);
  const routeRules = checkRouteRules(core, vcn.id, required(d, 'routeRules'));
  const id = core.ids.regional('routetable');
  return create(core, 'routeTable', id, compartmentId, vcn.id, {
    id, compartmentId, vcnId: vcn.id, displayName: d.displayName ?? `rt-${id.slice(-6)}`, routeRules, ...tagsOf(d), timeCreated: core.clock.date(),
  });
}

function updateRouteTable(ctx: HandlerContext): HandlerResult {
  const { core } = ctx;
  const rt = requireResource(core, 'routeTable', ctx.params.rtId);
  checkIfMatch(ctx, rt);
  const d = bodyOf<core.models.UpdateRouteTableDetails>(ctx);
  checkDisplayName('displayName', d.displayName);
  if (d.routeRules !== undefined) rt.body.routeRules = checkRouteRules(core, rt.body.vcnId, d.routeRules);
  if (d.displayName !== undefined) rt.body.displayName = d.displayName;
  if (d.freeformTags !== undefined) rt.body.freeformTags = d.freeformTags;
  if (d.definedTags !== undefined) rt.body.definedTags = d.definedTags;
  core.store.touch(rt);
  return resourceResult(core, rt);
}

/** The default route table / security list goes only with its VCN; an attached one cannot be deleted. */
function guardNotDefaultNorAttached(core: FakeCore, r: StoredResource): void {
  if (isDefaultOfVcn(core, r)) throw new OciApiError(409, 'Conflict', `${r.kind} ${r.id} is the VCN's default and is deleted with the VCN.`);
  const users = core.store.list('subnet').filter((s) => live(core, s)
    && (s.body.routeTableId === r.id || (s.body.securityListIds ?? []).includes(r.id)));
  const gatewayUsers = GATEWAY_KINDS.flatMap((k) => core.store.list(k)).filter((g) => live(core, g) && g.body.routeTableId === r.id);
  const all = [...users, ...gatewayUsers];
  if (all.length > 0) throw conflict(`${r.kind} ${r.id} is associated with ${all.map((u) => u.id).join(', ')}; detach it first.`);
}

function createSecurityList(ctx: HandlerContext): HandlerResult {
  const { core } = ctx;
  const d = bodyOf<core.models.CreateSecurityListDetails>(ctx);
  const compartmentId = requireCompartment(core, d.compartmentId);
  const vcn = requireAvailableVcn(core, required(d, 'vcnId'));
  checkDisplayName('displayName', d.displayName);
  const id = core.ids.regional('securitylist');
  return create(core, 'securityList', id, compartmentId, vcn.id, {
    id, compartmentId, vcnId: vcn.id, displayName: d.displayName ?? `sl-${id.slice(-6)}`,
    ingressSecurityRules: checkListRules(core, vcn.id, 'ingressSecurityRules', required(d, 'ingressSecurityRules'), 'INGRESS'),
    egressSecurityRules: checkListRules(core, vcn.id, 'egressSecurityRules', required(d, 'egressSecurityRules'), 'EGRESS'),
    ...tagsOf(d), timeCreated: core.clock.date(),
  });
}

function updateSecurityList(ctx: HandlerContext): HandlerResult {
  const { core } = ctx;
  const sl = requireResource(core, 'securityList', ctx.params.securityListId);
  checkIfMatch(ctx, sl);
  const d = bodyOf<core.models.UpdateSecurityListDetails>(ctx);
  checkDisplayName('displayName', d.displayName);
  // Check both rule lists before changing either: a refused update changes nothing.
  const ingress = d.ingressSecurityRules && checkListRules(core, sl.body.vcnId, 'ingressSecurityRules', d.ingressSecurityRules, 'INGRESS');
  const egress = d.egressSecurityRules && checkListRules(core, sl.body.vcnId, 'egressSecurityRules', d.egressSecurityRules, 'EGRESS');
  if (ingress !== undefined) sl.body.ingressSecurityRules = ingress;
  if (egress !== undefined) sl.body.egressSecurityRules = egress;
  if (d.displayName !== undefined) sl.body.displayName = d.displayName;
  if (d.freeformTags !== undefined) sl.body.freeformTags = d.freeformTags;
  if (d.definedTags !== undefined) sl.body.definedTags = d.definedTags;
  core.store.touch(sl);
  return resourceResult(core, sl);
}

/** Security list rules: the NSG rule shape without NSG peers (validation/security-rules.ts). */
function checkListRules<R extends core.models.IngressSecurityRule | core.models.EgressSecurityRule>(
  core: FakeCore, vcnId: string, field: string, rules: R[], direction: 'INGRESS' | 'EGRESS',
): R[] {
  const peers: RulePeers = { vcnId, serviceCidrs: osnServices(core).map((s) => s.cidrBlock) };
  rules.forEach((rule, i) => checkSecurityRule(`${field}[${i}]`, rule, direction, peers));
  return rules;
}

// --- subnets -----------------------------------------------------------------------------------------

function requireVcnMember(core: FakeCore, kind: 'routeTable' | 'securityList', id: string, vcnId: string, field: string): void {
  const found = core.store.get(kind, id);
  if (!found || found.parentId !== vcnId || !live(core, found)) {
    throw new OciApiError(404, 'RelatedResourceNotAuthorizedOrNotFound', `${field} "${id}" is not a ${kind} of VCN ${vcnId}.`);
  }
}

function createSubnet(ctx: HandlerContext): HandlerResult {
  const { core } = ctx;
  const d = bodyOf<core.models.CreateSubnetDetails>(ctx);
  const compartmentId = requireCompartment(core, d.compartmentId);
  const vcn = requireAvailableVcn(core, required(d, 'vcnId'));
  const cidrBlock = required(d, 'cidrBlock');
  const range = checkNetworkCidr('cidrBlock', cidrBlock, 'subnet');
  if (!vcn.body.cidrBlocks.some((c) => cidrWithin(range, parseIpv4Cidr('vcn.cidrBlocks', c)))) {
    throw invalidParameter('cidrBlock', `${cidrBlock} is not within the VCN's CIDR blocks ${vcn.body.cidrBlocks.join(', ')}`);
  }
  const clash = core.store.list('subnet').find((s) => s.parentId === vcn.id && live(core, s) && s.body.cidrBlock
    && cidrOverlaps(range, parseIpv4Cidr('cidrBlock', s.body.cidrBlock)));
  if (clash) throw invalidParameter('cidrBlock', `${cidrBlock} overlaps subnet ${clash.id} (${clash.body.cidrBlock ?? ''})`);
  checkDnsLabel('dnsLabel', d.dnsLabel);
  if (d.dnsLabel && !vcn.body.dnsLabel) throw invalidParameter('dnsLabel', 'the VCN has no dnsLabel, so its subnets cannot have one');
  checkDnsLabelUnique('dnsLabel', d.dnsLabel, core.store.list('subnet')
    .filter((s) => s.parentId === vcn.id && live(core, s)).map((s) => ({ id: s.id, dnsLabel: s.body.dnsLabel })));
  checkDisplayName('displayName', d.displayName);
  const prohibit = checkSubnetPrivacyFlags(d.prohibitPublicIpOnVnic, d.prohibitInternetIngress);
  checkAtMost('securityListIds', d.securityListIds, LIMITS.securityListsPerSubnet, 'a subnet can be associated with at most five security lists');
  const routeTableId = d.routeTableId ?? vcn.body.defaultRouteTableId!;
  requireVcnMember(core, 'routeTable', routeTableId, vcn.id, 'routeTableId');
  const securityListIds = d.securityListIds ?? [vcn.body.defaultSecurityListId!];
  securityListIds.forEach((sl, i) => requireVcnMember(core, 'securityList', sl, vcn.id, `securityListIds[${i}]`));
  const id = core.ids.regional('subnet');
  return create(core, 'subnet', id, compartmentId, vcn.id, {
    id, compartmentId, vcnId: vcn.id, cidrBlock, displayName: d.displayName ?? `subnet-${id.slice(-6)}`,
    ...(d.availabilityDomain ? { availabilityDomain: d.availabilityDomain } : {}),
    ...(d.dnsLabel ? { dnsLabel: d.dnsLabel, subnetDomainName: `${d.dnsLabel}.${vcn.body.vcnDomainName ?? ''}` } : {}),
    routeTableId, securityListIds, dhcpOptionsId: d.dhcpOptionsId ?? vcn.body.defaultDhcpOptionsId!,
    prohibitPublicIpOnVnic: prohibit, prohibitInternetIngress: prohibit,
    virtualRouterIp: firstHost(range), virtualRouterMac: '00:00:17:00:00:01', ...tagsOf(d), timeCreated: core.clock.date(),
  });
}

function updateSubnet(ctx: HandlerContext): HandlerResult {
  const { core } = ctx;
  const subnet = requireResource(core, 'subnet', ctx.params.subnetId);
  checkIfMatch(ctx, subnet);
  const d = bodyOf<core.models.UpdateSubnetDetails>(ctx);
  checkDisplayName('displayName', d.displayName);
  checkAtMost('securityListIds', d.securityListIds, LIMITS.securityListsPerSubnet, 'a subnet can be associated with at most five security lists');
  if (d.routeTableId !== undefined) {
    requireVcnMember(core, 'routeTable', d.routeTableId, subnet.body.vcnId, 'routeTableId');
    subnet.body.routeTableId = d.routeTableId;
  }
  if (d.securityListIds !== undefined) {
    d.securityListIds.forEach((sl, i) => requireVcnMember(core, 'securityList', sl, subnet.body.vcnId, `securityListIds[${i}]`));
    subnet.body.securityListIds = d.securityListIds;
  }
  if (d.displayName !== undefined) subnet.body.displayName = d.displayName;
  if (d.freeformTags !== undefined) subnet.body.freeformTags = d.freeformTags;
  if (d.definedTags !== undefined) subnet.body.definedTags = d.definedTags;
  core.store.touch(subnet);
  return resourceResult(core, subnet);
}

/** A subnet with VNICs in use (cluster endpoint, node pools, pods, load balancers, DB systems) cannot go (409). */
function guardSubnetUnused(core: FakeCore, subnet: StoredResource): void {
  const users: string[] = [];
  for (const c of core.store.list('cluster')) {
    if (isIn(core, c, 'DELETED')) continue;
    if (c.body.endpointConfig?.subnetId === subnet.id || (c.body.options?.serviceLbSubnetIds ?? []).includes(subnet.id)) users.push(c.id);
  }
  for (const p of core.store.list('virtualNodePool')) {
    if (isIn(core, p, 'DELETED')) continue;
    if (p.body.podConfiguration?.subnetId === subnet.id || p.body.placementConfigurations.some((pc) => pc.subnetId === subnet.id)) users.push(p.id);
  }
  for (const db of core.store.list('dbSystem')) {
    if (!isIn(core, db, 'DELETED') && db.body.subnetId === subnet.id) users.push(db.id);
  }
  if (users.length > 0) throw conflict(`The subnet ${subnet.id} has VNICs in use by ${users.join(', ')}; delete them first.`);
}

// --- network security groups ---------------------------------------------------------------------------

function createNsg(ctx: HandlerContext): HandlerResult {
  const { core } = ctx;
  const d = bodyOf<core.models.CreateNetworkSecurityGroupDetails>(ctx);
  const compartmentId = requireCompartment(core, d.compartmentId);
  const vcn = requireAvailableVcn(core, required(d, 'vcnId'));
  checkDisplayName('displayName', d.displayName);
  const id = core.ids.regional('networksecuritygroup');
  core.store.nsgRules.set(id, []);
  return create(core, 'networkSecurityGroup', id, compartmentId, vcn.id, {
    id, compartmentId, vcnId: vcn.id, displayName: d.displayName ?? `nsg-${id.slice(-6)}`, ...tagsOf(d), timeCreated: core.clock.date(),
  });
}

/** Rules can only change on an AVAILABLE NSG (409 IncorrectState right after create, F3). */
function requireAvailableNsg(core: FakeCore, id: string | undefined): StoredResource<'networkSecurityGroup'> {
  const nsg = requireResource(core, 'networkSecurityGroup', id);
  if (!isIn(core, nsg, 'AVAILABLE')) throw incorrectState(`NSG ${nsg.id} is ${core.store.state(nsg)}; it must be AVAILABLE to change rules.`);
  return nsg;
}

/** An NSG rule checked against OCI's rule shape (validation/security-rules.ts) and given its id. */
function toSecurityRule(core: FakeCore, nsg: StoredResource<'networkSecurityGroup'>, rule: core.models.AddSecurityRuleDetails, field: string): core.models.SecurityRule {
  const direction = checkDirection(field, rule.direction);
  const peerType = checkSecurityRule(field, rule, direction, {
    vcnId: nsg.parentId ?? '',
    serviceCidrs: osnServices(core).map((s) => s.cidrBlock),
    nsgVcn: (id) => {
      const peer = core.store.get('networkSecurityGroup', id);
      return peer && live(core, peer) ? peer.parentId : undefined;
    },
  });
  const typed = direction === 'INGRESS' ? { sourceType: peerType } : { destinationType: peerType };
  // The add-details and rule models use distinct enum types with the same string values.
  return { ...rule, ...typed, id: core.ids.short('').slice(-6).toUpperCase(), isValid: true, timeCreated: core.clock.date() } as unknown as core.models.SecurityRule;
}

function addNsgRules(ctx: HandlerContext): HandlerResult {
  const { core } = ctx;
  const nsg = requireAvailableNsg(core, ctx.params.networkSecurityGroupId);
  const rules = bodyOf<core.models.AddNetworkSecurityGroupSecurityRulesDetails>(ctx).securityRules ?? [];
  checkAtMost('securityRules', rules, LIMITS.nsgRulesPerCall, 'add more rules in further calls');
  const existing = core.store.nsgRules.get(nsg.id) ?? [];
  checkNsgRuleTotal(nsg.id, existing.length, rules.length);
  const added = rules.map((r, i) => toSecurityRule(core, nsg, r, `securityRules[${i}]`));
  core.store.nsgRules.set(nsg.id, [...existing, ...added]);
  return { json: { securityRules: added } };
}

function removeNsgRules(ctx: HandlerContext): HandlerResult {
  const { core } = ctx;
  const nsg = requireAvailableNsg(core, ctx.params.networkSecurityGroupId);
  const ids = bodyOf<core.models.RemoveNetworkSecurityGroupSecurityRulesDetails>(ctx).securityRuleIds ?? [];
  core.store.nsgRules.set(nsg.id, (core.store.nsgRules.get(nsg.id) ?? []).filter((r) => !ids.includes(r.id ?? '')));
  return { status: 200 };
}

function listNsgRules(ctx: HandlerContext): HandlerResult {
  const { core } = ctx;
  const nsg = requireResource(core, 'networkSecurityGroup', ctx.params.networkSecurityGroupId);
  const direction = ctx.query.one('direction');
  const rules = (core.store.nsgRules.get(nsg.id) ?? []).filter((r) => direction === undefined || r.direction === direction);
  return paged(ctx, rules);
}

/** An NSG that another NSG's rule or a cluster / node pool / DB system uses cannot be deleted (409). */
function guardNsgUnused(core: FakeCore, nsg: StoredResource): void {
  const users: string[] = [];
  for (const [owner, rules] of core.store.nsgRules) {
    if (owner !== nsg.id && rules.some((r) => r.source === nsg.id || r.destination === nsg.id)) {
      const ownerNsg = core.store.get('networkSecurityGroup', owner);
      if (ownerNsg && live(core, ownerNsg)) users.push(owner);
    }
  }
  for (const c of core.store.list('cluster')) {
    if (!isIn(core, c, 'DELETED') && ((c.body.endpointConfig?.nsgIds ?? []).includes(nsg.id)
      || (c.body.options?.serviceLbConfig?.backendNsgIds ?? []).includes(nsg.id))) users.push(c.id);
  }
  for (const p of core.store.list('virtualNodePool')) {
    if (!isIn(core, p, 'DELETED') && ((p.body.nsgIds ?? []).includes(nsg.id) || (p.body.podConfiguration?.nsgIds ?? []).includes(nsg.id))) users.push(p.id);
  }
  for (const db of core.store.list('dbSystem')) {
    if (!isIn(core, db, 'DELETED') && (db.body.nsgIds ?? []).includes(nsg.id)) users.push(db.id);
  }
  if (users.length > 0) throw conflict(`NSG ${nsg.id} is referenced by ${users.join(', ')}; remove the references first.`);
}

function unknownWorkRequest(ctx: HandlerContext): HandlerResult {
  throw notFound(`work request ${ctx.params.workRequestId ?? ''}`);
}

export const iaasRoutes: Route[] = [
  { method: 'POST', pattern: `${V}/vcns`, op: 'CreateVcn', handler: createVcn },
  { method: 'GET', pattern: `${V}/vcns`, op: 'ListVcns', handler: listOf('vcn') },
  { method: 'GET', pattern: `${V}/vcns/{vcnId}`, op: 'GetVcn', handler: getOne('vcn', 'vcnId') },
  { method: 'PUT', pattern: `${V}/vcns/{vcnId}`, op: 'UpdateVcn', handler: updateVcn },
  { method: 'DELETE', pattern: `${V}/vcns/{vcnId}`, op: 'DeleteVcn', handler: deleteVcn },
  { method: 'POST', pattern: `${V}/internetGateways`, op: 'CreateInternetGateway', handler: createInternetGateway },
  { method: 'GET', pattern: `${V}/internetGateways`, op: 'ListInternetGateways', handler: listOf('internetGateway') },
  { method: 'GET', pattern: `${V}/internetGateways/{igId}`, op: 'GetInternetGateway', handler: getOne('internetGateway', 'igId') },
  { method: 'DELETE', pattern: `${V}/internetGateways/{igId}`, op: 'DeleteInternetGateway', handler: deleteOne('internetGateway', 'igId', guardGatewayUnrouted) },
  { method: 'POST', pattern: `${V}/natGateways`, op: 'CreateNatGateway', handler: createNatGateway },
  { method: 'GET', pattern: `${V}/natGateways`, op: 'ListNatGateways', handler: listOf('natGateway') },
  { method: 'GET', pattern: `${V}/natGateways/{natGatewayId}`, op: 'GetNatGateway', handler: getOne('natGateway', 'natGatewayId') },
  { method: 'DELETE', pattern: `${V}/natGateways/{natGatewayId}`, op: 'DeleteNatGateway', handler: deleteOne('natGateway', 'natGatewayId', guardGatewayUnrouted) },
  { method: 'GET', pattern: `${V}/services`, op: 'ListServices', handler: (ctx) => paged(ctx, osnServices(ctx.core)) },
  { method: 'POST', pattern: `${V}/serviceGateways`, op: 'CreateServiceGateway', handler: createServiceGateway },
  { method: 'GET', pattern: `${V}/serviceGateways`, op: 'ListServiceGateways', handler: listOf('serviceGateway', false) },
  { method: 'GET', pattern: `${V}/serviceGateways/{serviceGatewayId}`, op: 'GetServiceGateway', handler: getOne('serviceGateway', 'serviceGatewayId') },
  { method: 'DELETE', pattern: `${V}/serviceGateways/{serviceGatewayId}`, op: 'DeleteServiceGateway', handler: deleteOne('serviceGateway', 'serviceGatewayId', guardGatewayUnrouted) },
  { method: 'POST', pattern: `${V}/routeTables`, op: 'CreateRouteTable', handler: createRouteTable },
  { method: 'GET', pattern: `${V}/routeTables`, op: 'ListRouteTables', handler: listOf('routeTable') },
  { method: 'GET', pattern: `${V}/routeTables/{rtId}`, op: 'GetRouteTable', handler: getOne('routeTable', 'rtId') },
  { method: 'PUT', pattern: `${V}/routeTables/{rtId}`, op: 'UpdateRouteTable', handler: updateRouteTable },
  { method: 'DELETE', pattern: `${V}/routeTables/{rtId}`, op: 'DeleteRouteTable', handler: deleteOne('routeTable', 'rtId', guardNotDefaultNorAttached) },
  { method: 'POST', pattern: `${V}/securityLists`, op: 'CreateSecurityList', handler: createSecurityList },
  { method: 'GET', pattern: `${V}/securityLists`, op: 'ListSecurityLists', handler: listOf('securityList') },
  { method: 'GET', pattern: `${V}/securityLists/{securityListId}`, op: 'GetSecurityList', handler: getOne('securityList', 'securityListId') },
  { method: 'PUT', pattern: `${V}/securityLists/{securityListId}`, op: 'UpdateSecurityList', handler: updateSecurityList },
  { method: 'DELETE', pattern: `${V}/securityLists/{securityListId}`, op: 'DeleteSecurityList', handler: deleteOne('securityList', 'securityListId', guardNotDefaultNorAttached) },
  { method: 'POST', pattern: `${V}/networkSecurityGroups`, op: 'CreateNetworkSecurityGroup', handler: createNsg },
  { method: 'GET', pattern: `${V}/networkSecurityGroups`, op: 'ListNetworkSecurityGroups', handler: listOf('networkSecurityGroup') },
  { method: 'GET', pattern: `${V}/networkSecurityGroups/{networkSecurityGroupId}`, op: 'GetNetworkSecurityGroup', handler: getOne('networkSecurityGroup', 'networkSecurityGroupId') },
  { method: 'DELETE', pattern: `${V}/networkSecurityGroups/{networkSecurityGroupId}`, op: 'DeleteNetworkSecurityGroup', handler: deleteOne('networkSecurityGroup', 'networkSecurityGroupId', guardNsgUnused) },
  { method: 'POST', pattern: `${V}/networkSecurityGroups/{networkSecurityGroupId}/actions/addSecurityRules`, op: 'AddNetworkSecurityGroupSecurityRules', handler: addNsgRules },
  { method: 'POST', pattern: `${V}/networkSecurityGroups/{networkSecurityGroupId}/actions/removeSecurityRules`, op: 'RemoveNetworkSecurityGroupSecurityRules', handler: removeNsgRules },
  { method: 'GET', pattern: `${V}/networkSecurityGroups/{networkSecurityGroupId}/securityRules`, op: 'ListNetworkSecurityGroupSecurityRules', handler: listNsgRules },
  { method: 'POST', pattern: `${V}/subnets`, op: 'CreateSubnet', handler: createSubnet },
  { method: 'GET', pattern: `${V}/subnets`, op: 'ListSubnets', handler: listOf('subnet') },
  { method: 'GET', pattern: `${V}/subnets/{subnetId}`, op: 'GetSubnet', handler: getOne('subnet', 'subnetId') },
  { method: 'PUT', pattern: `${V}/subnets/{subnetId}`, op: 'UpdateSubnet', handler: updateSubnet },
  { method: 'DELETE', pattern: `${V}/subnets/{subnetId}`, op: 'DeleteSubnet', handler: deleteOne('subnet', 'subnetId', guardSubnetUnused) },
  { method: 'GET', pattern: `${V}/workRequests/{workRequestId}`, op: 'GetWorkRequest', handler: unknownWorkRequest },
];
