import { invalidParameter } from '../errors';
import { isCidr } from './cidr';

/**
 * Security rule shape, shared by NSG rules (AddSecurityRuleDetails) and security list rules
 * (IngressSecurityRule / EgressSecurityRule) of oci-core 2.139.1.
 */
export interface SecurityRuleShape {
  protocol?: string;
  source?: string;
  sourceType?: string;
  destination?: string;
  destinationType?: string;
  tcpOptions?: TransportOptions;
  udpOptions?: TransportOptions;
  icmpOptions?: { type?: number; code?: number };
}

interface TransportOptions {
  destinationPortRange?: { min?: number; max?: number };
  sourcePortRange?: { min?: number; max?: number };
}

export type Direction = 'INGRESS' | 'EGRESS';
export type PeerType = 'CIDR_BLOCK' | 'SERVICE_CIDR_BLOCK' | 'NETWORK_SECURITY_GROUP';

/** What a rule's peer is checked against. */
export interface RulePeers {
  /** VCN the rule's NSG or security list belongs to. */
  vcnId: string;
  /** `cidrBlock` labels of the region's services (ListServices), e.g. all-fra-services-in-oracle-services-network. */
  serviceCidrs: readonly string[];
  /** VCN of a live NSG, undefined if the OCID is none. Omitted for security lists, which cannot name NSGs. */
  nsgVcn?: (nsgId: string) => string | undefined;
}

const PROTOCOL = /^(all|\d{1,3})$/;
const PORT_MIN = 1;
const PORT_MAX = 65535;

/** Which protocol number each options object belongs to (AddSecurityRuleDetails.protocol comment). */
const OPTIONS_PROTOCOLS: ReadonlyArray<{ key: 'tcpOptions' | 'udpOptions' | 'icmpOptions'; protocols: string[]; name: string }> = [
  { key: 'tcpOptions', protocols: ['6'], name: '"6" (TCP)' },
  { key: 'udpOptions', protocols: ['17'], name: '"17" (UDP)' },
  { key: 'icmpOptions', protocols: ['1', '58'], name: '"1" (ICMP) or "58" (ICMPv6)' },
];

/** The direction of an NSG rule: INGRESS or EGRESS. */
export function checkDirection(field: string, direction: string | undefined): Direction {
  if (direction !== 'INGRESS' && direction !== 'EGRESS') {
    throw invalidParameter(`${field}.direction`, `"${direction ?? ''}" must be INGRESS or EGRESS`);
  }
  return direction;
}

/**
 * Checks one security rule against OCI's rule shape and returns the peer type it resolves to
 * (an omitted type means CIDR_BLOCK, as the service answers).
 */
export function checkSecurityRule(field: string, rule: SecurityRuleShape, direction: Direction, peers: RulePeers): PeerType {
  checkProtocolAndOptions(field, rule);
  return checkPeer(field, rule, direction, peers);
}

function checkProtocolAndOptions(field: string, rule: SecurityRuleShape): void {
  const protocol = rule.protocol;
  if (protocol === undefined || !PROTOCOL.test(protocol) || (protocol !== 'all' && Number(protocol) > 255)) {
    throw invalidParameter(`${field}.protocol`, `"${protocol ?? ''}" must be "all" or an IPv4 protocol number 0-255 such as "6" (TCP), "17" (UDP), "1" (ICMP)`);
  }
  for (const { key, protocols, name } of OPTIONS_PROTOCOLS) {
    if (rule[key] !== undefined && rule[key] !== null && !protocols.includes(protocol)) {
      throw invalidParameter(`${field}.${key}`, `${key} are only valid with protocol ${name}; this rule's protocol is "${protocol}"`);
    }
  }
  for (const key of ['tcpOptions', 'udpOptions'] as const) {
    const options = rule[key];
    if (!options) continue;
    checkPortRange(`${field}.${key}.destinationPortRange`, options.destinationPortRange);
    checkPortRange(`${field}.${key}.sourcePortRange`, options.sourcePortRange);
  }
  if (rule.icmpOptions) {
    const { type, code } = rule.icmpOptions;
    if (!isByte(type)) throw invalidParameter(`${field}.icmpOptions.type`, `${String(type)} must be an ICMP type 0-255 (the type is required, the code optional)`);
    if (code !== undefined && code !== null && !isByte(code)) throw invalidParameter(`${field}.icmpOptions.code`, `${String(code)} must be an ICMP code 0-255`);
  }
}

function isByte(n: unknown): boolean {
  return typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= 255;
}

/** A port range, when given: min and max whole numbers in 1..65535, min <= max (PortRange). */
export function checkPortRange(field: string, range: { min?: number; max?: number } | undefined): void {
  if (range === undefined || range === null) return;
  const { min, max } = range;
  for (const [name, port] of [['min', min], ['max', max]] as const) {
    if (typeof port !== 'number' || !Number.isInteger(port) || port < PORT_MIN || port > PORT_MAX) {
      throw invalidParameter(`${field}.${name}`, `${String(port)} must be a port number ${PORT_MIN}-${PORT_MAX}`);
    }
  }
  if ((min as number) > (max as number)) {
    throw invalidParameter(field, `min ${min} is greater than max ${max}; the minimum port must not be greater than the maximum`);
  }
}

function checkPeer(field: string, rule: SecurityRuleShape, direction: Direction, peers: RulePeers): PeerType {
  const [valueKey, typeKey] = direction === 'INGRESS' ? ['source', 'sourceType'] as const : ['destination', 'destinationType'] as const;
  const value = rule[valueKey];
  const type = rule[typeKey] ?? 'CIDR_BLOCK';
  const allowed: PeerType[] = peers.nsgVcn ? ['CIDR_BLOCK', 'SERVICE_CIDR_BLOCK', 'NETWORK_SECURITY_GROUP'] : ['CIDR_BLOCK', 'SERVICE_CIDR_BLOCK'];
  if (!allowed.includes(type as PeerType)) {
    throw invalidParameter(`${field}.${typeKey}`, `"${type}" must be one of ${allowed.join(', ')}`);
  }
  if (value === undefined || value === null || value === '') {
    throw invalidParameter(`${field}.${valueKey}`, `is required for an ${direction} rule`);
  }
  if (type === 'CIDR_BLOCK' && !isCidr(value)) {
    throw invalidParameter(`${field}.${valueKey}`, `"${value}" is not a CIDR block such as 10.0.0.0/16 (${typeKey} CIDR_BLOCK)`);
  }
  if (type === 'SERVICE_CIDR_BLOCK' && !peers.serviceCidrs.includes(value)) {
    throw invalidParameter(`${field}.${valueKey}`, `"${value}" is not the cidrBlock of a service in this region (ListServices: ${peers.serviceCidrs.join(', ')})`);
  }
  if (type === 'NETWORK_SECURITY_GROUP') {
    const vcn = peers.nsgVcn?.(value);
    if (vcn === undefined) throw invalidParameter(`${field}.${valueKey}`, `"${value}" is not a network security group`);
    if (vcn !== peers.vcnId) {
      throw invalidParameter(`${field}.${valueKey}`, `NSG ${value} belongs to VCN ${vcn}; a rule can only name an NSG in the same VCN (${peers.vcnId})`);
    }
  }
  return type as PeerType;
}
