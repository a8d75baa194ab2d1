import { APP_CONTRACT } from '../app-contract';
import { contains, overlaps, parseCidr, usableAddresses } from './cidr';
import { consistencyIssues, workloadPodCount } from './consistency';
import { EnvironmentSpec, POD_SHAPE_LIMITS } from './schema';

/** A cross-field problem found after the schema accepted every field on its own. */
export interface SemanticIssue {
  readonly path: string;
  readonly value: unknown;
  readonly message: string;
}

/**
 * Pods outside our charts that also take pod-subnet IPs (ESO: 3, metrics-server: 2) plus rollout surge. An early
 * estimate from the file alone; after synthesis lib/sizing/check.ts counts the real pods, add-ons included.
 */
const ADD_ON_PODS = 5;

function gib(memory: string): number {
  return Number(memory.replace(/Gi$/, ''));
}

function checkResources(spec: EnvironmentSpec, path: string, resources: { cpu: number; memory: string }, out: SemanticIssue[]): void {
  const shape = spec.virtualNodePool.podShape;
  const limits = POD_SHAPE_LIMITS[shape];
  if (resources.cpu > limits.maxOcpus) {
    out.push({ path: `${path}.cpu`, value: resources.cpu, message: `exceeds the ${limits.maxOcpus} OCPUs a ${shape} pod can have; lower it or pick another virtualNodePool.podShape` });
  }
  const memory = gib(resources.memory);
  const maxMemory = Math.min(limits.maxMemoryGiB, resources.cpu * limits.maxMemoryPerOcpuGiB);
  if (memory > maxMemory) {
    out.push({
      path: `${path}.memory`, value: resources.memory,
      message: `exceeds what a ${shape} pod with ${resources.cpu} OCPU can have (${maxMemory}Gi: at most ${limits.maxMemoryPerOcpuGiB}Gi per OCPU, ${limits.maxMemoryGiB}Gi in all); lower memory or raise cpu`,
    });
  }
}

/** Checks that need more than one field: ranges, shape limits, network layout. */
export function semanticIssues(spec: EnvironmentSpec): SemanticIssue[] {
  const out: SemanticIssue[] = [];
  const scaling = spec.app.autoscaling;
  if (scaling.minReplicas > scaling.maxReplicas) {
    out.push({ path: 'app.autoscaling.minReplicas', value: scaling.minReplicas, message: `is greater than app.autoscaling.maxReplicas (${scaling.maxReplicas}); lower minReplicas or raise maxReplicas` });
  }
  const lb = spec.ingress.loadBalancer;
  if (lb.minMbps > lb.maxMbps) {
    out.push({ path: 'ingress.loadBalancer.minMbps', value: lb.minMbps, message: `is greater than ingress.loadBalancer.maxMbps (${lb.maxMbps}); the flexible shape needs min <= max` });
  }
  if (lb.type === 'lb' && lb.shape !== 'flexible') {
    out.push({ path: 'ingress.loadBalancer.shape', value: lb.shape, message: 'fixed LB shapes are deprecated by OCI and ignore minMbps/maxMbps; use "flexible"' });
  }
  if (spec.app.port === APP_CONTRACT.metricsPort) {
    out.push({ path: 'app.port', value: spec.app.port, message: `is the app's metrics port (${APP_CONTRACT.metricsPort}, kept off the Service and Ingress); use another such as 8080` });
  }
  checkResources(spec, 'app.resources', spec.app.resources, out);
  checkResources(spec, 'ingress.controller.resources', spec.ingress.controller.resources, out);

  const net = spec.network;
  const vcn = parseCidr(net.vcnCidr);
  const subnets = [
    ['network.apiEndpointSubnetCidr', net.apiEndpointSubnetCidr],
    ['network.podSubnetCidr', net.podSubnetCidr],
    ['network.loadBalancerSubnetCidr', net.loadBalancerSubnetCidr],
    ['network.databaseSubnetCidr', net.databaseSubnetCidr],
  ] as const;
  subnets.forEach(([path, text], i) => {
    const cidr = parseCidr(text);
    if (cidr.first !== parseCidr(text.split('/')[0] + '/32').first) {
      out.push({ path, value: text, message: `is not aligned to its prefix; use ${ipText(cidr.first)}/${cidr.prefix}` });
    }
    if (!contains(vcn, cidr)) out.push({ path, value: text, message: `is outside network.vcnCidr (${net.vcnCidr}); pick a block inside the VCN` });
    for (const [otherPath, otherText] of subnets.slice(i + 1)) {
      if (overlaps(cidr, parseCidr(otherText))) {
        out.push({ path, value: text, message: `overlaps ${otherPath} (${otherText}); subnets of one VCN must not overlap` });
      }
    }
  });
  if (overlaps(vcn, parseCidr(spec.cluster.servicesCidr))) {
    out.push({ path: 'cluster.servicesCidr', value: spec.cluster.servicesCidr, message: `overlaps network.vcnCidr (${net.vcnCidr}); use a range outside the VCN such as 10.96.0.0/16` });
  }
  const podIps = usableAddresses(parseCidr(net.podSubnetCidr));
  // Each pod is a VNIC IP; a rolling update surges by up to 25 % on top of the HPA maximum.
  const needed = Math.ceil(scaling.maxReplicas * 1.25) + spec.ingress.controller.replicas + 1 + ADD_ON_PODS + spec.virtualNodePool.size + workloadPodCount(spec);
  if (podIps < needed) {
    out.push({
      path: 'network.podSubnetCidr', value: net.podSubnetCidr,
      message: `has ${podIps} usable IPs but up to ${needed} pods and virtual nodes may need one each (HPA max ${scaling.maxReplicas} + surge, ingress, add-ons, workloads); use a larger block such as a /24`,
    });
  }
  checkDatabaseAccess(spec, out);
  out.push(...consistencyIssues(spec));
  return out;
}

/**
 * The admin password must stay with the DB-user Job: the app user is another user, the Job runs in a namespace of its
 * own (any pod of a namespace can mount its Secrets, so no other workload may live there), and nothing else names the
 * admin password's vault secret (the IAM policy grants each reader exactly the secrets it names: vault-readers.ts).
 */
function checkDatabaseAccess(spec: EnvironmentSpec, out: SemanticIssue[]): void {
  const user = spec.database.appUser;
  if (user.name.toLowerCase() === spec.database.adminUsername.toLowerCase()) {
    out.push({ path: 'database.appUser.name', value: user.name, message: `is the admin user (database.adminUsername); the app needs a user of its own, e.g. "app"` });
  }
  const job = user.provisionerNamespace;
  const namespaces: Array<readonly [string, string]> = [
    ['app.namespace', spec.app.namespace],
    ['ingress.controller.namespace', spec.ingress.controller.namespace],
    ...spec.workloads.webServices.map((w, i) => [`workloads.webServices[${i}].namespace`, w.namespace] as const),
    ...spec.workloads.workers.map((w, i) => [`workloads.workers[${i}].namespace`, w.namespace] as const),
    // The Job's own ServiceAccount may be listed in vault.readers (in its namespace), any other may not.
    ...spec.vault.readers.flatMap((r, i) => (r.serviceAccount === user.provisionerServiceAccountName ? [] : [[`vault.readers[${i}].namespace`, r.namespace] as const])),
  ];
  for (const [path, ns] of namespaces) {
    if (ns === job) out.push({ path: 'database.appUser.provisionerNamespace', value: ns, message: `is also ${path}; the Job that reads the admin password needs a namespace of its own, e.g. "db-user"` });
  }
  const admin = spec.vault.dbPasswordSecretName;
  if (spec.vault.dbAppPasswordSecretName === admin) {
    out.push({ path: 'vault.dbAppPasswordSecretName', value: admin, message: 'is the admin password secret (vault.dbPasswordSecretName); give the app user\'s password a secret of its own, e.g. "db-app-password"' });
  }
  if (spec.app.pullSecret.enabled && spec.app.pullSecret.authTokenSecretName === admin) {
    out.push({ path: 'app.pullSecret.authTokenSecretName', value: admin, message: 'is the admin password secret (vault.dbPasswordSecretName); the app namespace must never read it' });
  }
  const readsAdmin = 'is the admin password secret (vault.dbPasswordSecretName); only the DB-user Job may read it: give this a vault secret of its own';
  const names: Array<readonly [string, string]> = [
    ...(spec.ingress.tls.termination === 'none' ? [] : [['ingress.tls.vaultSecretName', spec.ingress.tls.vaultSecretName] as const]),
    ...(['webServices', 'workers'] as const).flatMap((kind) => spec.workloads[kind].flatMap((w, i) => [
      ...w.secrets.flatMap((sec, j) => sec.keys.map((k, n) => [`workloads.${kind}[${i}].secrets[${j}].keys[${n}].vaultSecretName`, k.vaultSecretName] as const)),
      ...('ingress' in w && w.ingress?.certificate !== undefined ? [[`workloads.${kind}[${i}].ingress.certificate.vaultSecretName`, w.ingress.certificate.vaultSecretName] as const] : []),
    ])),
    ...spec.vault.readers.flatMap((r, i) => (r.namespace === job && r.serviceAccount === user.provisionerServiceAccountName ? []
      : r.secrets.map((sec, j) => [`vault.readers[${i}].secrets[${j}]`, sec] as const))),
  ];
  for (const [path, name] of names) {
    if (name === admin) out.push({ path, value: name, message: readsAdmin });
  }
}

function ipText(n: number): string {
  return [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.');
}
