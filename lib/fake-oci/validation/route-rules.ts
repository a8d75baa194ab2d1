import { invalidParameter } from '../errors';
import { cidrWithin, type Ipv4Range, isCidr, isIpv4Cidr, isIpv6Cidr, parseIpv4Cidr } from './cidr';

/** RouteRule of oci-core 2.139.1, as it arrives. */
export interface RouteRuleShape {
  cidrBlock?: string;
  destination?: string;
  destinationType?: string;
  networkEntityId?: string;
  description?: string;
}

/** A route target the fake knows: a gateway of some VCN. */
export interface RouteTarget {
  kind: 'internetGateway' | 'natGateway' | 'serviceGateway';
  vcnId: string;
  /** For a service gateway: the `cidrBlock` labels of the services enabled on it. */
  serviceCidrs: readonly string[];
}

/** What route rules are checked against. */
export interface RouteContext {
  vcnId: string;
  /** The VCN's own IPv4 ranges: a route to (part of) them is refused (Route Tables doc: VCN-local traffic needs no rule). */
  vcnRanges: readonly Ipv4Range[];
  /** `cidrBlock` labels of the region's services (ListServices). */
  serviceCidrs: readonly string[];
  /** The gateway behind an OCID, or undefined. */
  target(networkEntityId: string): RouteTarget | undefined;
}

const TARGET_NAMES: Record<RouteTarget['kind'], string> = {
  internetGateway: 'an internet gateway', natGateway: 'a NAT gateway', serviceGateway: 'a service gateway',
};

/**
 * Checks route rules and returns them normalized (`destination` + `destinationType`, the deprecated `cidrBlock`
 * folded in). Sources: RouteRule model comments, Route Tables doc.
 */
export function checkRouteRules(rules: readonly RouteRuleShape[], ctx: RouteContext): RouteRuleShape[] {
  return rules.map((rule, i) => checkRouteRule(`routeRules[${i}]`, rule, ctx));
}

function checkRouteRule(field: string, rule: RouteRuleShape, ctx: RouteContext): RouteRuleShape {
  if (rule.cidrBlock !== undefined && rule.destination !== undefined) {
    throw invalidParameter(field, 'has both cidrBlock (deprecated) and destination; requests that include both are rejected, use destination + destinationType');
  }
  const destination = rule.destination ?? rule.cidrBlock;
  if (destination === undefined || destination === '') throw invalidParameter(`${field}.destination`, 'is required');
  const type = rule.destinationType ?? 'CIDR_BLOCK';
  if (type !== 'CIDR_BLOCK' && type !== 'SERVICE_CIDR_BLOCK') {
    throw invalidParameter(`${field}.destinationType`, `"${type}" must be CIDR_BLOCK or SERVICE_CIDR_BLOCK`);
  }
  const targetId = rule.networkEntityId ?? '';
  const target = ctx.target(targetId);
  if (!target || target.vcnId !== ctx.vcnId) {
    throw invalidParameter(`${field}.networkEntityId`, `"${targetId}" is not a gateway of VCN ${ctx.vcnId}`);
  }
  if (type === 'SERVICE_CIDR_BLOCK') checkServiceRoute(field, destination, target, ctx);
  else checkCidrRoute(field, destination, target, ctx);
  const { cidrBlock: _deprecated, ...rest } = rule;
  return { ...rest, destination, destinationType: type };
}

/** A service CIDR label goes only to a service gateway that has that service enabled. */
function checkServiceRoute(field: string, label: string, target: RouteTarget, ctx: RouteContext): void {
  if (!ctx.serviceCidrs.includes(label)) {
    throw invalidParameter(`${field}.destination`, `"${label}" is not the cidrBlock of a service in this region (ListServices: ${ctx.serviceCidrs.join(', ')})`);
  }
  if (target.kind !== 'serviceGateway') {
    throw invalidParameter(`${field}.networkEntityId`, `a SERVICE_CIDR_BLOCK destination (${label}) can only route to a service gateway, not to ${TARGET_NAMES[target.kind]}`);
  }
  if (!target.serviceCidrs.includes(label)) {
    throw invalidParameter(`${field}.destination`, `the service gateway does not serve ${label} (it serves ${target.serviceCidrs.join(', ') || 'nothing'})`);
  }
}

/** A CIDR destination: valid, not the VCN's own range, never via a service gateway; IPv6 only via an internet gateway. */
function checkCidrRoute(field: string, destination: string, target: RouteTarget, ctx: RouteContext): void {
  if (!isCidr(destination)) {
    throw invalidParameter(`${field}.destination`, `"${destination}" is not a CIDR block such as 0.0.0.0/0 (destinationType CIDR_BLOCK)`);
  }
  if (target.kind === 'serviceGateway') {
    throw invalidParameter(`${field}.networkEntityId`, `a service gateway only takes SERVICE_CIDR_BLOCK destinations (a service's cidrBlock); ${destination} is a CIDR_BLOCK`);
  }
  if (isIpv6Cidr(destination) && target.kind !== 'internetGateway') {
    throw invalidParameter(`${field}.networkEntityId`, `an IPv6 destination (${destination}) can only route to a DRG or an internet gateway, not to ${TARGET_NAMES[target.kind]}`);
  }
  if (isIpv4Cidr(destination)) {
    const range = parseIpv4Cidr(`${field}.destination`, destination);
    if (ctx.vcnRanges.some((vcn) => cidrWithin(range, vcn))) {
      throw invalidParameter(`${field}.destination`, `${destination} lies within the VCN's own CIDR; traffic inside the VCN is routed locally and cannot have a route rule`);
    }
  }
}
