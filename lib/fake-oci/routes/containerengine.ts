import type * as ce from 'oci-containerengine';
import type { FakeCore } from '../core';
import { incorrectState, invalidParameter, notFound, OciApiError } from '../errors';
import { FAKE_USER_ID } from '../options';
import { type Phase, reschedule, timeOfState } from '../lifecycle';
import type { HandlerContext, HandlerResult, Route } from '../router';
import { availabilityDomainNames, faultDomainNames } from '../seed';
import type { StoredResource } from '../store';
import {
  bodyOf, createPhases, isIn, listKind, paged, requireCompartment, required, requireResource, resourceResult,
  scheduleDelete, tagsOf,
} from './common';
import { clusterKeyAccessProblem } from './kms-grants';
import { workRequestPhases, workRequestTimes } from './work-requests';
import { checkNsgCount } from '../validation/limits';
import { publicIpRefusal } from '../validation/public-ip';

const V = '/20180222';

/** Virtual-node pod shapes (docs/oci-sdk.md / docs/virtual-nodes.md). */
const POD_SHAPES: ce.models.PodShapeSummary[] = [
  { name: 'Pod.Standard.E3.Flex', processorDescription: '2.25 GHz AMD EPYC 7742 (Rome)', ocpuOptions: [{ min: 1, max: 64 }], memoryOptions: [{ minInGBs: 1, maxInGBs: 1024, minPerOcpuInGBs: 1, maxPerOcpuInGBs: 64, defaultPerOcpuInGBs: 16 }] },
  { name: 'Pod.Standard.E4.Flex', processorDescription: '2.55 GHz AMD EPYC 7J13 (Milan)', ocpuOptions: [{ min: 1, max: 64 }], memoryOptions: [{ minInGBs: 1, maxInGBs: 1024, minPerOcpuInGBs: 1, maxPerOcpuInGBs: 64, defaultPerOcpuInGBs: 16 }] },
  { name: 'Pod.Standard.A1.Flex', processorDescription: '3.0 GHz Ampere Altra', ocpuOptions: [{ min: 1, max: 80 }], memoryOptions: [{ minInGBs: 1, maxInGBs: 512, minPerOcpuInGBs: 1, maxPerOcpuInGBs: 64, defaultPerOcpuInGBs: 6 }] },
];

const VCN_NATIVE = 'OCI_VCN_IP_NATIVE';

/** Pod shapes of the region (`podShapes` option, default all three). */
function offeredPodShapes(core: FakeCore): ce.models.PodShapeSummary[] {
  const offered = core.options.podShapes;
  return POD_SHAPES.filter((s) => offered === undefined || offered.includes(s.name));
}

function getClusterOptions(ctx: HandlerContext): HandlerResult {
  const { core } = ctx;
  const id = ctx.params.clusterOptionId;
  if (id !== 'all' && !core.store.get('cluster', id ?? '')) throw notFound(`cluster option ${id ?? ''}`);
  const options: ce.models.ClusterOptions = {
    kubernetesVersions: core.options.kubernetesVersions,
    clusterPodNetworkOptions: [{ cniType: VCN_NATIVE }, { cniType: 'FLANNEL_OVERLAY' }],
  };
  return { json: options };
}

function listPodShapes(ctx: HandlerContext): HandlerResult {
  const { core, query } = ctx;
  requireCompartment(core, query.one('compartmentId'));
  const ad = query.one('availabilityDomain');
  if (ad !== undefined && !availabilityDomainNames(core).includes(ad)) throw invalidParameter('availabilityDomain', `"${ad}" is not an AD of ${core.options.region}`);
  const name = query.one('name');
  return paged(ctx, offeredPodShapes(core).filter((s) => name === undefined || s.name === name));
}

/** A subnet of the given VCN, else 400 InvalidParameter naming the field. */
function requireSubnetOf(core: FakeCore, subnetId: string | undefined, vcnId: string, field: string): StoredResource<'subnet'> {
  const subnet = subnetId ? core.store.get('subnet', subnetId) : undefined;
  if (!subnet || subnet.parentId !== vcnId || !isIn(core, subnet, 'AVAILABLE')) {
    throw invalidParameter(field, `"${subnetId ?? ''}" is not an AVAILABLE subnet of VCN ${vcnId}`);
  }
  return subnet;
}

function requireNsgsOf(core: FakeCore, nsgIds: string[] | undefined, vcnId: string, field: string): void {
  (nsgIds ?? []).forEach((id, i) => {
    const nsg = core.store.get('networkSecurityGroup', id);
    if (!nsg || nsg.parentId !== vcnId) throw invalidParameter(`${field}[${i}]`, `"${id}" is not an NSG of VCN ${vcnId}`);
  });
}

/** Creates the work request of a create/delete and links it to the resource. */
function startWorkRequest(
  core: FakeCore, resource: StoredResource<'cluster' | 'virtualNodePool'>, operationType: string, entityType: string,
  finalAction: 'CREATED' | 'UPDATED' | 'DELETED', doneAt: number, outcome: 'SUCCEEDED' | 'FAILED' = 'SUCCEEDED',
): string {
  const id = core.ids.regional('clustersworkrequest');
  core.store.put('ceWorkRequest', {
    id, compartmentId: resource.compartmentId, parentId: resource.id, phases: workRequestPhases(core, doneAt, outcome),
    body: {
      id, compartmentId: resource.compartmentId, operationType: operationType as ce.models.WorkRequestOperationType,
      resources: [{
        entityType, actionType: finalAction as ce.models.WorkRequestResource.ActionType, identifier: resource.id,
        entityUri: `${V}/${entityType === 'cluster' ? 'clusters' : 'virtualNodePools'}/${resource.id}`,
      }],
      timeAccepted: core.clock.date(),
    },
  });
  resource.workRequestIds.push(id);
  return id;
}

function createCluster(ctx: HandlerContext): HandlerResult {
  const { core } = ctx;
  const d = bodyOf<ce.models.CreateClusterDetails>(ctx);
  const compartmentId = requireCompartment(core, d.compartmentId);
  const name = required(d, 'name');
  const vcn = core.store.get('vcn', required(d, 'vcnId'));
  if (!vcn || !isIn(core, vcn, 'AVAILABLE')) throw invalidParameter('vcnId', `"${d.vcnId}" is not an AVAILABLE VCN`);
  const version = required(d, 'kubernetesVersion');
  if (!core.options.kubernetesVersions.includes(version)) {
    throw invalidParameter('kubernetesVersion', `"${version}" is not offered; see getClusterOptions (${core.options.kubernetesVersions.join(', ')})`);
  }
  // "If set to true on a private subnet, the cluster provisioning will fail" (CreateClusterEndpointConfigDetails):
  // accepted, then CREATING → FAILED with the reason in lifecycleDetails and the work request's errors.
  let provisioningFailure: string | undefined;
  if (d.endpointConfig) {
    const endpointSubnet = requireSubnetOf(core, d.endpointConfig.subnetId, vcn.id, 'endpointConfig.subnetId');
    checkNsgCount('endpointConfig.nsgIds', d.endpointConfig.nsgIds);
    requireNsgsOf(core, d.endpointConfig.nsgIds, vcn.id, 'endpointConfig.nsgIds');
    if (d.endpointConfig.isPublicIpEnabled) provisioningFailure = publicIpRefusal({ ...endpointSubnet.body, id: endpointSubnet.id }, 'endpointConfig.isPublicIpEnabled');
  }
  (d.options?.serviceLbSubnetIds ?? []).forEach((s, i) => requireSubnetOf(core, s, vcn.id, `options.serviceLbSubnetIds[${i}]`));
  requireNsgsOf(core, d.options?.serviceLbConfig?.backendNsgIds, vcn.id, 'options.serviceLbConfig.backendNsgIds');
  const kmsKey = d.kmsKeyId ? core.store.get('key', d.kmsKeyId) : undefined;
  if (d.kmsKeyId && !kmsKey) throw invalidParameter('kmsKeyId', `"${d.kmsKeyId}" is not a key`);
  // OKE checks at provisioning, not at the call, that cluster principals may use the etcd key (kms-grants.ts).
  provisioningFailure ??= kmsKey ? clusterKeyAccessProblem(core, kmsKey) : undefined;
  const id = core.ids.regional('cluster');
  const phases = provisioningFailure ? failingCreatePhases(core) : createPhases(core, 'cluster');
  const now = core.clock.date();
  const endpointIp = `${core.store.list('cluster').length + 10}`;
  const cluster = core.store.put('cluster', {
    id, compartmentId, parentId: vcn.id, phases,
    body: {
      id, name, compartmentId, vcnId: vcn.id, kubernetesVersion: version,
      type: d.type ?? ('BASIC_CLUSTER' as ce.models.ClusterType),
      clusterPodNetworkOptions: d.clusterPodNetworkOptions ?? [{ cniType: 'FLANNEL_OVERLAY' }],
      ...(d.endpointConfig ? { endpointConfig: { ...d.endpointConfig } } : {}),
      ...(d.options ? { options: d.options } : {}),
      ...(d.kmsKeyId ? { kmsKeyId: d.kmsKeyId } : {}),
      ...(d.imagePolicyConfig ? { imagePolicyConfig: d.imagePolicyConfig } : {}),
      endpoints: {
        privateEndpoint: `10.0.0.${endpointIp}:6443`,
        kubernetes: `${id.slice(-6)}.${core.options.region}.clusters.oci.oraclecloud.com:6443`,
        ...(d.endpointConfig?.isPublicIpEnabled && !provisioningFailure ? { publicEndpoint: `192.0.2.${endpointIp}:6443` } : {}),
      },
      ...(provisioningFailure ? { lifecycleDetails: provisioningFailure } : {}),
      availableKubernetesUpgrades: core.options.kubernetesVersions.filter((v) => v > version),
      metadata: { timeCreated: now, createdByUserId: FAKE_USER_ID },
      ...tagsOf(d),
    },
  });
  const wrId = startWorkRequest(core, cluster, 'CLUSTER_CREATE', 'cluster', 'CREATED', phases[phases.length - 1]!.at,
    provisioningFailure ? 'FAILED' : 'SUCCEEDED');
  cluster.body.metadata = { ...cluster.body.metadata, createdByWorkRequestId: wrId };
  return { status: 202, headers: { 'opc-work-request-id': wrId } };
}

/** How long OKE takes to give up on a cluster it cannot provision (realistic ms, scaled). */
const FAILED_PROVISIONING_MS = 60_000;

function failingCreatePhases(core: FakeCore): Phase[] {
  const now = core.clock.now();
  return [{ state: 'CREATING', at: now }, { state: 'FAILED', at: now + core.clock.scaled(FAILED_PROVISIONING_MS) }];
}

function deleteCluster(ctx: HandlerContext): HandlerResult {
  const { core } = ctx;
  const cluster = requireResource(core, 'cluster', ctx.params.clusterId);
  if (isIn(core, cluster, 'DELETING', 'DELETED')) {
    return { status: 202, headers: { 'opc-work-request-id': cluster.workRequestIds[cluster.workRequestIds.length - 1] ?? '' } };
  }
  if (isIn(core, cluster, 'CREATING', 'UPDATING')) throw incorrectState(`Cluster ${cluster.id} is ${core.store.state(cluster)}; delete it once it is ACTIVE or FAILED.`);
  // OKE deletes the cluster's node pools with it.
  for (const pool of core.store.list('virtualNodePool')) {
    if (pool.body.clusterId === cluster.id && !isIn(core, pool, 'DELETING', 'DELETED')) scheduleDelete(core, pool, 'virtualNodePool');
  }
  scheduleDelete(core, cluster, 'cluster');
  const wrId = startWorkRequest(core, cluster, 'CLUSTER_DELETE', 'cluster', 'DELETED', timeOfState(cluster.phases, 'DELETED')!);
  return { status: 202, headers: { 'opc-work-request-id': wrId } };
}

/** Size, placements (AD, subnet, fault domains), pod configuration and NSGs of a virtual node pool. */
function checkPoolSpec(
  core: FakeCore, vcnId: string,
  spec: { size?: number; placementConfigurations?: ce.models.PlacementConfiguration[]; podConfiguration?: ce.models.PodConfiguration; nsgIds?: string[] },
): void {
  const { size } = spec;
  if (size !== undefined && (!Number.isInteger(size) || size < 0)) throw invalidParameter('size', `${String(size)} must be an integer >= 0`);
  const ads = availabilityDomainNames(core);
  const fds = faultDomainNames(core);
  const placements = spec.placementConfigurations;
  if (placements !== undefined) {
    if (placements.length === 0) throw invalidParameter('placementConfigurations', 'at least one placement is required');
    placements.forEach((p, i) => {
      if (!ads.includes(p.availabilityDomain)) throw invalidParameter(`placementConfigurations[${i}].availabilityDomain`, `"${p.availabilityDomain}" is not one of ${ads.join(', ')}`);
      requireSubnetOf(core, p.subnetId, vcnId, `placementConfigurations[${i}].subnetId`);
      // Optional (PlacementConfiguration.faultDomain?: string[]): omitted, OKE spreads over the AD's fault domains.
      (p.faultDomain ?? []).forEach((fd) => {
        if (!fds.includes(fd)) throw invalidParameter(`placementConfigurations[${i}].faultDomain`, `"${fd}" is not one of ${fds.join(', ')}`);
      });
    });
  }
  const pod = spec.podConfiguration;
  if (pod !== undefined) {
    requireSubnetOf(core, pod.subnetId, vcnId, 'podConfiguration.subnetId');
    const shapes = offeredPodShapes(core).map((sh) => sh.name);
    if (!shapes.includes(pod.shape)) throw invalidParameter('podConfiguration.shape', `"${pod.shape}" is not one of ${shapes.join(', ')}`);
    checkNsgCount('podConfiguration.nsgIds', pod.nsgIds);
    requireNsgsOf(core, pod.nsgIds, vcnId, 'podConfiguration.nsgIds');
  }
  checkNsgCount('nsgIds', spec.nsgIds);
  requireNsgsOf(core, spec.nsgIds, vcnId, 'nsgIds');
}

function createVirtualNodePool(ctx: HandlerContext): HandlerResult {
  const { core } = ctx;
  const d = bodyOf<ce.models.CreateVirtualNodePoolDetails>(ctx);
  const compartmentId = requireCompartment(core, d.compartmentId);
  const cluster = requireResource(core, 'cluster', required(d, 'clusterId'));
  if (!isIn(core, cluster, 'ACTIVE')) throw incorrectState(`Cluster ${cluster.id} is ${core.store.state(cluster)}; it must be ACTIVE to add a virtual node pool.`);
  if (cluster.body.type !== 'ENHANCED_CLUSTER') throw invalidParameter('clusterId', 'virtual node pools need an ENHANCED_CLUSTER');
  if (!(cluster.body.clusterPodNetworkOptions ?? []).some((o) => o.cniType === VCN_NATIVE)) {
    throw invalidParameter('clusterId', `virtual node pools need VCN-native pod networking (${VCN_NATIVE})`);
  }
  const displayName = required(d, 'displayName');
  const size = required(d, 'size');
  checkPoolSpec(core, cluster.body.vcnId!, { size, placementConfigurations: required(d, 'placementConfigurations'), podConfiguration: required(d, 'podConfiguration'), nsgIds: d.nsgIds });
  const placements = d.placementConfigurations;
  const pod = d.podConfiguration;
  const id = core.ids.regional('virtualnodepool');
  const phases = createPhases(core, 'virtualNodePool');
  const now = core.clock.date();
  const pool = core.store.put('virtualNodePool', {
    id, compartmentId, parentId: cluster.id, phases,
    body: {
      id, compartmentId, clusterId: cluster.id, displayName, kubernetesVersion: cluster.body.kubernetesVersion!, size,
      placementConfigurations: placements, podConfiguration: pod,
      ...(d.nsgIds ? { nsgIds: d.nsgIds } : {}), ...(d.taints ? { taints: d.taints } : {}),
      ...(d.initialVirtualNodeLabels ? { initialVirtualNodeLabels: d.initialVirtualNodeLabels } : {}),
      ...(d.virtualNodeTags ? { virtualNodeTags: d.virtualNodeTags } : {}),
      timeCreated: now, timeUpdated: now, ...tagsOf(d),
    },
  });
  const wrId = startWorkRequest(core, pool, 'VIRTUALNODEPOOL_CREATE', 'VirtualNodePool', 'CREATED', phases[phases.length - 1]!.at);
  return { status: 202, headers: { 'opc-work-request-id': wrId } };
}

function deleteVirtualNodePool(ctx: HandlerContext): HandlerResult {
  const { core } = ctx;
  const pool = requireResource(core, 'virtualNodePool', ctx.params.virtualNodePoolId);
  if (isIn(core, pool, 'DELETING', 'DELETED')) {
    return { status: 202, headers: { 'opc-work-request-id': pool.workRequestIds[pool.workRequestIds.length - 1] ?? '' } };
  }
  if (isIn(core, pool, 'CREATING', 'UPDATING')) throw incorrectState(`Virtual node pool ${pool.id} is ${core.store.state(pool)}; delete it once it is ACTIVE.`);
  scheduleDelete(core, pool, 'virtualNodePool');
  const wrId = startWorkRequest(core, pool, 'VIRTUALNODEPOOL_DELETE', 'VirtualNodePool', 'DELETED', timeOfState(pool.phases, 'DELETED')!);
  return { status: 202, headers: { 'opc-work-request-id': wrId } };
}

/** UPDATING now, back to ACTIVE after the scaled duration; returns the time it is done. */
function startUpdate(core: FakeCore, resource: StoredResource, realisticMs: number): number {
  const now = core.clock.now();
  const doneAt = now + core.clock.scaled(realisticMs);
  reschedule(resource.phases, now, [{ state: 'UPDATING', at: now }, { state: 'ACTIVE', at: doneAt }]);
  core.store.touch(resource);
  return doneAt;
}

/** Kubernetes versions compare numerically (v1.9 < v1.10). */
function versionParts(v: string): number[] {
  return v.replace(/^v/, '').split('.').map(Number);
}

function isOlder(a: string, b: string): boolean {
  const [x, y] = [versionParts(a), versionParts(b)];
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) < (y[i] ?? 0);
  }
  return false;
}

function updateCluster(ctx: HandlerContext): HandlerResult {
  const { core } = ctx;
  const cluster = requireResource(core, 'cluster', ctx.params.clusterId);
  if (!isIn(core, cluster, 'ACTIVE')) throw incorrectState(`Cluster ${cluster.id} is ${core.store.state(cluster)}; it must be ACTIVE to update.`);
  const d = bodyOf<ce.models.UpdateClusterDetails>(ctx);
  const current = cluster.body.kubernetesVersion ?? '';
  if (d.kubernetesVersion !== undefined && d.kubernetesVersion !== current) {
    if (!core.options.kubernetesVersions.includes(d.kubernetesVersion)) {
      throw invalidParameter('kubernetesVersion', `"${d.kubernetesVersion}" is not offered; see getClusterOptions`);
    }
    if (isOlder(d.kubernetesVersion, current)) throw invalidParameter('kubernetesVersion', `cannot downgrade from ${current} to ${d.kubernetesVersion}`);
  }
  if (d.type !== undefined && d.type !== cluster.body.type && d.type !== 'ENHANCED_CLUSTER') {
    throw invalidParameter('type', 'an ENHANCED_CLUSTER cannot go back to BASIC_CLUSTER');
  }
  const upgrading = d.kubernetesVersion !== undefined && d.kubernetesVersion !== current;
  if (d.name !== undefined) cluster.body.name = d.name;
  if (d.kubernetesVersion !== undefined) {
    cluster.body.kubernetesVersion = d.kubernetesVersion;
    cluster.body.availableKubernetesUpgrades = core.options.kubernetesVersions.filter((v) => isOlder(d.kubernetesVersion!, v));
  }
  if (d.type !== undefined) cluster.body.type = d.type;
  if (d.options !== undefined) cluster.body.options = { ...cluster.body.options, ...d.options } as ce.models.ClusterCreateOptions;
  if (d.imagePolicyConfig !== undefined) cluster.body.imagePolicyConfig = d.imagePolicyConfig;
  if (d.freeformTags !== undefined) cluster.body.freeformTags = d.freeformTags;
  if (d.definedTags !== undefined) cluster.body.definedTags = d.definedTags;
  const doneAt = startUpdate(core, cluster, upgrading ? 10 * 60_000 : 30_000);
  const wrId = startWorkRequest(core, cluster, 'CLUSTER_UPDATE', 'cluster', 'UPDATED', doneAt);
  return { status: 202, headers: { 'opc-work-request-id': wrId } };
}

function updateVirtualNodePool(ctx: HandlerContext): HandlerResult {
  const { core } = ctx;
  const pool = requireResource(core, 'virtualNodePool', ctx.params.virtualNodePoolId);
  if (!isIn(core, pool, 'ACTIVE', 'NEEDS_ATTENTION')) throw incorrectState(`Virtual node pool ${pool.id} is ${core.store.state(pool)}; it must be ACTIVE to update.`);
  const cluster = requireResource(core, 'cluster', pool.body.clusterId);
  const d = bodyOf<ce.models.UpdateVirtualNodePoolDetails>(ctx);
  checkPoolSpec(core, cluster.body.vcnId!, d);
  if (d.podConfiguration !== undefined && d.podConfiguration.shape !== pool.body.podConfiguration?.shape) {
    throw invalidParameter('podConfiguration.shape', `cannot change from ${pool.body.podConfiguration?.shape ?? '(none)'} to ${d.podConfiguration.shape} in place; create a new virtual node pool`);
  }
  const b = pool.body;
  if (d.displayName !== undefined) b.displayName = d.displayName;
  if (d.size !== undefined) b.size = d.size;
  if (d.placementConfigurations !== undefined) b.placementConfigurations = d.placementConfigurations;
  if (d.podConfiguration !== undefined) b.podConfiguration = d.podConfiguration;
  if (d.nsgIds !== undefined) b.nsgIds = d.nsgIds;
  if (d.taints !== undefined) b.taints = d.taints;
  if (d.initialVirtualNodeLabels !== undefined) b.initialVirtualNodeLabels = d.initialVirtualNodeLabels;
  if (d.virtualNodeTags !== undefined) b.virtualNodeTags = d.virtualNodeTags;
  if (d.freeformTags !== undefined) b.freeformTags = d.freeformTags;
  if (d.definedTags !== undefined) b.definedTags = d.definedTags;
  b.timeUpdated = core.clock.date();
  const doneAt = startUpdate(core, pool, 2 * 60_000);
  const wrId = startWorkRequest(core, pool, 'VIRTUALNODEPOOL_UPDATE', 'VirtualNodePool', 'UPDATED', doneAt);
  return { status: 202, headers: { 'opc-work-request-id': wrId } };
}

function workRequestView(core: FakeCore, wr: StoredResource<'ceWorkRequest'>): ce.models.WorkRequest {
  const t = workRequestTimes(core, wr);
  return {
    ...wr.body,
    status: t.status as ce.models.WorkRequestStatus,
    resources: (wr.body.resources ?? []).map((r) => ({ ...r, actionType: t.actionType(r.actionType ?? 'CREATED') as ce.models.WorkRequestResource.ActionType })),
    ...(t.timeStarted ? { timeStarted: t.timeStarted } : {}),
    ...(t.timeFinished ? { timeFinished: t.timeFinished } : {}),
  };
}

function getWorkRequest(ctx: HandlerContext): HandlerResult {
  const { core } = ctx;
  const wr = requireResource(core, 'ceWorkRequest', ctx.params.workRequestId);
  const view = workRequestView(core, wr);
  const headers: Record<string, string> = { etag: core.store.etag(wr) };
  if (!view.timeFinished) headers['retry-after'] = '5';
  return { json: view, headers };
}

function listWorkRequests(ctx: HandlerContext): HandlerResult {
  const { core, query } = ctx;
  requireCompartment(core, query.one('compartmentId'));
  const clusterId = query.one('clusterId');
  const resourceId = query.one('resourceId');
  const statuses = query.all('status');
  const items = core.store.list('ceWorkRequest')
    .filter((wr) => wr.compartmentId === query.one('compartmentId'))
    .filter((wr) => resourceId === undefined || wr.parentId === resourceId)
    .filter((wr) => {
      if (clusterId === undefined) return true;
      const target = core.store.find(wr.parentId ?? '');
      return wr.parentId === clusterId || (target?.kind === 'virtualNodePool' && (target.body as { clusterId?: string }).clusterId === clusterId);
    })
    .map((wr) => workRequestView(core, wr))
    .filter((v) => statuses.length === 0 || statuses.includes(v.status ?? ''));
  return paged(ctx, items.map(({ id, operationType, status, compartmentId, resources, timeAccepted, timeStarted, timeFinished }) =>
    ({ id, operationType, status, compartmentId, resources, timeAccepted, timeStarted, timeFinished })));
}

function listWorkRequestErrors(ctx: HandlerContext): HandlerResult {
  const { core } = ctx;
  const wr = requireResource(core, 'ceWorkRequest', ctx.params.workRequestId);
  if (core.store.state(wr) !== 'FAILED') return { json: [] };
  const target = core.store.find(wr.parentId ?? '');
  const details = (target?.body as { lifecycleDetails?: string } | undefined)?.lifecycleDetails;
  const errors: ce.models.WorkRequestError[] = [{
    code: details ? 'InvalidParameter' : 'InternalError',
    message: details ?? `${target?.kind ?? 'resource'} ${wr.parentId ?? ''} entered state FAILED`,
    timestamp: new Date(timeOfState(wr.phases, 'FAILED') ?? core.clock.now()),
  }];
  return { json: errors };
}

function createKubeconfig(ctx: HandlerContext): HandlerResult {
  const { core } = ctx;
  const cluster = requireResource(core, 'cluster', ctx.params.clusterId);
  if (!isIn(core, cluster, 'ACTIVE', 'UPDATING')) throw incorrectState(`Cluster ${cluster.id} is ${core.store.state(cluster)}; a kubeconfig needs an ACTIVE cluster.`);
  const d = bodyOf<ce.models.CreateClusterKubeconfigContentDetails>(ctx);
  const tokenVersion = d.tokenVersion ?? '2.0.0';
  if (tokenVersion !== '2.0.0' && tokenVersion !== '1.0.0') throw invalidParameter('tokenVersion', `"${tokenVersion}" must be 2.0.0`);
  const endpoints = cluster.body.endpoints ?? {};
  const endpointKind = d.endpoint ?? 'LEGACY_KUBERNETES';
  const server = endpointKind === 'PUBLIC_ENDPOINT' ? endpoints.publicEndpoint
    : endpointKind === 'PRIVATE_ENDPOINT' ? endpoints.privateEndpoint : endpoints.kubernetes;
  if (!server) throw new OciApiError(400, 'InvalidParameter', `Cluster ${cluster.id} has no ${endpointKind}.`);
  const name = `cluster-${cluster.id.slice(-6)}`;
  const text = [
    '---',
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    '- cluster:',
    `    server: https://${server}`,
    `  name: ${name}`,
    'contexts:',
    '- context:',
    `    cluster: ${name}`,
    `    user: user-${cluster.id.slice(-6)}`,
    `  name: context-${cluster.id.slice(-6)}`,
    `current-context: context-${cluster.id.slice(-6)}`,
    'preferences: {}',
    'users:',
    `- name: user-${cluster.id.slice(-6)}`,
    '  user:',
    '    exec:',
    '      apiVersion: client.authentication.k8s.io/v1beta1',
    '      command: oci',
    '      args: [ce, cluster, generate-token, --cluster-id, ' + cluster.id + ', --region, ' + core.options.region + ']',
    '',
  ].join('\n');
  return { text };
}

const getResource = (kind: 'cluster' | 'virtualNodePool', param: string) => (ctx: HandlerContext): HandlerResult =>
  resourceResult(ctx.core, requireResource(ctx.core, kind, ctx.params[param]));

export const containerEngineRoutes: Route[] = [
  { method: 'GET', pattern: `${V}/clusterOptions/{clusterOptionId}`, op: 'GetClusterOptions', handler: getClusterOptions },
  { method: 'GET', pattern: `${V}/podShapes`, op: 'ListPodShapes', handler: listPodShapes },
  { method: 'POST', pattern: `${V}/clusters`, op: 'CreateCluster', handler: createCluster },
  { method: 'GET', pattern: `${V}/clusters`, op: 'ListClusters', handler: (ctx) => paged(ctx, listKind(ctx, 'cluster', { nameField: 'name', nameParam: 'name' }).map((r) => ctx.core.store.view(r))) },
  { method: 'GET', pattern: `${V}/clusters/{clusterId}`, op: 'GetCluster', handler: getResource('cluster', 'clusterId') },
  { method: 'PUT', pattern: `${V}/clusters/{clusterId}`, op: 'UpdateCluster', handler: updateCluster },
  { method: 'DELETE', pattern: `${V}/clusters/{clusterId}`, op: 'DeleteCluster', handler: deleteCluster },
  { method: 'POST', pattern: `${V}/clusters/{clusterId}/kubeconfig/content`, op: 'CreateKubeconfig', readOnly: true, handler: createKubeconfig },
  { method: 'POST', pattern: `${V}/virtualNodePools`, op: 'CreateVirtualNodePool', handler: createVirtualNodePool },
  { method: 'GET', pattern: `${V}/virtualNodePools`, op: 'ListVirtualNodePools', handler: (ctx) => paged(ctx, listKind(ctx, 'virtualNodePool', { nameField: 'displayName', nameParam: 'name', parentParam: 'clusterId' }).map((r) => ctx.core.store.view(r))) },
  { method: 'GET', pattern: `${V}/virtualNodePools/{virtualNodePoolId}`, op: 'GetVirtualNodePool', handler: getResource('virtualNodePool', 'virtualNodePoolId') },
  { method: 'PUT', pattern: `${V}/virtualNodePools/{virtualNodePoolId}`, op: 'UpdateVirtualNodePool', handler: updateVirtualNodePool },
  { method: 'DELETE', pattern: `${V}/virtualNodePools/{virtualNodePoolId}`, op: 'DeleteVirtualNodePool', handler: deleteVirtualNodePool },
  { method: 'GET', pattern: `${V}/workRequests`, op: 'ListWorkRequests', handler: listWorkRequests },
  { method: 'GET', pattern: `${V}/workRequests/{workRequestId}`, op: 'GetWorkRequest', handler: getWorkRequest },
  { method: 'GET', pattern: `${V}/workRequests/{workRequestId}/errors`, op: 'ListWorkRequestErrors', handler: listWorkRequestErrors },
];
