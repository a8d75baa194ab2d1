import * as core from 'oci-core';
import type { Context, Lookup, Resource } from '../engine';
import { tags } from '../engine';
import { compartment, defined, diff, listAll, pickTagged } from './common';
import { desiredRules, NSG, NsgId, RULE_OWNER_PREFIX, ruleKey, toSdkRule } from './security-rules';

/** Logical ids of the network module (its outputs for the other modules). */
export const NET = {
  vcn: 'vcn',
  internetGateway: 'internet-gateway',
  natGateway: 'nat-gateway',
  serviceGateway: 'service-gateway',
  publicRouteTable: 'route-table-public',
  privateRouteTable: 'route-table-private',
  databaseRouteTable: 'route-table-database',
  apiSubnet: 'subnet-api-endpoint',
  podSubnet: 'subnet-pods',
  lbSubnet: 'subnet-load-balancer',
  dbSubnet: 'subnet-database',
  emptySecurityList: 'security-list-none',
} as const;

type NetEntity = { id: string; lifecycleState: string; freeformTags?: { [k: string]: string } | null };

/** What differs between network resources; the rest (find by tags, wait, delete and wait) is shared. */
interface NetSpec<R extends NetEntity> {
  id: string;
  kind: string;
  deps: string[];
  name(ctx: Context): string;
  list(ctx: Context, page: string | undefined): Promise<{ items: R[]; opcNextPage?: string }>;
  create(ctx: Context, token: (body: unknown) => string): Promise<R>;
  get(ctx: Context, id: string): Promise<R>;
  del(ctx: Context, id: string): Promise<unknown>;
  drift?(ctx: Context, r: R): string[];
  update?(ctx: Context, r: R): Promise<R>;
  attrs?(r: R): Record<string, string>;
}

function networkResource<R extends NetEntity>(s: NetSpec<R>): Resource<R> {
  const ready = (ctx: Context, r: R, justCreated: boolean) => ctx.waiter.until(
    `${s.kind} "${s.name(ctx)}"`, s.kind, () => s.get(ctx, r.id), (x) => x.lifecycleState === 'AVAILABLE',
    (x) => (x.lifecycleState === 'TERMINATED' || x.lifecycleState === 'TERMINATING' ? `went ${x.lifecycleState} while waiting` : undefined),
    {
      justCreated,
      isDead: (x) => x.lifecycleState === 'TERMINATED' || x.lifecycleState === 'TERMINATING',
      confirmExists: async () => (await listAll((page) => s.list(ctx, page))).some((i) => i.id === r.id && i.lifecycleState !== 'TERMINATED'),
    });
  return {
    id: s.id,
    kind: s.kind,
    deps: s.deps,
    name: s.name,
    async find(ctx): Promise<Lookup<R>> {
      return pickTagged(await listAll((page) => s.list(ctx, page)), ctx, s.id);
    },
    ocid: (r) => r.id,
    state: (r) => r.lifecycleState,
    attrs: s.attrs,
    drift: (ctx, r) => s.drift?.(ctx, r) ?? [],
    async create(ctx, token) {
      return ready(ctx, await s.create(ctx, token), true);
    },
    waitReady: (ctx, r) => ready(ctx, r, false),
    update: s.update ? async (ctx, r) => ready(ctx, await (s.update as NonNullable<typeof s.update>)(ctx, r), false) : undefined,
    async remove(ctx, r) {
      await s.del(ctx, r.id);
      await ctx.waiter.untilGone(`${s.kind} "${s.name(ctx)}"`, s.kind, () => s.get(ctx, r.id), (x) => x.lifecycleState === 'TERMINATED');
    },
  };
}

const vn = (ctx: Context) => ctx.clients.network;
const vcnId = (ctx: Context) => ctx.ref(NET.vcn).ocid;

/** DNS label of the VCN: letters and digits, a letter first, at most 15 characters. */
export function vcnDnsLabel(envName: string): string {
  return `v${envName.replace(/[^a-z0-9]/g, '')}`.slice(0, 15);
}

const prefix = (ctx: Context) => `${ctx.env.cluster.name}`;

export const vcn = networkResource<core.models.Vcn>({
  id: NET.vcn, kind: 'vcn', deps: [],
  name: (ctx) => `${prefix(ctx)}-vcn`,
  list: (ctx, page) => vn(ctx).listVcns({ compartmentId: compartment(ctx), page }),
  async create(ctx, token) {
    const details: core.models.CreateVcnDetails = {
      compartmentId: compartment(ctx), cidrBlocks: [ctx.env.network.vcnCidr], displayName: vcn.name(ctx),
      dnsLabel: vcnDnsLabel(ctx.env.name), freeformTags: tags(ctx, NET.vcn),
    };
    return (await vn(ctx).createVcn({ createVcnDetails: details, opcRetryToken: token(details) })).vcn;
  },
  get: async (ctx, id) => (await vn(ctx).getVcn({ vcnId: id })).vcn,
  del: (ctx, id) => vn(ctx).deleteVcn({ vcnId: id }),
  drift: (ctx, r) => defined([diff('cidrBlocks', r.cidrBlocks, [ctx.env.network.vcnCidr])]),
});

export const internetGateway = networkResource<core.models.InternetGateway>({
  id: NET.internetGateway, kind: 'internet-gateway', deps: [NET.vcn],
  name: (ctx) => `${prefix(ctx)}-igw`,
  list: (ctx, page) => vn(ctx).listInternetGateways({ compartmentId: compartment(ctx), vcnId: vcnId(ctx), page }),
  async create(ctx, token) {
    const details: core.models.CreateInternetGatewayDetails = { compartmentId: compartment(ctx), vcnId: vcnId(ctx), isEnabled: true, displayName: internetGateway.name(ctx), freeformTags: tags(ctx, NET.internetGateway) };
    return (await vn(ctx).createInternetGateway({ createInternetGatewayDetails: details, opcRetryToken: token(details) })).internetGateway;
  },
  get: async (ctx, id) => (await vn(ctx).getInternetGateway({ igId: id })).internetGateway,
  del: (ctx, id) => vn(ctx).deleteInternetGateway({ igId: id }),
});

export const natGateway = networkResource<core.models.NatGateway>({
  id: NET.natGateway, kind: 'nat-gateway', deps: [NET.vcn],
  name: (ctx) => `${prefix(ctx)}-nat`,
  list: (ctx, page) => vn(ctx).listNatGateways({ compartmentId: compartment(ctx), vcnId: vcnId(ctx), page }),
  async create(ctx, token) {
    const details: core.models.CreateNatGatewayDetails = { compartmentId: compartment(ctx), vcnId: vcnId(ctx), displayName: natGateway.name(ctx), freeformTags: tags(ctx, NET.natGateway) };
    return (await vn(ctx).createNatGateway({ createNatGatewayDetails: details, opcRetryToken: token(details) })).natGateway;
  },
  get: async (ctx, id) => (await vn(ctx).getNatGateway({ natGatewayId: id })).natGateway,
  del: (ctx, id) => vn(ctx).deleteNatGateway({ natGatewayId: id }),
});

/** The "All <region> Services In Oracle Services Network" service: the service gateway's target. */
async function allServices(ctx: Context): Promise<core.models.Service> {
  const services = await listAll((page) => vn(ctx).listServices({ page }));
  const all = services.find((s) => /^All .* Services In Oracle Services Network$/i.test(s.name));
  if (!all) throw new Error(`ListServices returned no "All <region> Services In Oracle Services Network" entry (got: ${services.map((s) => s.name).join(', ')})`);
  return all;
}

export const serviceGateway = networkResource<core.models.ServiceGateway>({
  id: NET.serviceGateway, kind: 'service-gateway', deps: [NET.vcn],
  name: (ctx) => `${prefix(ctx)}-sgw`,
  // ListServiceGateways has no displayName filter: tags are the only key anyway.
  list: (ctx, page) => vn(ctx).listServiceGateways({ compartmentId: compartment(ctx), vcnId: vcnId(ctx), page }),
  async create(ctx, token) {
    const svc = await allServices(ctx);
    const details: core.models.CreateServiceGatewayDetails = { compartmentId: compartment(ctx), vcnId: vcnId(ctx), services: [{ serviceId: svc.id }], displayName: serviceGateway.name(ctx), freeformTags: tags(ctx, NET.serviceGateway) };
    return (await vn(ctx).createServiceGateway({ createServiceGatewayDetails: details, opcRetryToken: token(details) })).serviceGateway;
  },
  get: async (ctx, id) => (await vn(ctx).getServiceGateway({ serviceGatewayId: id })).serviceGateway,
  del: (ctx, id) => vn(ctx).deleteServiceGateway({ serviceGatewayId: id }),
  attrs: (r) => ({ serviceCidr: osnCidrOf(r) }),
});

function osnCidrOf(r: core.models.ServiceGateway): string {
  // The service name → CIDR label mapping is fixed per region: "All FRA Services In ..." → all-fra-services-in-oracle-services-network.
  const name = r.services[0]?.serviceName ?? '';
  return name.toLowerCase().replace(/\s+/g, '-');
}

type RouteSpec = { destination: string; destinationType: 'CIDR_BLOCK' | 'SERVICE_CIDR_BLOCK'; via: string };

function routeTable(id: string, suffix: string, routes: (ctx: Context) => RouteSpec[], deps: string[]): Resource<core.models.RouteTable> {
  const desired = (ctx: Context): core.models.RouteRule[] => routes(ctx).map((r) => ({
    destination: r.destination, destinationType: r.destinationType as core.models.RouteRule.DestinationType,
    networkEntityId: ctx.ref(r.via).ocid, description: `oke-vn: ${r.destination} via ${r.via}`,
  }));
  const key = (rules: readonly core.models.RouteRule[]) => rules.map((r) => `${r.destinationType}:${r.destination}>${r.networkEntityId}`).sort();
  const rt: Resource<core.models.RouteTable> = networkResource<core.models.RouteTable>({
    id, kind: 'route-table', deps: [NET.vcn, ...deps],
    name: (ctx) => `${prefix(ctx)}-rt-${suffix}`,
    list: (ctx, page) => vn(ctx).listRouteTables({ compartmentId: compartment(ctx), vcnId: vcnId(ctx), page }),
    async create(ctx, token) {
      const details: core.models.CreateRouteTableDetails = { compartmentId: compartment(ctx), vcnId: vcnId(ctx), routeRules: desired(ctx), displayName: rt.name(ctx), freeformTags: tags(ctx, id) };
      return (await vn(ctx).createRouteTable({ createRouteTableDetails: details, opcRetryToken: token(details) })).routeTable;
    },
    get: async (ctx, rid) => (await vn(ctx).getRouteTable({ rtId: rid })).routeTable,
    del: (ctx, rid) => vn(ctx).deleteRouteTable({ rtId: rid }),
    drift: (ctx, r) => defined([diff('routeRules', key(r.routeRules), key(desired(ctx)))]),
    update: async (ctx, r) => (await vn(ctx).updateRouteTable({ rtId: r.id, updateRouteTableDetails: { routeRules: desired(ctx) } })).routeTable,
  });
  return rt;
}

const osn = (ctx: Context) => ctx.ref(NET.serviceGateway).attrs.serviceCidr as string;

export const publicRouteTable = routeTable(NET.publicRouteTable, 'public',
  () => [{ destination: '0.0.0.0/0', destinationType: 'CIDR_BLOCK', via: NET.internetGateway }], [NET.internetGateway]);
export const privateRouteTable = routeTable(NET.privateRouteTable, 'private',
  (ctx) => [
    { destination: '0.0.0.0/0', destinationType: 'CIDR_BLOCK', via: NET.natGateway },
    { destination: osn(ctx), destinationType: 'SERVICE_CIDR_BLOCK', via: NET.serviceGateway },
  ], [NET.natGateway, NET.serviceGateway]);
export const databaseRouteTable = routeTable(NET.databaseRouteTable, 'database',
  (ctx) => [{ destination: osn(ctx), destinationType: 'SERVICE_CIDR_BLOCK', via: NET.serviceGateway }], [NET.serviceGateway]);

function nsg(id: NsgId, suffix: string): Resource<core.models.NetworkSecurityGroup> {
  const r: Resource<core.models.NetworkSecurityGroup> = networkResource<core.models.NetworkSecurityGroup>({
    id, kind: 'nsg', deps: [NET.vcn],
    name: (ctx) => `${prefix(ctx)}-nsg-${suffix}`,
    list: (ctx, page) => vn(ctx).listNetworkSecurityGroups({ compartmentId: compartment(ctx), vcnId: vcnId(ctx), page }),
    async create(ctx, token) {
      const details: core.models.CreateNetworkSecurityGroupDetails = { compartmentId: compartment(ctx), vcnId: vcnId(ctx), displayName: r.name(ctx), freeformTags: tags(ctx, id) };
      return (await vn(ctx).createNetworkSecurityGroup({ createNetworkSecurityGroupDetails: details, opcRetryToken: token(details) })).networkSecurityGroup;
    },
    get: async (ctx, nid) => (await vn(ctx).getNetworkSecurityGroup({ networkSecurityGroupId: nid })).networkSecurityGroup,
    del: (ctx, nid) => vn(ctx).deleteNetworkSecurityGroup({ networkSecurityGroupId: nid }),
  });
  return r;
}

export const apiEndpointNsg = nsg(NSG.apiEndpoint, 'api-endpoint');
export const podsNsg = nsg(NSG.pods, 'pods');
export const loadBalancerNsg = nsg(NSG.loadBalancer, 'load-balancer');
export const databaseNsg = nsg(NSG.database, 'database');

/** State of an NSG's rules: ours (by description prefix) and everyone else's, which we never touch. */
interface RuleSet { nsgId: string; ours: core.models.SecurityRule[]; foreign: number; missing: core.models.AddSecurityRuleDetails[]; extra: core.models.SecurityRule[] }

/** The rules of one NSG, reconciled by content: missing ones added, obsolete ones of ours removed. */
function nsgRules(nsgIdOf: NsgId): Resource<RuleSet> {
  const id = `${nsgIdOf}-rules`;
  const wanted = (env: Parameters<typeof desiredRules>[0]) => desiredRules(env)[nsgIdOf];
  const read = async (ctx: Context): Promise<RuleSet> => {
    const nsgId = ctx.ref(nsgIdOf).ocid;
    const rules = await listAll((page) => vn(ctx).listNetworkSecurityGroupSecurityRules({ networkSecurityGroupId: nsgId, page }));
    const want = wanted(ctx.env).map((r) => toSdkRule(r, { nsg: (n) => ctx.ref(n).ocid, osnCidr: () => osn(ctx) }));
    const ours = rules.filter((r) => (r.description ?? '').startsWith(RULE_OWNER_PREFIX));
    const have = new Set(rules.map(ruleKey));
    const wantKeys = new Set(want.map(ruleKey));
    return {
      nsgId, ours, foreign: rules.length - ours.length,
      missing: want.filter((w) => !have.has(ruleKey(w))),
      extra: ours.filter((o) => !wantKeys.has(ruleKey(o))),
    };
  };
  const reconcile = async (ctx: Context, set: RuleSet): Promise<RuleSet> => {
    if (set.extra.length > 0) {
      await vn(ctx).removeNetworkSecurityGroupSecurityRules({ networkSecurityGroupId: set.nsgId, removeNetworkSecurityGroupSecurityRulesDetails: { securityRuleIds: set.extra.map((r) => r.id as string) } });
    }
    for (let i = 0; i < set.missing.length; i += 25) { // the API takes at most 25 rules per call
      await vn(ctx).addNetworkSecurityGroupSecurityRules({ networkSecurityGroupId: set.nsgId, addNetworkSecurityGroupSecurityRulesDetails: { securityRules: set.missing.slice(i, i + 25) } });
    }
    return read(ctx);
  };
  return {
    id, kind: 'nsg-rules',
    // The rules reference other NSGs and the OSN CIDR label, so they wait for those.
    deps: [nsgIdOf, ...Object.values(NSG).filter((n) => n !== nsgIdOf), NET.serviceGateway],
    name: (ctx) => `${ctx.env.cluster.name}-nsg-${nsgIdOf.replace(/^nsg-/, '')} rules (${wanted(ctx.env).length})`,
    async find(ctx) {
      const set = await read(ctx);
      // "Exists" once any rule of ours is there; a partly applied set shows as drift.
      return { live: set.ours.length > 0 || set.missing.length === 0 ? set : undefined, dead: 0 };
    },
    ocid: (s) => s.nsgId,
    state: () => 'AVAILABLE',
    drift: (_ctx, s) => [
      ...s.missing.map((m) => `missing rule: ${m.description}`),
      ...s.extra.map((x) => `obsolete rule of ours: ${x.description}`),
    ],
    create: async (ctx) => reconcile(ctx, await read(ctx)),
    waitReady: async (_ctx, s) => s,
    update: (ctx, s) => reconcile(ctx, s),
    // Rules go with their NSG, but a rule naming another NSG blocks that NSG's deletion: remove ours first.
    async remove(ctx, set) {
      const ids = set.ours.map((r) => r.id as string);
      if (ids.length > 0) await vn(ctx).removeNetworkSecurityGroupSecurityRules({ networkSecurityGroupId: set.nsgId, removeNetworkSecurityGroupSecurityRulesDetails: { securityRuleIds: ids } });
    },
  };
}

export const apiEndpointRules = nsgRules(NSG.apiEndpoint);
export const podsRules = nsgRules(NSG.pods);
export const loadBalancerRules = nsgRules(NSG.loadBalancer);
export const databaseRules = nsgRules(NSG.database);

/**
 * An empty security list for every subnet, so the VCN's default list (SSH from 0.0.0.0/0 on the public subnets)
 * applies nowhere: all traffic rules live on the NSGs.
 */
export const emptySecurityList = networkResource<core.models.SecurityList>({
  id: NET.emptySecurityList, kind: 'security-list', deps: [NET.vcn],
  name: (ctx) => `${prefix(ctx)}-sl-none`,
  list: (ctx, page) => vn(ctx).listSecurityLists({ compartmentId: compartment(ctx), vcnId: vcnId(ctx), page }),
  async create(ctx, token) {
    const details: core.models.CreateSecurityListDetails = { compartmentId: compartment(ctx), vcnId: vcnId(ctx), displayName: emptySecurityList.name(ctx), ingressSecurityRules: [], egressSecurityRules: [], freeformTags: tags(ctx, NET.emptySecurityList) };
    return (await vn(ctx).createSecurityList({ createSecurityListDetails: details, opcRetryToken: token(details) })).securityList;
  },
  get: async (ctx, id) => (await vn(ctx).getSecurityList({ securityListId: id })).securityList,
  del: (ctx, id) => vn(ctx).deleteSecurityList({ securityListId: id }),
  drift: (_ctx, r) => defined([diff('ingressSecurityRules', r.ingressSecurityRules.length, 0), diff('egressSecurityRules', r.egressSecurityRules.length, 0)]),
  update: async (ctx, r) => (await vn(ctx).updateSecurityList({ securityListId: r.id, updateSecurityListDetails: { ingressSecurityRules: [], egressSecurityRules: [] } })).securityList,
});

function subnet(id: string, suffix: string, dnsLabel: string, spec: (ctx: Context) => { cidr: string; routeTable: string; isPublic: boolean }, routeTableDep: string[]): Resource<core.models.Subnet> {
  const r: Resource<core.models.Subnet> = networkResource<core.models.Subnet>({
    id, kind: 'subnet', deps: [NET.vcn, NET.emptySecurityList, ...routeTableDep],
    name: (ctx) => `${prefix(ctx)}-subnet-${suffix}`,
    list: (ctx, page) => vn(ctx).listSubnets({ compartmentId: compartment(ctx), vcnId: vcnId(ctx), page }),
    async create(ctx, token) {
      const s = spec(ctx);
      const details: core.models.CreateSubnetDetails = {
        compartmentId: compartment(ctx), vcnId: vcnId(ctx), cidrBlock: s.cidr, displayName: r.name(ctx), dnsLabel,
        routeTableId: ctx.ref(s.routeTable).ocid, securityListIds: [ctx.ref(NET.emptySecurityList).ocid],
        prohibitPublicIpOnVnic: !s.isPublic, prohibitInternetIngress: !s.isPublic,
        freeformTags: tags(ctx, id),
      };
      return (await vn(ctx).createSubnet({ createSubnetDetails: details, opcRetryToken: token(details) })).subnet;
    },
    get: async (ctx, sid) => (await vn(ctx).getSubnet({ subnetId: sid })).subnet,
    del: (ctx, sid) => vn(ctx).deleteSubnet({ subnetId: sid }),
    drift: (ctx, x) => {
      const s = spec(ctx);
      return defined([
        diff('cidrBlock', x.cidrBlock, s.cidr),
        diff('routeTableId', x.routeTableId, ctx.ref(s.routeTable).ocid),
        diff('prohibitPublicIpOnVnic', x.prohibitPublicIpOnVnic, !s.isPublic),
        diff('securityListIds', x.securityListIds, [ctx.ref(NET.emptySecurityList).ocid]),
      ]);
    },
    async update(ctx, x) {
      const s = spec(ctx);
      if (x.cidrBlock !== s.cidr || x.prohibitPublicIpOnVnic !== !s.isPublic) {
        throw new Error(`subnet ${r.name(ctx)}: CIDR or public/private cannot change in place; re-run with --replace ${id} (after moving workloads off it)`);
      }
      return (await vn(ctx).updateSubnet({ subnetId: x.id, updateSubnetDetails: { routeTableId: ctx.ref(s.routeTable).ocid, securityListIds: [ctx.ref(NET.emptySecurityList).ocid] } })).subnet;
    },
  });
  return r;
}

export const apiSubnet = subnet(NET.apiSubnet, 'api-endpoint', 'api', (ctx) => ({
  cidr: ctx.env.network.apiEndpointSubnetCidr,
  routeTable: ctx.env.network.publicApiEndpoint ? NET.publicRouteTable : NET.privateRouteTable,
  isPublic: ctx.env.network.publicApiEndpoint,
}), [NET.publicRouteTable, NET.privateRouteTable]);
export const podSubnet = subnet(NET.podSubnet, 'pods', 'pods', (ctx) => ({
  cidr: ctx.env.network.podSubnetCidr, routeTable: NET.privateRouteTable, isPublic: false,
}), [NET.privateRouteTable]);
export const lbSubnet = subnet(NET.lbSubnet, 'load-balancer', 'lb', (ctx) => ({
  cidr: ctx.env.network.loadBalancerSubnetCidr,
  routeTable: ctx.env.ingress.loadBalancer.internal ? NET.privateRouteTable : NET.publicRouteTable,
  isPublic: !ctx.env.ingress.loadBalancer.internal,
}), [NET.publicRouteTable, NET.privateRouteTable]);
export const dbSubnet = subnet(NET.dbSubnet, 'database', 'db', (ctx) => ({
  cidr: ctx.env.network.databaseSubnetCidr, routeTable: NET.databaseRouteTable, isPublic: false,
}), [NET.databaseRouteTable]);

/** The network module: VCN, gateways, route tables, NSGs with their rules, subnets. */
export const networkResources: Resource[] = [
  vcn, internetGateway, natGateway, serviceGateway,
  publicRouteTable, privateRouteTable, databaseRouteTable,
  apiEndpointNsg, podsNsg, loadBalancerNsg, databaseNsg, emptySecurityList,
  apiEndpointRules, podsRules, loadBalancerRules, databaseRules,
  apiSubnet, podSubnet, lbSubnet, dbSubnet,
] as Resource[];
