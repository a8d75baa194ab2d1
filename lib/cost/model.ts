import { Environment } from '../config';
import { EnvironmentSizing, ScaleTotals } from '../sizing';
import { Price, PriceList } from './prices';

/** A figure at minimum and at maximum scale. */
export interface MinMax {
  readonly min: number;
  readonly max: number;
}

/** One priced line: a quantity of one price-list part for a month. */
export interface CostItem {
  readonly id: string;
  /** What is counted, for this environment. */
  readonly description: string;
  readonly part: string;
  readonly priceName: string;
  /** Oracle's metric of the unit price, e.g. "OCPU Per Hour". */
  readonly metric: string;
  readonly unitPrice: number;
  /** How many units (OCPUs, GB, load balancers, ...) at minimum and maximum scale. */
  readonly quantity: MinMax;
  /** Hours in the month the unit price is multiplied by: hoursPerMonth for hourly metrics, 1 for monthly ones. */
  readonly hours: number;
  /** quantity × unitPrice × hours, rounded to the cent. */
  readonly monthly: MinMax;
  readonly source: string;
  readonly read: string;
}

/** One workload's pods and what they cost. */
export interface WorkloadCost {
  readonly origin: string;
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  readonly replicas: MinMax;
  readonly scaling: string;
  /** Requests (= limits) of one pod. */
  readonly perPod: { readonly ocpus: number; readonly memoryGiB: number };
  /** What OKE allocates and bills for one pod (whole OCPUs; memory + 0.25 GB runtime, whole GB). */
  readonly billedPerPod: { readonly ocpus: number; readonly memoryGB: number };
  readonly total: { readonly min: { readonly ocpus: number; readonly memoryGiB: number }; readonly max: { readonly ocpus: number; readonly memoryGiB: number } };
  /** Whether the pods are billed around the clock (a Job deleted after it finished is billed per run, not here). */
  readonly continuous: boolean;
  /** Its share of the pod items, rounded to the cent (0 for per-run workloads). */
  readonly monthly: MinMax;
}

/** The sizing and monthly list-price cost of an environment. */
export interface CostReport {
  readonly environment: string;
  readonly region: string;
  readonly currency: 'USD';
  readonly priceList: { readonly date: string; readonly readOn: string; readonly howRead: string; readonly url: string };
  readonly hoursPerMonth: number;
  readonly podShape: string;
  readonly workloads: readonly WorkloadCost[];
  /** Requests (= limits) summed over every workload. */
  readonly sizing: { readonly min: ScaleTotals; readonly max: ScaleTotals };
  readonly items: readonly CostItem[];
  /** Sum of the items' monthly figures. */
  readonly total: MinMax;
  readonly notes: readonly string[];
  readonly notIncluded: readonly string[];
}

/** A vault as the cost report prices it. */
export interface VaultSpec {
  /** DEFAULT (virtual, shared HSM partition) or VIRTUAL_PRIVATE (dedicated partition, billed by the hour). */
  readonly type: 'DEFAULT' | 'VIRTUAL_PRIVATE';
  /** HSM-protected key versions in it. */
  readonly hsmKeyVersions: number;
}

export interface CostOptions {
  /** The vault to price. @default bootstrappedVault(env) (what the bootstrap creates) */
  readonly vault?: VaultSpec;
  /**
   * Log storage a month in GB: the VCN flow logs of `logging.flowLogSubnets`, kept `logging.retentionDays`. Their
   * volume depends on the traffic through the subnets, which the environment file does not say. @default 0
   */
  readonly logStorageGBPerMonth?: number;
}

/** A price the report cannot compute, with the field and the fix. */
export class CostError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CostError';
  }
}

/**
 * The vault as lib/bootstrap/resources/vault.ts creates it: of `vault.type`, holding one HSM-protected AES key (one
 * key version when created; on a VIRTUAL_PRIVATE vault each automatic rotation adds one). The secrets live in it too;
 * secrets are not a priced part.
 */
export function bootstrappedVault(env: Environment): VaultSpec {
  return { type: env.vault.type, hsmKeyVersions: 1 };
}

/**
 * A high-availability MySQL DB system is three MySQL instances, each with its own compute and block storage
 * ("Overview of DB System", https://docs.oracle.com/en-us/iaas/mysql-database/doc/overview-db-system.html).
 */
export const MYSQL_HA_INSTANCES = 3;

const cents = (usd: number) => Math.round(usd * 100) / 100;
const tidy = (n: number) => Math.round(n * 1e6) / 1e6;

function item(id: string, description: string, price: Price, quantity: MinMax, hours: number): CostItem {
  return {
    id, description, part: price.part, priceName: price.name, metric: price.metric, unitPrice: price.usd,
    quantity: { min: tidy(quantity.min), max: tidy(quantity.max) }, hours,
    monthly: { min: cents(quantity.min * price.usd * hours), max: cents(quantity.max * price.usd * hours) },
    source: price.source, read: price.read,
  };
}

const same = (n: number): MinMax => ({ min: n, max: n });

/** Prices an environment's sizing and cloud resources at list prices. Pure arithmetic over the inputs. */
export function estimateCost(env: Environment, sizing: EnvironmentSizing, prices: PriceList, options: CostOptions = {}): CostReport {
  const p = prices.prices;
  const hours = prices.hoursPerMonth.value;
  const shape = env.virtualNodePool.podShape;
  const shapePrices = p.podShapes[shape];

  const workloads: WorkloadCost[] = sizing.workloads.map((w) => {
    const perHour = w.billed.ocpus * shapePrices.ocpu.usd + w.billed.memoryGB * shapePrices.memory.usd;
    const monthly = (n: number) => (w.continuous ? cents(n * perHour * hours) : 0);
    const total = (n: number) => ({ ocpus: tidy(n * w.pod.ocpus), memoryGiB: tidy(n * w.pod.memoryGiB) });
    return {
      origin: w.origin, kind: w.kind, namespace: w.namespace, name: w.name, replicas: w.replicas, scaling: w.scaling,
      perPod: { ocpus: w.pod.ocpus, memoryGiB: w.pod.memoryGiB },
      billedPerPod: { ocpus: w.billed.ocpus, memoryGB: w.billed.memoryGB },
      total: { min: total(w.replicas.min), max: total(w.replicas.max) },
      continuous: w.continuous,
      monthly: { min: monthly(w.replicas.min), max: monthly(w.replicas.max) },
    };
  });
  const billed = (scale: 'min' | 'max', key: 'ocpus' | 'memoryGB') => sizing.workloads
    .filter((w) => w.continuous).reduce((sum, w) => sum + w.replicas[scale] * w.billed[key], 0);

  const items: CostItem[] = [
    item('virtual-nodes', `virtual nodes (pool ${env.virtualNodePool.name})`, p.okeVirtualNode, same(env.virtualNodePool.size), hours),
    item('pod-ocpus', `pod OCPUs, ${shape} (whole per pod)`, shapePrices.ocpu, { min: billed('min', 'ocpus'), max: billed('max', 'ocpus') }, hours),
    item('pod-memory', 'pod memory GB (limit + 0.25 GB, rounded up)', shapePrices.memory, { min: billed('min', 'memoryGB'), max: billed('max', 'memoryGB') }, hours),
    item('enhanced-cluster', `enhanced cluster ${env.cluster.name}`, p.okeEnhancedCluster, same(1), hours),
    ...loadBalancerItems(env, prices, hours),
    ...mysqlItems(env, prices, hours),
    ...vaultItems(env, options.vault ?? bootstrappedVault(env), prices, hours),
    item('log-storage', `log storage GB (flow logs: ${env.logging.flowLogSubnets.join(', ')}, ${env.logging.retentionDays} days; ${options.logStorageGBPerMonth ? '--log-gb' : 'volume: see --log-gb'})`,
      p.loggingStorage, same(options.logStorageGBPerMonth ?? 0), 1),
  ];
  const sum = (scale: 'min' | 'max') => items.reduce((cent, i) => cent + Math.round(i.monthly[scale] * 100), 0) / 100;
  return {
    environment: env.name,
    region: env.oci.region,
    currency: prices.currency,
    priceList: { date: prices.priceListDate, readOn: prices.readOn, howRead: prices.howRead, url: prices.priceListUrl },
    hoursPerMonth: hours,
    podShape: shape,
    workloads,
    sizing: { min: sizing.min, max: sizing.max },
    items,
    total: { min: sum('min'), max: sum('max') },
    notes: [
      'Requests equal limits on virtual nodes; one Kubernetes CPU is counted as one OCPU (as the environment schema does).',
      'OKE allocates each pod whole OCPUs and whole GB, after adding 0.25 GB for kube-proxy and the runtime (docs/virtual-nodes.md §5): a 1 GiB pod is billed 2 GB.',
      `Minimum scale = HPA minimums and LB minimum bandwidth; maximum = HPA maximums and LB maximum bandwidth; ${hours} hours a month.`,
      'Jobs deleted after they finish (ttlSecondsAfterFinished) and CronJobs are billed per run and priced at 0 here; a Job kept after it finished is billed while it exists.',
    ],
    notIncluded: [
      'Always Free and other tenancy-wide free allowances (one load balancer with 10 Mbps, 10 GB of logs, 20 key versions): they are shared by the whole tenancy, so none is deducted.',
      'Outbound data transfer (the first 10 TB a month are free), MySQL backup storage, OCIR image storage (Object Storage rates), taxes and contract discounts.',
    ],
  };
}

function loadBalancerItems(env: Environment, prices: PriceList, hours: number): CostItem[] {
  const lb = env.ingress.loadBalancer;
  const where = lb.internal ? 'private' : 'public';
  if (lb.type === 'nlb') return [item('network-load-balancer', `network load balancer, ${where}`, prices.prices.networkLoadBalancer, same(1), hours)];
  return [
    item('load-balancer', `load balancer, flexible, ${where}`, prices.prices.loadBalancerBase, same(1), hours),
    item('load-balancer-bandwidth', `LB bandwidth Mbps (min ${lb.minMbps}, max ${lb.maxMbps})`, prices.prices.loadBalancerBandwidth, { min: lb.minMbps, max: lb.maxMbps }, hours),
  ];
}

function mysqlItems(env: Environment, prices: PriceList, hours: number): CostItem[] {
  const db = env.database;
  const ecpus = prices.mysqlEcpuShapes.ecpus[db.shape];
  if (ecpus === undefined) {
    throw new CostError(`database.shape "${db.shape}" has no ECPU count in lib/cost/prices.json (mysqlEcpuShapes: ${Object.keys(prices.mysqlEcpuShapes.ecpus).join(', ')}); use an ECPU shape or add this one with its ECPUs`);
  }
  const instances = db.highlyAvailable ? MYSQL_HA_INSTANCES : 1;
    return [
    item('mysql-ecpus', `MySQL ${db.shape}: ${ecpus} ECPUs x ${instances} instance${instances > 1 ? 's (HA)' : ''}`, prices.prices.mysqlEcpu, same(ecpus * instances), hours),
    item('mysql-storage', `MySQL storage GB (${db.storageGB} x ${instances})`, prices.prices.mysqlStorage, same(db.storageGB * instances), 1),
  ];
}

function vaultItems(env: Environment, spec: VaultSpec, prices: PriceList, hours: number): CostItem[] {
  const versions = spec.hsmKeyVersions;
  const keyPrice = prices.prices.keyVersions;
  if (versions > keyPrice.maxFreeKeyVersions) {
    throw new CostError(`${versions} HSM key versions exceed the ${keyPrice.maxFreeKeyVersions} that lib/cost/prices.json can price (keyVersions); record the rate above the free tier there`);
  }
  const isDefault = spec.type === 'DEFAULT';
  // Automatic rotation is what the bootstrap sets on a VIRTUAL_PRIVATE vault only (vault.ts); each adds a version.
  const rotation = isDefault ? '' : `; +1 every ${env.vault.keyRotationIntervalDays} days`;
  return [
    item('vault', `vault ${env.vault.name}: ${isDefault ? 'default (virtual)' : 'virtual private'}`, isDefault ? prices.prices.vaultDefault : prices.prices.vaultVirtualPrivate, same(1), hours),
    item('key-versions', `HSM key versions (the AES key${rotation})`, keyPrice, same(versions), 1),
  ];
}
