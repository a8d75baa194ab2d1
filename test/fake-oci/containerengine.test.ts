import * as ce from 'oci-containerengine';
import type * as core from 'oci-core';
import { availableVcn, errorOf, type Harness, silenceSdkWarnings, startHarness } from './support';

describe('Container Engine on the fake', () => {
  let h: Harness;
  let vcn: core.models.Vcn;
  let apiSubnet: core.models.Subnet;
  let podSubnet: core.models.Subnet;
  let version: string;

  beforeEach(async () => {
    h = await startHarness({ speed: 1 });
    silenceSdkWarnings();
    vcn = await availableVcn(h);
    apiSubnet = (await h.clients.vn.createSubnet({ createSubnetDetails: { compartmentId: h.tenancyId, vcnId: vcn.id, cidrBlock: '10.0.0.0/28' } })).subnet;
    podSubnet = (await h.clients.vn.createSubnet({ createSubnetDetails: { compartmentId: h.tenancyId, vcnId: vcn.id, cidrBlock: '10.0.16.0/20' } })).subnet;
    h.fake.advanceClock(60_000);
    const options = await h.clients.ce.getClusterOptions({ clusterOptionId: 'all' });
    version = options.clusterOptions.kubernetesVersions!.at(-1)!;
    h.fake.clock.freeze();
  });
  afterEach(() => h.fake.stop());

  const createCluster = () => h.clients.ce.createCluster({ createClusterDetails: {
    name: 'oke', compartmentId: h.tenancyId, vcnId: vcn.id, kubernetesVersion: version, type: ce.models.ClusterType.EnhancedCluster,
    endpointConfig: { subnetId: apiSubnet.id, isPublicIpEnabled: true },
    clusterPodNetworkOptions: [{ cniType: 'OCI_VCN_IP_NATIVE' }], freeformTags: { stack: 's' },
  } });

  async function activeCluster(): Promise<string> {
    const { opcWorkRequestId } = await createCluster();
    h.fake.advanceClock(7 * 60_000);
    const { workRequest } = await h.clients.ce.getWorkRequest({ workRequestId: opcWorkRequestId });
    return workRequest.resources!.find((r) => r.actionType === 'CREATED')!.identifier!;
  }

  it('offers cluster options and pod shapes', async () => {
    const options = await h.clients.ce.getClusterOptions({ clusterOptionId: 'all' });
    expect(options.clusterOptions.kubernetesVersions).toEqual(['v1.32.1', 'v1.33.1', 'v1.34.1']);
    const shapes = await h.clients.ce.listPodShapes({ compartmentId: h.tenancyId, availabilityDomain: 'Uocm:EU-FRANKFURT-1-AD-1' });
    expect(shapes.items.map((s) => s.name)).toEqual(['Pod.Standard.E3.Flex', 'Pod.Standard.E4.Flex', 'Pod.Standard.A1.Flex']);
  });

  it('creates a cluster with 202 + work request ACCEPTED → IN_PROGRESS → SUCCEEDED (7 min realistic)', async () => {
    const created = await createCluster();
    expect(created.opcWorkRequestId).toMatch(/^ocid1\.clustersworkrequest\./);
    const wr = () => h.clients.ce.getWorkRequest({ workRequestId: created.opcWorkRequestId });
    const first = await wr();
    expect(first.workRequest).toMatchObject({ status: 'ACCEPTED', operationType: 'CLUSTER_CREATE' });
    expect(first.workRequest.timeFinished).toBeUndefined();
    expect(first.retryAfter).toBe(5);
    const clusterId = first.workRequest.resources![0]!.identifier!;
    expect(first.workRequest.resources![0]).toMatchObject({ entityType: 'cluster', actionType: 'IN_PROGRESS' });
    h.fake.advanceClock(60_000);
    expect((await wr()).workRequest.status).toBe('IN_PROGRESS');
    expect((await h.clients.ce.getCluster({ clusterId })).cluster.lifecycleState).toBe('CREATING');
    h.fake.advanceClock(6 * 60_000);
    const done = (await wr()).workRequest;
    expect(done.status).toBe('SUCCEEDED');
    expect(done.timeFinished).toBeTruthy();
    expect(done.resources).toEqual([expect.objectContaining({ entityType: 'cluster', actionType: 'CREATED', identifier: clusterId })]);
    const { cluster } = await h.clients.ce.getCluster({ clusterId });
    expect(cluster).toMatchObject({ lifecycleState: 'ACTIVE', name: 'oke', type: 'ENHANCED_CLUSTER', freeformTags: { stack: 's' } });
    expect(cluster.endpoints?.publicEndpoint).toMatch(/:6443$/);
    const listed = await h.clients.ce.listClusters({ compartmentId: h.tenancyId, name: 'oke', lifecycleState: [ce.models.ClusterLifecycleState.Active, ce.models.ClusterLifecycleState.Creating] });
    expect(listed.items.map((c) => c.id)).toEqual([clusterId]);
    const wrs = await h.clients.ce.listWorkRequests({ compartmentId: h.tenancyId, clusterId });
    expect(wrs.items.map((w) => w.id)).toEqual([created.opcWorkRequestId]);
  });

  it('rejects an unknown Kubernetes version and a subnet outside the VCN', async () => {
    const bad = await errorOf(h.clients.ce.createCluster({ createClusterDetails: { name: 'x', compartmentId: h.tenancyId, vcnId: vcn.id, kubernetesVersion: 'v1.20.0' } }));
    expect(bad).toMatchObject({ statusCode: 400, serviceCode: 'InvalidParameter' });
    expect(bad.message).toContain('kubernetesVersion');
  });

  it('creates a virtual node pool only on an ACTIVE enhanced cluster; fault domains optional, checked when given', async () => {
    const { opcWorkRequestId } = await createCluster();
    const clusterId = (await h.clients.ce.getWorkRequest({ workRequestId: opcWorkRequestId })).workRequest.resources![0]!.identifier!;
    const pool = (faultDomain?: string[]) => h.clients.ce.createVirtualNodePool({ createVirtualNodePoolDetails: {
      compartmentId: h.tenancyId, clusterId, displayName: 'vnp', size: 3,
      placementConfigurations: [{ availabilityDomain: 'Uocm:EU-FRANKFURT-1-AD-1', subnetId: podSubnet.id, ...(faultDomain ? { faultDomain } : {}) }],
      podConfiguration: { subnetId: podSubnet.id, shape: 'Pod.Standard.E4.Flex' },
    } });
    expect((await errorOf(pool(['FAULT-DOMAIN-1']))).serviceCode).toBe('IncorrectState');
    h.fake.advanceClock(7 * 60_000);
    expect((await errorOf(pool(['FAULT-DOMAIN-9']))).message).toContain('faultDomain');
    // PlacementConfiguration.faultDomain is optional in the SDK model.
    const created = await pool();
    h.fake.advanceClock(4 * 60_000 - 1);
    const wr = (await h.clients.ce.getWorkRequest({ workRequestId: created.opcWorkRequestId })).workRequest;
    expect(wr).toMatchObject({ status: 'IN_PROGRESS', operationType: 'VIRTUALNODEPOOL_CREATE' });
    h.fake.advanceClock(1);
    const finished = (await h.clients.ce.getWorkRequest({ workRequestId: created.opcWorkRequestId })).workRequest;
    const poolId = finished.resources!.find((r) => r.entityType!.toLowerCase().includes('virtualnodepool') && r.actionType === 'CREATED')!.identifier!;
    const { virtualNodePool } = await h.clients.ce.getVirtualNodePool({ virtualNodePoolId: poolId });
    expect(virtualNodePool).toMatchObject({ lifecycleState: 'ACTIVE', size: 3, kubernetesVersion: version, clusterId });
    const listed = await h.clients.ce.listVirtualNodePools({ compartmentId: h.tenancyId, clusterId, name: 'vnp' });
    expect(listed.items.map((p) => p.id)).toEqual([poolId]);
  });

  it('updates a cluster (version upgrade, no downgrade) and a node pool through work requests', async () => {
    const clusterId = await (async () => {
      const { opcWorkRequestId } = await h.clients.ce.createCluster({ createClusterDetails: {
        name: 'up', compartmentId: h.tenancyId, vcnId: vcn.id, kubernetesVersion: 'v1.33.1', type: ce.models.ClusterType.EnhancedCluster,
        endpointConfig: { subnetId: apiSubnet.id }, clusterPodNetworkOptions: [{ cniType: 'OCI_VCN_IP_NATIVE' }],
      } });
      h.fake.advanceClock(7 * 60_000);
      return (await h.clients.ce.getWorkRequest({ workRequestId: opcWorkRequestId })).workRequest.resources![0]!.identifier!;
    })();
    const down = await errorOf(h.clients.ce.updateCluster({ clusterId, updateClusterDetails: { kubernetesVersion: 'v1.32.1' } }));
    expect(down.message).toContain('downgrade');
    const up = await h.clients.ce.updateCluster({ clusterId, updateClusterDetails: { kubernetesVersion: 'v1.34.1' } });
    expect((await h.clients.ce.getCluster({ clusterId })).cluster).toMatchObject({ lifecycleState: 'UPDATING', kubernetesVersion: 'v1.34.1' });
    expect((await errorOf(h.clients.ce.updateCluster({ clusterId, updateClusterDetails: { name: 'x' } }))).serviceCode).toBe('IncorrectState');
    h.fake.advanceClock(10 * 60_000);
    const wr = (await h.clients.ce.getWorkRequest({ workRequestId: up.opcWorkRequestId })).workRequest;
    expect(wr).toMatchObject({ status: 'SUCCEEDED', operationType: 'CLUSTER_UPDATE' });
    expect(wr.resources![0]).toMatchObject({ actionType: 'UPDATED', identifier: clusterId });
    expect((await h.clients.ce.getCluster({ clusterId })).cluster.lifecycleState).toBe('ACTIVE');

    const placement = { availabilityDomain: 'Uocm:EU-FRANKFURT-1-AD-1', subnetId: podSubnet.id, faultDomain: ['FAULT-DOMAIN-1'] };
    const created = await h.clients.ce.createVirtualNodePool({ createVirtualNodePoolDetails: {
      compartmentId: h.tenancyId, clusterId, displayName: 'vnp', size: 1, placementConfigurations: [placement],
      podConfiguration: { subnetId: podSubnet.id, shape: 'Pod.Standard.E4.Flex' },
    } });
    h.fake.advanceClock(4 * 60_000);
    const poolId = (await h.clients.ce.getWorkRequest({ workRequestId: created.opcWorkRequestId })).workRequest.resources![0]!.identifier!;
    const badShape = await errorOf(h.clients.ce.updateVirtualNodePool({ virtualNodePoolId: poolId, updateVirtualNodePoolDetails: { podConfiguration: { subnetId: podSubnet.id, shape: 'VM.Standard.E4.Flex' } } }));
    expect(badShape.message).toContain('podConfiguration.shape');
    // A valid shape other than the pool's is not changed in place either: OKE needs a new pool for it.
    const otherShape = await errorOf(h.clients.ce.updateVirtualNodePool({ virtualNodePoolId: poolId, updateVirtualNodePoolDetails: { podConfiguration: { subnetId: podSubnet.id, shape: 'Pod.Standard.E3.Flex' } } }));
    expect(otherShape.message).toContain('cannot change from Pod.Standard.E4.Flex to Pod.Standard.E3.Flex in place; create a new virtual node pool');
    const resized = await h.clients.ce.updateVirtualNodePool({ virtualNodePoolId: poolId, updateVirtualNodePoolDetails: { size: 5 } });
    expect((await h.clients.ce.getVirtualNodePool({ virtualNodePoolId: poolId })).virtualNodePool).toMatchObject({ lifecycleState: 'UPDATING', size: 5 });
    h.fake.advanceClock(2 * 60_000);
    expect((await h.clients.ce.getWorkRequest({ workRequestId: resized.opcWorkRequestId })).workRequest.status).toBe('SUCCEEDED');
    expect((await h.clients.ce.getVirtualNodePool({ virtualNodePoolId: poolId })).virtualNodePool.lifecycleState).toBe('ACTIVE');
  });

  it('returns a kubeconfig as text for an ACTIVE cluster', async () => {
    const clusterId = await activeCluster();
    const res = await h.clients.ce.createKubeconfig({ clusterId, createClusterKubeconfigContentDetails: { tokenVersion: '2.0.0', endpoint: ce.models.CreateClusterKubeconfigContentDetails.Endpoint.PublicEndpoint } });
    const text = await new Response(res.value as ReadableStream).text();
    expect(text).toContain('apiVersion: v1');
    expect(text).toMatch(/server: https:\/\/192\.0\.2\.\d+:6443/);
    expect(text).toContain(clusterId);
  });

  it('deletes a cluster through a work request; the subnet stays busy until then', async () => {
    const clusterId = await activeCluster();
    expect((await errorOf(h.clients.vn.deleteSubnet({ subnetId: apiSubnet.id }))).serviceCode).toBe('Conflict');
    const del = await h.clients.ce.deleteCluster({ clusterId });
    expect((await h.clients.ce.getCluster({ clusterId })).cluster.lifecycleState).toBe('DELETING');
    h.fake.advanceClock(3 * 60_000);
    const wr = (await h.clients.ce.getWorkRequest({ workRequestId: del.opcWorkRequestId })).workRequest;
    expect(wr).toMatchObject({ status: 'SUCCEEDED', operationType: 'CLUSTER_DELETE' });
    expect(wr.resources![0]).toMatchObject({ actionType: 'DELETED', identifier: clusterId });
    expect((await h.clients.ce.getCluster({ clusterId })).cluster.lifecycleState).toBe('DELETED');
    await h.clients.vn.deleteSubnet({ subnetId: apiSubnet.id });
  });

  it('fails the work request when the control API forces the cluster to FAILED', async () => {
    const { opcWorkRequestId } = await createCluster();
    const clusterId = (await h.clients.ce.getWorkRequest({ workRequestId: opcWorkRequestId })).workRequest.resources![0]!.identifier!;
    h.fake.setLifecycleState(clusterId, 'FAILED');
    h.fake.advanceClock(10 * 60_000);
    const wr = (await h.clients.ce.getWorkRequest({ workRequestId: opcWorkRequestId })).workRequest;
    expect(wr.status).toBe('FAILED');
    expect(wr.timeFinished).toBeTruthy();
    expect((await h.clients.ce.getCluster({ clusterId })).cluster.lifecycleState).toBe('FAILED');
    const errors = await h.clients.ce.listWorkRequestErrors({ compartmentId: h.tenancyId, workRequestId: opcWorkRequestId });
    expect(errors.items[0]?.message).toContain('FAILED');
  });
});

describe('pod shapes offered by the region', () => {
  it('lists only the configured pod shapes and refuses others for a virtual node pool', async () => {
    const h = await startHarness({ speed: 1, podShapes: ['Pod.Standard.A1.Flex'] });
    silenceSdkWarnings();
    h.fake.clock.freeze();
    try {
      const shapes = await h.clients.ce.listPodShapes({ compartmentId: h.tenancyId });
      expect(shapes.items.map((s) => s.name)).toEqual(['Pod.Standard.A1.Flex']);
      const vcn = await availableVcn(h);
      const subnet = (await h.clients.vn.createSubnet({ createSubnetDetails: { compartmentId: h.tenancyId, vcnId: vcn.id, cidrBlock: '10.0.0.0/20' } })).subnet;
      h.fake.advanceClock(60_000);
      const { opcWorkRequestId } = await h.clients.ce.createCluster({ createClusterDetails: {
        name: 'a1', compartmentId: h.tenancyId, vcnId: vcn.id, kubernetesVersion: 'v1.34.1', type: ce.models.ClusterType.EnhancedCluster,
        endpointConfig: { subnetId: subnet.id }, clusterPodNetworkOptions: [{ cniType: 'OCI_VCN_IP_NATIVE' }],
      } });
      h.fake.advanceClock(7 * 60_000);
      const clusterId = (await h.clients.ce.getWorkRequest({ workRequestId: opcWorkRequestId })).workRequest.resources![0]!.identifier!;
      const pool = (shape: string) => h.clients.ce.createVirtualNodePool({ createVirtualNodePoolDetails: {
        compartmentId: h.tenancyId, clusterId, displayName: 'p', size: 1,
        placementConfigurations: [{ availabilityDomain: 'Uocm:EU-FRANKFURT-1-AD-1', subnetId: subnet.id, faultDomain: ['FAULT-DOMAIN-1'] }],
        podConfiguration: { subnetId: subnet.id, shape },
      } });
      expect((await errorOf(pool('Pod.Standard.E4.Flex'))).message).toContain('is not one of Pod.Standard.A1.Flex');
      expect((await pool('Pod.Standard.A1.Flex')).opcWorkRequestId).toBeTruthy();
    } finally {
      await h.fake.stop();
    }
  });
});
