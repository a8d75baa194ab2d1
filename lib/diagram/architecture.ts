import { HelmAddOn, platformAddOns } from '../addons';
import { Environment } from '../config';
import { logGroupName } from '../config/logging-names';
import type { FlowLogSubnet } from '../config/schema';
import { podTemplateOf } from '../guard/pods';
import type { KubeObject } from '../guard/types';
import { rec, recs, str } from '../guard/util';
import { EnvironmentSizing, OUR_WORKLOADS, ScaleTotals, WorkloadSizing } from '../sizing';
import { Block, GAP, Placed, byId, measure, place } from './layout';
import { Arrow, renderSvg } from './svg';

/** What the picture is drawn from: the environment (its outputs merged), the synthesized files, the sizing. */
export interface ArchitectureInput {
  /** The environment as loaded: the file with config/<env>.outputs.json merged over it when present. */
  readonly env: Environment;
  /** Our synthesized manifest files (path under dist/<env>/ and objects). */
  readonly manifests: ReadonlyArray<{ readonly path: string; readonly objects: readonly KubeObject[] }>;
  /** What every pod reserves (lib/sizing), add-ons included. */
  readonly sizing: EnvironmentSizing;
}

/** File name of the picture beside the manifests: dist/<env>/architecture.svg. */
export const ARCHITECTURE_SVG = 'architecture.svg';

const MARGIN = 20;
/** Space between the side columns and the VCN: room for an arrow and its badge. */
const CHANNEL = 72;
/** Space between the VCN's rows (subnets): room for a vertical arrow and its badge. */
const ROW_GAP = 34;
/** Namespaces wrap into rows no wider than this. */
const NAMESPACE_WRAP = 1180;

/** Keeps text to glyphs every monospace font has at 0.6 em (see layout.ts). */
function clean(text: string): string {
  return text.replace(/[–—]/g, '-').replace(/→/g, '->').replace(/…/g, '...').replace(/[^\x20-\x7e·]/g, '?');
}

function shortOcid(ocid: string): string {
  return ocid.length <= 44 ? ocid : `${ocid.slice(0, 26)}...${ocid.slice(-12)}`;
}

const num = (n: number) => String(Math.round(n * 1000) / 1000);
const range = (min: number, max: number) => (min === max ? num(min) : `${num(min)}-${num(max)}`);
const totals = (t: ScaleTotals) => `${t.pods} pods · ${num(t.ocpus)} OCPU · ${num(t.memoryGiB)} GiB`;

function block(b: Block): Block {
  return { ...b, title: b.title === undefined ? undefined : clean(b.title), lines: b.lines?.map(clean) };
}

function workloadBlock(w: WorkloadSizing): Block {
  const continuous = w.continuous ? '' : ' (per run)';
  return block({
    tone: 'workload',
    id: `workload:${w.namespace}/${w.name}`,
    title: `${w.kind} ${w.name}`,
    lines: [
      `${range(w.replicas.min, w.replicas.max)} pod${w.replicas.max === 1 ? '' : 's'}${continuous} · ${w.scaling}`,
      `per pod ${num(w.pod.ocpus)} OCPU · ${num(w.pod.memoryGiB)} GiB`,
      `total ${range(w.replicas.min * w.pod.ocpus, w.replicas.max * w.pod.ocpus)} OCPU · ${range(w.replicas.min * w.pod.memoryGiB, w.replicas.max * w.pod.memoryGiB)} GiB`,
    ],
  });
}

/** One line per object a reader wants to see in a namespace box: entry points and the secret flow. */
function objectLines(objects: readonly KubeObject[]): string[] {
  const out: string[] = [];
  for (const o of objects) {
    const spec = rec(o.spec);
    const name = o.metadata?.name ?? '';
    if (o.kind === 'Service' && spec.type === 'LoadBalancer') {
      out.push(`Service ${name}: LoadBalancer, ports ${recs(spec.ports).map((p) => String(p.port)).join(', ')}`);
    } else if (o.kind === 'Ingress') {
      for (const rule of recs(spec.rules)) {
        for (const path of recs(rec(rule.http).paths)) {
          const tls = recs(spec.tls).find((t) => Array.isArray(t.hosts) && t.hosts.includes(rule.host));
          out.push(`Ingress ${name}: ${tls === undefined ? 'http' : 'https'}://${str(rule.host) ?? '*'}${str(path.path) ?? '/'} -> ${str(rec(rec(path.backend).service).name) ?? '?'}${tls === undefined ? '' : ` (TLS: Secret ${str(tls.secretName) ?? '?'})`}`);
        }
      }
    } else if (o.kind === 'SecretStore' || o.kind === 'ClusterSecretStore') {
      const oracle = rec(rec(spec.provider).oracle);
      const auth = oracle.principalType === 'Workload' ? `Workload Identity, SA ${str(rec(oracle.serviceAccountRef).name) ?? '?'}` : str(oracle.principalType) ?? 'provider';
      out.push(`${o.kind} ${name}: OCI Vault (${auth})`);
    } else if (o.kind === 'ExternalSecret') {
      const keys = recs(spec.data).map((d) => str(rec(d.remoteRef).key)).filter((k): k is string => k !== undefined);
      out.push(`ExternalSecret ${name} -> Secret ${str(rec(spec.target).name) ?? name}`);
      for (const key of keys) out.push(`  from vault secret ${key}`);
    }
  }
  return out;
}

interface Namespace { readonly name: string; readonly origin: string; readonly objects: readonly KubeObject[]; readonly addOns: readonly HelmAddOn[] }

/** Namespaces in a stable order: ours as the manifests create them, then the add-ons'. */
function namespacesOf(input: ArchitectureInput, addOns: readonly HelmAddOn[]): Namespace[] {
  const order: string[] = [];
  const add = (ns: string | undefined) => { if (ns !== undefined && !order.includes(ns)) order.push(ns); };
  const objects = input.manifests.filter((f) => !f.path.includes('/')).flatMap((f) => f.objects);
  for (const o of objects) add(o.kind === 'Namespace' ? o.metadata?.name : o.metadata?.namespace);
  for (const w of input.sizing.workloads) add(w.namespace);
  return order.map((name) => {
    const ours = objects.some((o) => o.metadata?.namespace === name || (o.kind === 'Namespace' && o.metadata?.name === name));
    const nsAddOns = addOns.filter((a) => a.namespace === name);
    const origin = [
      ...(ours ? [`our manifests: dist/${input.env.name}/`] : []),
      ...nsAddOns.map((a) => `add-on ${a.name}: chart ${a.chart.chart} ${a.chart.version}`),
    ].join('; ');
    return { name, origin, objects: objects.filter((o) => o.metadata?.namespace === name), addOns: nsAddOns };
  });
}

function namespaceBlock(ns: Namespace, sizing: EnvironmentSizing): Block {
  const workloads = sizing.workloads.filter((w) => w.namespace === ns.name);
  const ours = workloads.some((w) => w.origin === OUR_WORKLOADS) || ns.addOns.length === 0;
  return block({
    tone: ours ? 'component' : 'addon',
    id: `namespace:${ns.name}`,
    title: `namespace ${ns.name}`,
    lines: [ns.origin, ...objectLines(ns.objects)],
    children: workloads.map(workloadBlock),
  });
}

function imagesOf(objects: readonly KubeObject[]): string[] {
  const images = new Set<string>();
  for (const o of objects) {
    const t = podTemplateOf(o);
    for (const c of t === undefined ? [] : recs(t.spec.containers)) {
      const image = str(c.image);
      if (image !== undefined) images.add(image);
    }
  }
  return [...images];
}

/** The subnet's line about its VCN flow log, when `logging.flowLogSubnets` lists it. */
function flowLogLines(env: Environment, subnet: FlowLogSubnet): string[] {
  return env.logging.flowLogSubnets.includes(subnet) ? [`VCN flow log -> OCI Logging, log group ${logGroupName(env)}`] : [];
}

function routeLine(isPublic: boolean, kind: 'edge' | 'private' | 'database'): string {
  if (kind === 'database') return 'private · routes: Oracle services -> service gateway (no internet route)';
  return isPublic ? 'public · routes: 0.0.0.0/0 -> internet gateway'
    : 'private · routes: 0.0.0.0/0 -> NAT gateway; Oracle services -> service gateway';
}

/** The VCN: gateways, then the API endpoint, load balancer, pod and database subnets, top to bottom. */
function vcnBlock(input: ArchitectureInput, namespaces: readonly Namespace[], lbService: KubeObject | undefined): Block {
  const { env, sizing } = input;
  const net = env.network;
  const lb = env.ingress.loadBalancer;
  const pool = env.virtualNodePool;
  const db = env.database;
  const perAd = (i: number) => Math.floor(pool.size / pool.placement.length) + (i < pool.size % pool.placement.length ? 1 : 0);
  const gateways = block({
    tone: 'plain',
    direction: 'row',
    children: [
      block({ tone: 'gateway', id: 'internet-gateway', title: 'Internet gateway', lines: ['0.0.0.0/0 of the public subnets'] }),
      block({ tone: 'gateway', id: 'nat-gateway', title: 'NAT gateway', lines: ['0.0.0.0/0 of the private subnets'] }),
      block({ tone: 'gateway', id: 'service-gateway', title: 'Service gateway', lines: ['all services in Oracle Services Network'] }),
    ],
  });
  const api = block({
    tone: net.publicApiEndpoint ? 'public' : 'private',
    id: 'subnet:api',
    title: `Kubernetes API endpoint subnet ${net.apiEndpointSubnetCidr}`,
    lines: [routeLine(net.publicApiEndpoint, 'edge'), 'NSG api-endpoint: the cluster API endpoint', ...flowLogLines(env, 'apiEndpoint')],
    children: [block({
      tone: 'component',
      id: 'cluster',
      title: `OKE enhanced cluster ${env.cluster.name}`,
      lines: [
        `Kubernetes ${env.cluster.kubernetesVersion} · VCN-native pod networking`,
        `API endpoint :6443 (${net.publicApiEndpoint ? 'public IP' : 'private IP'}) · services ${env.cluster.servicesCidr}`,
        'Secrets in etcd encrypted with the vault key',
        `cluster ${shortOcid(env.cluster.id)}`,
      ],
    })],
  });
  const lbName = lbService === undefined ? '(no LoadBalancer Service)' : `${lbService.metadata?.namespace}/${lbService.metadata?.name}`;
  const lbPorts = lbService === undefined ? '' : recs(rec(lbService.spec).ports).map((p) => String(p.port)).join(', ');
  const lbTlsSecret = lbService === undefined ? undefined : str(rec(rec(lbService.metadata).annotations)['service.beta.kubernetes.io/oci-load-balancer-tls-secret']);
  const lbSubnet = block({
    tone: lb.internal ? 'private' : 'public',
    id: 'subnet:lb',
    title: `Load balancer subnet ${net.loadBalancerSubnetCidr}`,
    lines: [routeLine(!lb.internal, 'edge'), 'NSG load-balancer: the load balancer', ...flowLogLines(env, 'loadBalancer')],
    children: [block({
      tone: 'component',
      id: 'load-balancer',
      title: lb.type === 'nlb' ? 'OCI network load balancer' : 'OCI load balancer',
      lines: [
        `${lb.type === 'nlb' ? 'type nlb (layer 4)' : `type lb · ${lb.shape} shape · ${lb.minMbps}-${lb.maxMbps} Mbps`} · ${lb.internal ? 'internal' : 'public'}`,
        `for Service ${lbName}: ports ${lbPorts}${lbTlsSecret === undefined ? '' : ` · TLS ends here (${lbTlsSecret})`}`,
        `health check every ${lb.healthCheck.intervalMs} ms, ${lb.healthCheck.retries} retries`,
        `subnet ${shortOcid(lb.subnetId)}`,
      ],
    })],
  });
  const poolBlock = block({
    tone: 'pool',
    id: 'virtual-node-pool',
    title: `Virtual node pool ${pool.name}: ${pool.size} virtual nodes, pod shape ${pool.podShape}`,
    lines: [
      `nodes labelled ${pool.nodeLabel.key}=${pool.nodeLabel.value}${pool.taint === undefined ? '' : `, tainted ${pool.taint.key}=${pool.taint.value}:${pool.taint.effect}`}; every pod selects it`,
      'spread as evenly as possible over these availability and fault domains:',
    ],
    direction: 'row',
    children: pool.placement.map((p, i) => block({
      tone: 'ad',
      id: `ad:${p.availabilityDomain}`,
      title: p.availabilityDomain,
      lines: [...p.faultDomains, `~${perAd(i)} virtual node${perAd(i) === 1 ? '' : 's'}`],
    })),
  });
  const { usableIps, peakIps } = sizing.podSubnet;
  const pods = block({
    tone: 'private',
    id: 'subnet:pods',
    title: `Pod subnet ${net.podSubnetCidr} (virtual nodes and pods)`,
    lines: [
      routeLine(false, 'private'),
      'NSG pods: the virtual nodes and every pod',
      ...flowLogLines(env, 'pods'),
      `${usableIps} usable IPs; up to ${peakIps} in use at once (maximum scale + rollout surge + virtual nodes)`,
      `min ${totals(sizing.min)}   max ${totals(sizing.max)}`,
    ],
    children: [poolBlock, block({ tone: 'plain', direction: 'row', wrap: NAMESPACE_WRAP, children: namespaces.map((ns) => namespaceBlock(ns, sizing)) })],
  });
  const database = block({
    tone: 'private',
    id: 'subnet:db',
    title: `Database subnet ${net.databaseSubnetCidr}`,
    lines: [routeLine(false, 'database'), 'NSG database: the MySQL DB system', ...flowLogLines(env, 'database')],
    children: [block({
      tone: 'component',
      id: 'mysql',
      title: `MySQL DB system ${db.name}`,
      lines: [
        `shape ${db.shape} · ${db.storageGB} GB storage · ${db.highlyAvailable ? 'high availability: 3 instances' : 'standalone: 1 instance'}`,
        `endpoint ${db.host}:${db.port} · schema ${db.schemaName} · app user ${db.appUser.name} (rights on ${db.schemaName} only)`,
        `admin user ${db.adminUsername}: its password read only by the Job in namespace ${db.appUser.provisionerNamespace}`,
        `TLS from the app: ${env.app.dbTlsMode}`,
        `${db.deleteProtection ? 'delete-protected' : 'not delete-protected'} · ${db.backup.enabled ? `backups kept ${db.backup.retentionDays} days${db.backup.pointInTimeRecovery ? ', point-in-time recovery' : ''}` : 'no automatic backups'}${db.finalBackup ? ' · final backup on delete' : ''}`,
      ],
    })],
  });
  return block({
    tone: 'vcn',
    id: 'vcn',
    title: `VCN ${net.vcnCidr} · region ${env.oci.region}`,
    lines: [`compartment ${shortOcid(env.oci.compartmentId)} · security lists empty: every rule is on an NSG`],
    gap: ROW_GAP,
    children: [gateways, api, lbSubnet, pods, database],
  });
}

function secretNames(objects: readonly KubeObject[]): string[] {
  const keys = new Set<string>();
  for (const o of objects) {
    if (o.kind !== 'ExternalSecret') continue;
    for (const d of recs(rec(o.spec).data)) {
      const key = str(rec(d.remoteRef).key);
      if (key !== undefined) keys.add(key);
    }
  }
  return [...keys];
}

/** The architecture picture of one environment, as deterministic SVG text. */
export function architectureSvg(input: ArchitectureInput): string {
  const { env, sizing } = input;
  const addOns = platformAddOns(env);
  const objects = input.manifests.flatMap((f) => f.objects);
  const namespaces = namespacesOf(input, addOns);
  const lbService = objects.find((o) => o.kind === 'Service' && rec(o.spec).type === 'LoadBalancer');
  const images = imagesOf(objects);
  const ocirImages = images.filter((i) => /^[a-z0-9-]+\.ocir\.io\//.test(i));
  const otherImages = images.filter((i) => !ocirImages.includes(i));
  const title = `OKE virtual nodes: environment ${env.name} (${env.oci.region})`;

  const header = block({
    tone: 'plain',
    title,
    lines: [
      `Generated by npm run synth from config/${env.name}.yaml (merged with config/${env.name}.outputs.json when present) and the synthesized objects; do not edit.`,
      `Reserved (requests = limits, add-ons included): ${totals(sizing.min)} at minimum scale, ${totals(sizing.max)} at maximum. Prices: npm run cost -- --env ${env.name}`,
    ],
  });
  const clients = block({ tone: 'external', id: 'clients', title: 'Clients', lines: [`host ${env.ingress.host}${env.ingress.path}`, ...env.network.ingressAllowedCidrs.map((c) => `from ${c}`)] });
  const admins = block({ tone: 'external', id: 'admins', title: 'Admins (kubectl)', lines: env.network.apiEndpointAllowedCidrs.map((c) => `from ${c}`) });
  const vault = block({
    tone: 'external',
    id: 'vault',
    title: `OCI Vault ${env.vault.name}`,
    lines: [
      env.vault.type === 'VIRTUAL_PRIVATE'
        ? `virtual private vault, HSM-protected AES key, rotated every ${env.vault.keyRotationIntervalDays} days`
        : 'default vault, HSM-protected AES key (rotated by hand)',
      'the key also encrypts the cluster\'s Secrets in etcd',
      'secrets read by ESO:', ...secretNames(objects).map((s) => `  ${s}`), `vault ${shortOcid(env.vault.id)}`,
    ],
  });
  const ocir = block({
    tone: 'external',
    id: 'ocir',
    title: 'OCIR (container registry)',
    lines: [...ocirImages, ...(env.app.pullSecret.enabled ? [`pull secret from the vault (${env.app.pullSecret.username})`] : ['public pull (no pull secret)'])],
  });
  const logs = block({
    tone: 'external',
    id: 'logging',
    title: 'OCI Logging',
    lines: [
      `log group ${logGroupName(env)}`,
      `VCN flow logs of the subnets: ${env.logging.flowLogSubnets.join(', ')}`,
      'written by the VCN itself (no traffic through a gateway)',
      `kept ${env.logging.retentionDays} days`,
    ],
  });
  const flows = [
    `1  clients -> load balancer: TCP ${lbService === undefined ? '?' : recs(rec(lbService.spec).ports).map((p) => String(p.port)).join(', ')} from ${env.network.ingressAllowedCidrs.join(', ')} (NSG load-balancer)`,
    '2  load balancer -> ingress controller pods in the pod subnet (NSG load-balancer -> NSG pods)',
    `3  kubectl -> Kubernetes API endpoint: TCP 6443 from ${env.network.apiEndpointAllowedCidrs.join(', ')} (NSG api-endpoint)`,
    `4  app pods -> MySQL ${env.database.host}:${env.database.port} as user ${env.database.appUser.name}, TLS ${env.app.dbTlsMode}; the DB-user Job as ${env.database.adminUsername}, to make that user (NSG pods -> NSG database)`,
    '5  ESO -> OCI Vault through the service gateway, with Workload Identity; it writes the Secrets the pods mount',
    '6  pods pull images from OCIR through the service gateway',
    `in the cluster: ingress controller -> app (Ingress ${env.ingress.host}${env.ingress.path}); other images (${otherImages.join(', ') || 'none'}) and the add-ons' come through the NAT gateway`,
  ];
  const legend = block({ tone: 'legend', id: 'legend', title: 'Flows (numbers on the arrows)', lines: flows });

  // Place the VCN first; the side boxes are then aligned with the subnets their arrows reach.
  const headerPlaced = place(header, MARGIN, MARGIN);
  const leftW = Math.max(measure(clients).w, measure(admins).w);
  const vcnX = MARGIN + leftW + CHANNEL;
  const top = headerPlaced.y + headerPlaced.h + GAP;
  const vcn = place(vcnBlock(input, namespaces, lbService), vcnX, top);
  const apiSubnet = byId([vcn], 'subnet:api');
  const lbSubnet = byId([vcn], 'subnet:lb');
  const podSubnet = byId([vcn], 'subnet:pods');
  const dbSubnet = byId([vcn], 'subnet:db');
  const adminsPlaced = place(admins, MARGIN, apiSubnet.y, leftW);
  const clientsPlaced = place(clients, MARGIN, Math.max(lbSubnet.y, adminsPlaced.y + adminsPlaced.h + GAP), leftW);
  const rightX = vcn.x + vcn.w + CHANNEL;
  const osn = place(block({ tone: 'pool', id: 'osn', title: 'Oracle Services Network', lines: ['reached through the service gateway'], gap: ROW_GAP, children: [vault, ocir, logs] }), rightX, podSubnet.y);
  const vaultPlaced = byId([osn], 'vault');
  const ocirPlaced = byId([osn], 'ocir');
  const bottom = Math.max(vcn.y + vcn.h, osn.y + osn.h, clientsPlaced.y + clientsPlaced.h);
  const width = Math.max(osn.x + osn.w + MARGIN, headerPlaced.x + headerPlaced.w + MARGIN, measure(legend).w + 2 * MARGIN);
  const legendPlaced = place(legend, MARGIN, bottom + ROW_GAP, width - 2 * MARGIN);
  const height = legendPlaced.y + legendPlaced.h + MARGIN;

  const arrows: Arrow[] = [
    horizontal(clientsPlaced, lbSubnet, '1'),
    vertical(lbSubnet, podSubnet, lbSubnet.x + Math.round(lbSubnet.w / 2), '2'),
    horizontal(adminsPlaced, apiSubnet, '3'),
    vertical(podSubnet, dbSubnet, podSubnet.x + Math.round(podSubnet.w / 2), '4'),
    horizontal(podSubnet, vaultPlaced, '5'),
    horizontal(podSubnet, ocirPlaced, '6'),
  ].filter((a): a is Arrow => a !== undefined);
  return renderSvg([headerPlaced, vcn, adminsPlaced, clientsPlaced, osn, legendPlaced], arrows, { w: width, h: height }, title);
}

/** Left-to-right arrow between boxes whose vertical spans overlap (at the middle of the overlap). */
function horizontal(from: Placed, to: Placed, badge: string): Arrow | undefined {
  const topY = Math.max(from.y, to.y);
  const bottomY = Math.min(from.y + from.h, to.y + to.h);
  if (bottomY - topY < 20) return undefined;
  const y = Math.round((topY + bottomY) / 2);
  return { from: { x: from.x + from.w + 2, y }, to: { x: to.x - 2, y }, badge, badgeSide: 'above' };
}

/** Top-to-bottom arrow across the gap between two stacked boxes. */
function vertical(from: Placed, to: Placed, x: number, badge: string): Arrow {
  return { from: { x, y: from.y + from.h + 2 }, to: { x, y: to.y - 2 }, badge, badgeSide: 'right' };
}
