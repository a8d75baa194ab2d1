import * as core from 'oci-core';
import type { Environment } from '../../config';

/** Marks rules the bootstrap owns; rules without it (e.g. added by the cloud controller manager) are never touched. */
export const RULE_OWNER_PREFIX = 'oke-vn: ';

/** The NSGs of the architecture, by logical id. */
export const NSG = {
  apiEndpoint: 'nsg-api-endpoint',
  pods: 'nsg-pods',
  loadBalancer: 'nsg-load-balancer',
  database: 'nsg-database',
} as const;
export type NsgId = (typeof NSG)[keyof typeof NSG];

/** Where traffic comes from or goes to. `osn` = "All <region> Services in Oracle Services Network". */
export type Peer = { cidr: string } | { nsg: NsgId } | { osn: true };

/** Protocol and ports of a rule. */
export type Traffic =
  | { tcp: [number, number] }
  | { udp: [number, number] }
  | { tcpAll: true }
  | { icmp: { type: number; code?: number } }
  | { all: true };

/** One stateful NSG rule as the architecture wants it. */
export interface RuleSpec {
  direction: 'INGRESS' | 'EGRESS';
  peer: Peer;
  traffic: Traffic;
  /** Why the rule exists (stored as the rule description, after the owner prefix). */
  why: string;
}

const tcp = (port: number, to = port): Traffic => ({ tcp: [port, to] });
const udp = (port: number, to = port): Traffic => ({ udp: [port, to] });
const pathMtu: Traffic = { icmp: { type: 3, code: 4 } };
const ingress = (peer: Peer, traffic: Traffic, why: string): RuleSpec => ({ direction: 'INGRESS', peer, traffic, why });
const egress = (peer: Peer, traffic: Traffic, why: string): RuleSpec => ({ direction: 'EGRESS', peer, traffic, why });

/**
 * Every rule of docs/virtual-nodes.md §6.2, per NSG. Virtual nodes and pods share one subnet and one NSG (Oracle's
 * recommendation), so "nodes/pods" rules land on `nsg-pods`.
 */
export function desiredRules(env: Environment): Record<NsgId, RuleSpec[]> {
  const pods = { nsg: NSG.pods } as const;
  const api = { nsg: NSG.apiEndpoint } as const;
  const lb = { nsg: NSG.loadBalancer } as const;
  const db = { nsg: NSG.database } as const;
  const osn = { osn: true } as const;
  const dbPort = env.database.port;
  return {
    [NSG.apiEndpoint]: [
      ...env.network.apiEndpointAllowedCidrs.map((cidr) => ingress({ cidr }, tcp(6443), `kubectl clients from ${cidr} to the Kubernetes API`)),
      ingress(pods, tcp(6443), 'virtual nodes and pods to the Kubernetes API'),
      ingress(pods, tcp(12250), 'virtual nodes and pods to the control-plane proxy (proxymux, workload identity token exchange)'),
      ingress(pods, pathMtu, 'path MTU discovery from virtual nodes and pods'),
      egress(osn, tcp(443), 'control plane to OCI services through the service gateway'),
      egress(pods, { tcpAll: true }, 'API server to pod webhooks and virtual-node kubelets (10250)'),
      egress(pods, pathMtu, 'path MTU discovery to virtual nodes and pods'),
    ],
    [NSG.pods]: [
      ingress(pods, { all: true }, 'pod to pod and virtual node to pod'),
      ingress(lb, tcp(30000, 32767), 'load balancer to service NodePorts on pods'),
      ingress(lb, tcp(10256), 'load balancer health checks (kube-proxy, externalTrafficPolicy Cluster)'),
      ingress(lb, udp(10256), 'load balancer health checks over UDP (kube-proxy)'),
      ingress(api, { tcpAll: true }, 'Kubernetes API server to pod webhooks and kubelets'),
      ingress(api, pathMtu, 'path MTU discovery from the Kubernetes API endpoint'),
      egress(pods, { all: true }, 'pod to pod'),
      egress(api, tcp(6443), 'virtual nodes and pods to the Kubernetes API'),
      egress(api, tcp(12250), 'virtual nodes and pods to the control-plane proxy (proxymux, workload identity)'),
      egress(api, pathMtu, 'path MTU discovery to the Kubernetes API endpoint'),
      egress(osn, tcp(443), 'OCIR, Vault and OCI APIs through the service gateway'),
      egress({ cidr: '0.0.0.0/0' }, { all: true }, 'internet egress through the NAT gateway'),
      egress(db, tcp(dbPort), 'app to MySQL'),
      egress(db, tcp(33060), 'app to MySQL X protocol'),
    ],
    [NSG.loadBalancer]: [
      ...env.network.ingressAllowedCidrs.flatMap((cidr) => [
        ingress({ cidr }, tcp(80), `HTTP listener for ${cidr}`),
        ingress({ cidr }, tcp(443), `HTTPS listener for ${cidr}`),
      ]),
      egress(pods, tcp(30000, 32767), 'load balancer to service NodePorts on pods'),
      egress(pods, tcp(10256), 'load balancer health checks to kube-proxy'),
      egress(pods, udp(10256), 'load balancer health checks to kube-proxy over UDP'),
    ],
    [NSG.database]: [
      ingress(pods, tcp(dbPort), 'app pods to MySQL'),
      ingress(pods, tcp(33060), 'app pods to MySQL X protocol'),
    ],
  };
}

/** Resolves a rule spec into the SDK's request shape. */
export function toSdkRule(rule: RuleSpec, resolve: { nsg(id: NsgId): string; osnCidr(): string }): core.models.AddSecurityRuleDetails {
  const peer = rule.peer;
  const [address, type] = 'cidr' in peer ? [peer.cidr, 'CIDR_BLOCK'] : 'nsg' in peer ? [resolve.nsg(peer.nsg), 'NETWORK_SECURITY_GROUP'] : [resolve.osnCidr(), 'SERVICE_CIDR_BLOCK'];
  const t = rule.traffic;
  const base: core.models.AddSecurityRuleDetails = {
    direction: rule.direction as core.models.AddSecurityRuleDetails.Direction,
    protocol: 'all' in t ? 'all' : 'icmp' in t ? '1' : 'udp' in t ? '17' : '6',
    isStateless: false,
    description: `${RULE_OWNER_PREFIX}${rule.why}`,
  };
  if (rule.direction === 'INGRESS') {
    base.source = address;
    base.sourceType = type as core.models.AddSecurityRuleDetails.SourceType;
  } else {
    base.destination = address;
    base.destinationType = type as core.models.AddSecurityRuleDetails.DestinationType;
  }
  if ('tcp' in t) base.tcpOptions = { destinationPortRange: { min: t.tcp[0], max: t.tcp[1] } };
  if ('udp' in t) base.udpOptions = { destinationPortRange: { min: t.udp[0], max: t.udp[1] } };
  if ('icmp' in t) base.icmpOptions = t.icmp.code === undefined ? { type: t.icmp.type } : { type: t.icmp.type, code: t.icmp.code };
  return base;
}

type RuleShape = Pick<core.models.SecurityRule, 'direction' | 'protocol' | 'source' | 'sourceType' | 'destination' | 'destinationType' | 'tcpOptions' | 'udpOptions' | 'icmpOptions' | 'isStateless'>;

/** Identity of a rule for comparison (everything but id and description). */
export function ruleKey(r: RuleShape | core.models.AddSecurityRuleDetails): string {
  const ports = (o?: { destinationPortRange?: { min: number; max: number } }) => (o?.destinationPortRange ? `${o.destinationPortRange.min}-${o.destinationPortRange.max}` : '');
  const peer = r.direction === 'INGRESS' ? `${r.sourceType}:${r.source}` : `${r.destinationType}:${r.destination}`;
  const icmp = r.icmpOptions ? `${r.icmpOptions.type}/${r.icmpOptions.code ?? ''}` : '';
  return [r.direction, r.protocol, peer, ports(r.tcpOptions), ports(r.udpOptions), icmp, r.isStateless ? 'stateless' : 'stateful'].join('|');
}
