import * as fs from 'fs';
import * as path from 'path';
import * as ce from 'oci-containerengine';
import type { Context, Lookup, Resource } from '../engine';
import { tags } from '../engine';
import { BootstrapError, isNotFound } from '../errors';
import { compartment, defined, diff, listAll, pickTagged } from './common';
import { NET } from './network';
import { NSG } from './security-rules';
import { VAULT } from './vault';

/** Logical ids; `kmsPolicy` (defined in iam.ts) is here because the cluster depends on it. */
export const CLUSTER = { cluster: 'cluster', virtualNodePool: 'virtual-node-pool', kubeconfig: 'kubeconfig', kmsPolicy: 'policy-cluster-kms' } as const;

const oke = (ctx: Context) => ctx.clients.containerEngine;

/**
 * Follows an OKE work request to its end and returns the OCID of the entity it created. OKE creates and
 * deletes answer with a work-request id only; the resource id is in `workRequest.resources[]`.
 */
export async function followWorkRequest(ctx: Context, logicalId: string, kind: string, workRequestId: string, entity: RegExp): Promise<string | undefined> {
  const wr = await ctx.waiter.until(`${kind} work request ${workRequestId}`, kind,
    async () => (await oke(ctx).getWorkRequest({ workRequestId })).workRequest,
    (w) => w.timeFinished !== undefined && w.timeFinished !== null,
    undefined, { justCreated: true });
  ctx.note(logicalId, `work request ${wr.status}`);
  if (wr.status !== 'SUCCEEDED') {
    const errors = (await oke(ctx).listWorkRequestErrors({ compartmentId: compartment(ctx), workRequestId })).items;
    throw new BootstrapError(`${kind} work request ${workRequestId} ended ${wr.status}: ${errors.map((e) => `${e.code}: ${e.message}`).join('; ') || 'no error details'}; fix the cause and re-run apply`, 'failed-resource');
  }
  return (wr.resources ?? []).find((r) => entity.test((r.entityType ?? '').toLowerCase()) && r.actionType === 'CREATED')?.identifier;
}

function clusterDetails(ctx: Context): ce.models.CreateClusterDetails {
  const env = ctx.env;
  return {
    name: env.cluster.name,
    compartmentId: compartment(ctx),
    vcnId: ctx.ref(NET.vcn).ocid,
    kubernetesVersion: env.cluster.kubernetesVersion,
    type: ce.models.ClusterType.EnhancedCluster,
    endpointConfig: { subnetId: ctx.ref(NET.apiSubnet).ocid, nsgIds: [ctx.ref(NSG.apiEndpoint).ocid], isPublicIpEnabled: env.network.publicApiEndpoint },
    options: {
      serviceLbSubnetIds: [ctx.ref(NET.lbSubnet).ocid],
      kubernetesNetworkConfig: { servicesCidr: env.cluster.servicesCidr },
    },
    clusterPodNetworkOptions: [{ cniType: 'OCI_VCN_IP_NATIVE' } as ce.models.OciVcnIpNativeClusterPodNetworkOptionDetails],
    // Secrets in etcd are encrypted with our vault key; OKE takes it only at creation (UpdateClusterDetails has no kmsKeyId).
    kmsKeyId: ctx.ref(VAULT.key).ocid,
    freeformTags: tags(ctx, CLUSTER.cluster),
  };
}

/** Drift lines that only a new cluster fixes end with this, so plan and apply name the fix. */
export const REPLACE_CLUSTER = 'set only when the cluster is created: re-run apply with --replace cluster (a new cluster; the pool and every in-cluster object are re-created)';
/** The same for the virtual node pool's pod shape. */
export const REPLACE_POOL = 'OKE does not change a pool\'s pod shape in place: re-run apply with --replace virtual-node-pool (a new pool; pods are rescheduled onto it)';

const ACTIVE_OR_FAILED = (s?: string) => s === 'FAILED' ? 'went FAILED' : undefined;

export const cluster: Resource<ce.models.Cluster | ce.models.ClusterSummary> = {
  id: CLUSTER.cluster,
  kind: 'cluster',
  // The key and the policy letting clusters use it must exist before the create (and outlive the cluster on destroy).
  deps: [NET.vcn, NET.apiSubnet, NET.lbSubnet, NSG.apiEndpoint, `${NSG.apiEndpoint}-rules`, VAULT.key, CLUSTER.kmsPolicy],
  name: (ctx) => ctx.env.cluster.name,
  async find(ctx): Promise<Lookup<ce.models.ClusterSummary>> {
    const items = await listAll((page) => oke(ctx).listClusters({ compartmentId: compartment(ctx), name: ctx.env.cluster.name, page }));
    return pickTagged(items, ctx, CLUSTER.cluster);
  },
  ocid: (c) => c.id as string,
  state: (c) => String(c.lifecycleState),
  async drift(ctx, c) {
    // ClusterSummary (ListClusters) has no kmsKeyId: read the cluster itself.
    const full = (await oke(ctx).getCluster({ clusterId: c.id as string })).cluster;
    const kms = diff('kmsKeyId', full.kmsKeyId ?? null, ctx.ref(VAULT.key).ocid);
    return defined([
      diff('kubernetesVersion', c.kubernetesVersion, ctx.env.cluster.kubernetesVersion),
      diff('type', c.type, 'ENHANCED_CLUSTER'),
      diff('endpointConfig.subnetId', c.endpointConfig?.subnetId, ctx.ref(NET.apiSubnet).ocid),
      kms === undefined ? undefined : `${kms} (${full.kmsKeyId ? 'Secrets in etcd are encrypted with another key' : 'Secrets in etcd are not encrypted with our key'}; ${REPLACE_CLUSTER})`,
    ]);
  },
  async create(ctx, token) {
    const details = clusterDetails(ctx);
    const resp = await oke(ctx).createCluster({ createClusterDetails: details, opcRetryToken: token(details) });
    ctx.note(CLUSTER.cluster, `work request ${resp.opcWorkRequestId}`);
    const id = await followWorkRequest(ctx, CLUSTER.cluster, 'cluster', resp.opcWorkRequestId, /cluster/);
    if (!id) throw new BootstrapError(`cluster "${ctx.env.cluster.name}": the work request succeeded but names no created cluster`, 'failed-resource');
    return cluster.waitReady(ctx, { id, lifecycleState: ce.models.ClusterLifecycleState.Creating });
  },
  waitReady: (ctx, c) => ctx.waiter.until(`cluster "${ctx.env.cluster.name}"`, 'cluster',
    async () => (await oke(ctx).getCluster({ clusterId: c.id as string })).cluster,
    (x) => x.lifecycleState === 'ACTIVE', (x) => ACTIVE_OR_FAILED(x.lifecycleState), { justCreated: true }),
  async update(ctx, c, drift) {
    if (drift.some((d) => !d.startsWith('kubernetesVersion'))) {
      throw new BootstrapError(`cluster "${ctx.env.cluster.name}" differs from the environment (${drift.filter((d) => !d.startsWith('kubernetesVersion')).join('; ')}) in a way OKE cannot change in place; re-run with --replace cluster`, 'drift');
    }
    const resp = await oke(ctx).updateCluster({ clusterId: c.id as string, updateClusterDetails: { kubernetesVersion: ctx.env.cluster.kubernetesVersion } });
    await followWorkRequest(ctx, CLUSTER.cluster, 'cluster', resp.opcWorkRequestId, /cluster/);
    return cluster.waitReady(ctx, c);
  },
  async remove(ctx, c) {
    const resp = await oke(ctx).deleteCluster({ clusterId: c.id as string });
    await followWorkRequest(ctx, CLUSTER.cluster, 'cluster', resp.opcWorkRequestId, /cluster/);
    await ctx.waiter.untilGone(`cluster "${ctx.env.cluster.name}"`, 'cluster', async () => (await oke(ctx).getCluster({ clusterId: c.id as string })).cluster, (x) => x.lifecycleState === 'DELETED');
  },
};

function poolSpec(ctx: Context) {
  const env = ctx.env;
  const pods = ctx.ref(NET.podSubnet).ocid;
  const nsg = ctx.ref(NSG.pods).ocid;
  return {
    size: env.virtualNodePool.size,
    placementConfigurations: env.virtualNodePool.placement.map((p) => ({
      availabilityDomain: ctx.availabilityDomains.get(p.availabilityDomain) ?? p.availabilityDomain,
      subnetId: pods,
      faultDomain: [...p.faultDomains],
    })),
    podConfiguration: { subnetId: pods, shape: env.virtualNodePool.podShape, nsgIds: [nsg] },
    nsgIds: [nsg],
    initialVirtualNodeLabels: [{ key: env.virtualNodePool.nodeLabel.key, value: env.virtualNodePool.nodeLabel.value }],
    taints: env.virtualNodePool.taint ? [{ key: env.virtualNodePool.taint.key, value: env.virtualNodePool.taint.value, effect: env.virtualNodePool.taint.effect }] : [],
  };
}

type Pool = ce.models.VirtualNodePool | ce.models.VirtualNodePoolSummary;

export const virtualNodePool: Resource<Pool> = {
  id: CLUSTER.virtualNodePool,
  kind: 'virtual-node-pool',
  deps: [CLUSTER.cluster, NET.podSubnet, NSG.pods, `${NSG.pods}-rules`],
  name: (ctx) => ctx.env.virtualNodePool.name,
  async find(ctx) {
    const items = await listAll((page) => oke(ctx).listVirtualNodePools({ compartmentId: compartment(ctx), clusterId: ctx.ref(CLUSTER.cluster).ocid, name: ctx.env.virtualNodePool.name, page }));
    return pickTagged(items, ctx, CLUSTER.virtualNodePool);
  },
  ocid: (p) => p.id,
  state: (p) => String(p.lifecycleState),
  drift(ctx, p) {
    const want = poolSpec(ctx);
    const labels = (l?: ce.models.InitialVirtualNodeLabel[]) => (l ?? []).map((x) => `${x.key}=${x.value}`).sort();
    const taints = (t?: ce.models.Taint[]) => (t ?? []).map((x) => `${x.key}=${x.value}:${x.effect}`).sort();
    const placement = (pc: ce.models.PlacementConfiguration[]) => pc.map((x) => `${x.availabilityDomain}@${x.subnetId}:${[...(x.faultDomain ?? [])].sort().join(',')}`).sort();
    return defined([
      diff('size', p.size, want.size),
      diff('initialVirtualNodeLabels', labels(p.initialVirtualNodeLabels), labels(want.initialVirtualNodeLabels)),
      diff('taints', taints(p.taints), taints(want.taints)),
      diff('placementConfigurations', placement(p.placementConfigurations), placement(want.placementConfigurations)),
      withFix(diff('podConfiguration.shape', p.podConfiguration?.shape, want.podConfiguration.shape), REPLACE_POOL),
    ]);
  },
  async create(ctx, token) {
    const details: ce.models.CreateVirtualNodePoolDetails = {
      compartmentId: compartment(ctx), clusterId: ctx.ref(CLUSTER.cluster).ocid, displayName: ctx.env.virtualNodePool.name,
      ...poolSpec(ctx), freeformTags: tags(ctx, CLUSTER.virtualNodePool),
    };
    const resp = await oke(ctx).createVirtualNodePool({ createVirtualNodePoolDetails: details, opcRetryToken: token(details) });
    const id = await followWorkRequest(ctx, CLUSTER.virtualNodePool, 'virtual-node-pool', resp.opcWorkRequestId, /virtualnodepool/);
    if (!id) throw new BootstrapError(`virtual node pool "${ctx.env.virtualNodePool.name}": the work request succeeded but names no created pool`, 'failed-resource');
    return virtualNodePool.waitReady(ctx, { id, lifecycleState: ce.models.VirtualNodePoolLifecycleState.Creating } as Pool);
  },
  waitReady: (ctx, p) => ctx.waiter.until(`virtual node pool "${ctx.env.virtualNodePool.name}"`, 'virtual-node-pool',
    async () => (await oke(ctx).getVirtualNodePool({ virtualNodePoolId: p.id })).virtualNodePool,
    (x) => x.lifecycleState === 'ACTIVE',
    (x) => (x.lifecycleState === 'FAILED' || x.lifecycleState === 'NEEDS_ATTENTION' ? `went ${x.lifecycleState}: ${x.lifecycleDetails ?? ''}` : undefined), { justCreated: true }),
  async update(ctx, p, drift) {
    const want = poolSpec(ctx);
    const shape = drift.find((d) => d.startsWith('podConfiguration.shape'));
    if (shape !== undefined) throw new BootstrapError(`virtual node pool "${ctx.env.virtualNodePool.name}": ${shape}`, 'drift');
    const resp = await oke(ctx).updateVirtualNodePool({
      virtualNodePoolId: p.id,
      updateVirtualNodePoolDetails: { size: want.size, initialVirtualNodeLabels: want.initialVirtualNodeLabels, taints: want.taints, placementConfigurations: want.placementConfigurations, podConfiguration: want.podConfiguration, nsgIds: want.nsgIds },
    });
    if (resp.opcWorkRequestId) await followWorkRequest(ctx, CLUSTER.virtualNodePool, 'virtual-node-pool', resp.opcWorkRequestId, /virtualnodepool/);
    return virtualNodePool.waitReady(ctx, p);
  },
  async remove(ctx, p) {
    const resp = await oke(ctx).deleteVirtualNodePool({ virtualNodePoolId: p.id });
    if (resp.opcWorkRequestId) await followWorkRequest(ctx, CLUSTER.virtualNodePool, 'virtual-node-pool', resp.opcWorkRequestId, /virtualnodepool/);
    await ctx.waiter.untilGone(`virtual node pool "${ctx.env.virtualNodePool.name}"`, 'virtual-node-pool', async () => (await oke(ctx).getVirtualNodePool({ virtualNodePoolId: p.id })).virtualNodePool, (x) => x.lifecycleState === 'DELETED');
  },
};

/** The kubeconfig, fetched from OKE once (a POST, so a re-apply must not fetch it again). */
interface KubeconfigFile { path: string; clusterId: string }

export const kubeconfig: Resource<KubeconfigFile> = {
  id: CLUSTER.kubeconfig,
  kind: 'kubeconfig',
  deps: [CLUSTER.cluster],
  name: (ctx) => ctx.kubeconfigPath,
  async find(ctx) {
    const clusterId = ctx.ref(CLUSTER.cluster).ocid;
    if (!fs.existsSync(ctx.kubeconfigPath)) return { dead: 0 };
    return { live: { path: ctx.kubeconfigPath, clusterId: fs.readFileSync(ctx.kubeconfigPath, 'utf8').includes(clusterIdMarker(clusterId)) ? clusterId : '' }, dead: 0 };
  },
  ocid: (k) => k.path,
  state: () => 'AVAILABLE',
  drift: (ctx, k) => (k.clusterId === ctx.ref(CLUSTER.cluster).ocid ? [] : ['kubeconfig names another cluster']),
  async create(ctx) {
    const clusterId = ctx.ref(CLUSTER.cluster).ocid;
    const resp = await oke(ctx).createKubeconfig({
      clusterId,
      createClusterKubeconfigContentDetails: {
        tokenVersion: '2.0.0',
        endpoint: ctx.env.network.publicApiEndpoint ? ce.models.CreateClusterKubeconfigContentDetails.Endpoint.PublicEndpoint : ce.models.CreateClusterKubeconfigContentDetails.Endpoint.PrivateEndpoint,
      },
    });
    // On Node 20 the body is a WHATWG ReadableStream.
    const text = await new Response(resp.value as unknown as ReadableStream).text();
    const body = text.includes(clusterIdMarker(clusterId)) ? text : `# ${clusterIdMarker(clusterId)}\n${text}`;
    fs.mkdirSync(path.dirname(ctx.kubeconfigPath), { recursive: true });
    const tmp = `${ctx.kubeconfigPath}.tmp-${process.pid}`;
    fs.writeFileSync(tmp, body, { mode: 0o600 });
    fs.renameSync(tmp, ctx.kubeconfigPath);
    return { path: ctx.kubeconfigPath, clusterId };
  },
  waitReady: async (_ctx, k) => k,
  update: (ctx) => kubeconfig.create(ctx, () => ''),
  async remove(ctx) {
    try { fs.unlinkSync(ctx.kubeconfigPath); } catch (e) { if (!isNotFound(e) && (e as NodeJS.ErrnoException).code !== 'ENOENT') throw e; }
  },
};

/** A drift line with the way to fix it appended. */
function withFix(line: string | undefined, fix: string): string | undefined {
  return line === undefined ? undefined : `${line} (${fix})`;
}

function clusterIdMarker(clusterId: string): string {
  return `oke-vn cluster ${clusterId}`;
}

export const clusterResources: Resource[] = [cluster, virtualNodePool, kubeconfig] as Resource[];
