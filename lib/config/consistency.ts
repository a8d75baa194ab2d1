import { KUBERNETES_MINOR } from '../kubernetes-version';
import { OCI_REGIONS, OciRegion, availabilityDomainPrefix, isOcirHost, ocirHosts, regionOfOcirHost } from './regions';
import { EnvironmentSpec, POD_SHAPE_LIMITS } from './schema';

/** A problem found across fields, after each field passed the schema on its own. */
export interface ConsistencyIssue {
  readonly path: string;
  readonly value: unknown;
  readonly message: string;
}

/** `ocid1.<type>.<realm>.<region>.<unique>`: the region segment (empty for tenancy-wide resources). */
function ocidRegion(ocid: string): string {
  return ocid.split('.')[3] ?? '';
}

function nearest(value: string, options: readonly string[]): string | undefined {
  const score = (a: string, b: string) => [...a].filter((c, i) => b[i] === c).length;
  return [...options].sort((a, b) => score(value, b) - score(value, a))[0];
}

/** Region, availability domains, regional OCIDs and OCIR hosts must all name the same region. */
function regionIssues(spec: EnvironmentSpec): ConsistencyIssue[] {
  const out: ConsistencyIssue[] = [];
  const region = OCI_REGIONS.get(spec.oci.region);
  if (region === undefined) {
    const guess = nearest(spec.oci.region, [...OCI_REGIONS.keys()]);
    return [{
      path: 'oci.region', value: spec.oci.region,
      message: `is not an OCI region known to the OCI SDK this project pins (oci-common 2.139.1)${guess === undefined ? '' : `; did you mean "${guess}"?`} (list: lib/config/regions.ts)`,
    }];
  }
  const prefix = availabilityDomainPrefix(region.id);
  spec.virtualNodePool.placement.forEach((p, i) => {
    if (!p.availabilityDomain.startsWith(prefix)) {
      out.push({
        path: `virtualNodePool.placement[${i}].availabilityDomain`, value: p.availabilityDomain,
        message: `is not an availability domain of ${region.id} (oci.region), whose ADs are named ${prefix}AD-<n>; use ${prefix}AD-1 or change oci.region`,
      });
    }
  });
  const regional: Array<readonly [string, string]> = [
    ['cluster.id', spec.cluster.id],
    ['vault.id', spec.vault.id],
    ['ingress.loadBalancer.subnetId', spec.ingress.loadBalancer.subnetId],
    ...spec.ingress.loadBalancer.nsgIds.map((id, i) => [`ingress.loadBalancer.nsgIds[${i}]`, id] as const),
  ];
  for (const [path, id] of regional) {
    const segment = ocidRegion(id).toLowerCase();
    if (segment !== '' && segment !== region.id && segment !== region.key) {
      out.push({ path, value: id, message: `is an OCID of region "${segment}", but oci.region is ${region.id} (OCIDs there read ocid1.<type>.oc1.${region.id}. or .${region.key}.); use the resource of ${region.id} or change oci.region` });
    }
  }
  const images: Array<readonly [string, string]> = [
    ['app.image.repository', spec.app.image.repository],
    ...spec.workloads.webServices.map((w, i) => [`workloads.webServices[${i}].image.repository`, w.image.repository] as const),
    ...spec.workloads.workers.map((w, i) => [`workloads.workers[${i}].image.repository`, w.image.repository] as const),
  ];
  for (const [path, repository] of images) out.push(...ocirRegionIssues(path, repository, region));
  return out;
}

/** The pods pull through the service gateway, which reaches this region's services only. */
function ocirRegionIssues(path: string, repository: string, region: OciRegion): ConsistencyIssue[] {
  const host = repository.split('/')[0] as string;
  const imageRegion = regionOfOcirHost(host);
  if (imageRegion === undefined || imageRegion.id === region.id) return [];
  const own = ocirHosts(region)[0];
  return [{
    path, value: repository,
    message: `is in the registry of ${imageRegion.id} (${host}), but oci.region is ${region.id}: pods pull through the region's service gateway and the bootstrap creates the repository in ${region.id}; use ${own ?? 'this region\'s registry'}/...`,
  }];
}

/** The Kubernetes version the manifests are checked against and the PSA labels name (lib/kubernetes-version.ts). */
function kubernetesVersionIssues(spec: EnvironmentSpec): ConsistencyIssue[] {
  const minor = /^v(1\.[0-9]+)\./.exec(spec.cluster.kubernetesVersion)?.[1];
  if (minor === KUBERNETES_MINOR) return [];
  return [{
    path: 'cluster.kubernetesVersion', value: spec.cluster.kubernetesVersion,
    message: `must be a v${KUBERNETES_MINOR}.x version: the manifests are validated against the Kubernetes v${KUBERNETES_MINOR} schema (schemas/) and the namespaces carry Pod Security Admission v${KUBERNETES_MINOR} labels; `
      + `use v${KUBERNETES_MINOR}.1 (or move schemas/, imports/ and lib/kubernetes-version.ts to the new version together)`,
  }];
}

/** Settings that contradict each other. */
function crossFieldIssues(spec: EnvironmentSpec): ConsistencyIssue[] {
  const out: ConsistencyIssue[] = [];
  const lb = spec.ingress.loadBalancer;
  const tls = spec.ingress.tls;
  if (tls.termination === 'loadBalancer' && lb.type === 'nlb') {
    out.push({
      path: 'ingress.tls.termination', value: tls.termination,
      message: 'is "loadBalancer", but ingress.loadBalancer.type is "nlb": a Network Load Balancer passes TCP through and does not terminate TLS; '
        + 'use termination "traefik" (the default) or ingress.loadBalancer.type "lb"',
    });
  }
  if (tls.termination === 'none' && tls.redirectHttpToHttps === true) {
    out.push({
      path: 'ingress.tls.redirectHttpToHttps', value: true,
      message: 'is true, but ingress.tls.termination is "none": there is no HTTPS to redirect to; remove redirectHttpToHttps or choose termination "traefik"',
    });
  }
  if (spec.app.namespace === spec.ingress.controller.namespace) {
    out.push({ path: 'app.namespace', value: spec.app.namespace, message: 'is also ingress.controller.namespace; give the app a namespace of its own (the two carry different Pod Security and load-balancer settings)' });
  }
  if (spec.app.pullSecret.enabled && !onOcir(spec.app.image.repository)) {
    out.push({ path: 'app.pullSecret.enabled', value: true, message: `builds an OCIR pull secret, but app.image.repository (${spec.app.image.repository}) is not on OCIR; set enabled: false or push the image to <region-key>.ocir.io` });
  }
  return out;
}

/** Whether an image repository is on Oracle Cloud Infrastructure Registry. */
function onOcir(repository: string): boolean {
  return isOcirHost(repository.split('/')[0] as string);
}

/** Your data workloads: unique names, a namespace that is not the platform's, shapes that fit, HPA ranges that scale. */
function workloadIssues(spec: EnvironmentSpec): ConsistencyIssue[] {
  const out: ConsistencyIssue[] = [];
  const shape = POD_SHAPE_LIMITS[spec.virtualNodePool.podShape];
  const all = [
    ...spec.workloads.webServices.map((w, i) => ({ w, path: `workloads.webServices[${i}]` })),
    ...spec.workloads.workers.map((w, i) => ({ w, path: `workloads.workers[${i}]` })),
  ];
  const seen = new Map<string, string>();
  for (const { w, path } of all) {
    const earlier = seen.get(w.name);
    if (earlier !== undefined) out.push({ path: `${path}.name`, value: w.name, message: `is also the name of ${earlier}; each workload needs a name of its own (it names the file 40-<name>.k8s.yaml)` });
    seen.set(w.name, path);
    if (w.namespace === spec.ingress.controller.namespace) {
      out.push({ path: `${path}.namespace`, value: w.namespace, message: 'is the ingress controller\'s namespace; put your workloads in a namespace of their own' });
    }
    if (w.name === spec.app.name && w.namespace === spec.app.namespace) {
      out.push({ path: `${path}.name`, value: w.name, message: `is the app's name in the app's namespace (${w.namespace}); their objects would collide: rename it or move it` });
    }
    if (w.ocirPullSecret && !onOcir(w.image.repository)) {
      out.push({ path: `${path}.ocirPullSecret`, value: true, message: `builds an OCIR pull secret, but the image (${w.image.repository}) is not on OCIR; set it to false or push the image to <region-key>.ocir.io` });
    }
    const memory = Number(w.resources.memory.replace(/Gi$/, ''));
    if (w.resources.cpu > shape.maxOcpus || memory > Math.min(shape.maxMemoryGiB, w.resources.cpu * shape.maxMemoryPerOcpuGiB)) {
      out.push({ path: `${path}.resources`, value: w.resources, message: `does not fit a ${spec.virtualNodePool.podShape} pod (at most ${shape.maxOcpus} OCPUs and ${shape.maxMemoryPerOcpuGiB}Gi per OCPU); lower it or pick another virtualNodePool.podShape` });
    }
  }
  spec.workloads.webServices.forEach((w, i) => {
    if (w.ingress?.certificate !== undefined && spec.ingress.tls.termination !== 'traefik') {
      out.push({
        path: `workloads.webServices[${i}].ingress.certificate`, value: w.ingress.certificate.vaultSecretName,
        message: `is served by Traefik, but ingress.tls.termination is "${spec.ingress.tls.termination}": port 443 does not reach Traefik as TLS; remove the certificate or set ingress.tls.termination to "traefik"`,
      });
    }
    if (w.autoscaling.minReplicas >= w.autoscaling.maxReplicas) {
      out.push({ path: `workloads.webServices[${i}].autoscaling.maxReplicas`, value: w.autoscaling.maxReplicas, message: `must be above minReplicas (${w.autoscaling.minReplicas}) or the HPA cannot scale; raise it` });
    }
  });
  return out;
}

/** Every consistency check; each issue names the field, the value and the fix. */
export function consistencyIssues(spec: EnvironmentSpec): ConsistencyIssue[] {
  return [...regionIssues(spec), ...kubernetesVersionIssues(spec), ...crossFieldIssues(spec), ...workloadIssues(spec)];
}

/** Pods the data workloads may run at once (HPA maxima plus 25 % surge, worker replicas plus one surge pod each). */
export function workloadPodCount(spec: EnvironmentSpec): number {
  return spec.workloads.webServices.reduce((n, w) => n + Math.ceil(w.autoscaling.maxReplicas * 1.25), 0)
    + spec.workloads.workers.reduce((n, w) => n + w.replicas + 1, 0);
}
