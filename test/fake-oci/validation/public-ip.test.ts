import * as ce from 'oci-containerengine';
import { availableVcn, errorOf, type Harness, silenceSdkWarnings, startHarness } from '../support';

/** Private subnets and public IPs (lib/fake-oci/validation/public-ip.ts), through the real SDK clients. */
describe('public IPs and private subnets', () => {
  let h: Harness;
  let vcnId: string;
  let privateSubnet: string;
  let publicSubnet: string;
  beforeAll(async () => {
    h = await startHarness({ speed: 1000 });
    h.fake.clock.freeze();
    vcnId = (await availableVcn(h)).id;
    const subnet = async (cidrBlock: string, prohibitPublicIpOnVnic: boolean) => (await h.clients.vn.createSubnet({ createSubnetDetails: {
      compartmentId: h.tenancyId, vcnId, cidrBlock, prohibitPublicIpOnVnic, prohibitInternetIngress: prohibitPublicIpOnVnic,
    } })).subnet.id;
    privateSubnet = await subnet('10.0.0.0/28', true);
    publicSubnet = await subnet('10.0.1.0/28', false);
    h.fake.advanceClock(60_000);
  });
  beforeEach(() => silenceSdkWarnings());
  afterAll(() => h.fake.stop());

  it('refuses contradicting prohibitPublicIpOnVnic / prohibitInternetIngress and accepts either alone', async () => {
    const err = await errorOf(h.clients.vn.createSubnet({ createSubnetDetails: {
      compartmentId: h.tenancyId, vcnId, cidrBlock: '10.0.2.0/28', prohibitPublicIpOnVnic: false, prohibitInternetIngress: true,
    } }));
    expect(err).toMatchObject({ statusCode: 400, serviceCode: 'InvalidParameter' });
    expect(err.message).toBe('Invalid prohibitPublicIpOnVnic: false contradicts prohibitInternetIngress true; prohibitPublicIpOnVnic takes the value of prohibitInternetIngress, so set only one of them');
    const { subnet } = await h.clients.vn.createSubnet({ createSubnetDetails: { compartmentId: h.tenancyId, vcnId, cidrBlock: '10.0.2.0/28', prohibitInternetIngress: true } });
    expect(subnet).toMatchObject({ prohibitPublicIpOnVnic: true, prohibitInternetIngress: true });
  });

  const createCluster = (subnetId: string, isPublicIpEnabled: boolean) => h.clients.ce.createCluster({ createClusterDetails: {
    name: `oke-${subnetId.slice(-4)}-${isPublicIpEnabled}`, compartmentId: h.tenancyId, vcnId, kubernetesVersion: 'v1.34.1',
    type: ce.models.ClusterType.EnhancedCluster, endpointConfig: { subnetId, isPublicIpEnabled },
    clusterPodNetworkOptions: [{ cniType: 'OCI_VCN_IP_NATIVE' }],
  } });

  it('fails the provisioning of a public cluster endpoint on a private subnet (work request FAILED, cluster FAILED)', async () => {
    const { opcWorkRequestId } = await createCluster(privateSubnet, true);
    h.fake.advanceClock(60_000);
    const { workRequest } = await h.clients.ce.getWorkRequest({ workRequestId: opcWorkRequestId });
    expect(workRequest.status).toBe('FAILED');
    const clusterId = workRequest.resources![0]!.identifier!;
    const { items } = await h.clients.ce.listWorkRequestErrors({ compartmentId: h.tenancyId, workRequestId: opcWorkRequestId });
    const reason = `endpointConfig.isPublicIpEnabled asks for a public IP, but subnet ${privateSubnet} is private (prohibitPublicIpOnVnic: true); use a public subnet or set it to false`;
    expect(items).toEqual([expect.objectContaining({ code: 'InvalidParameter', message: reason })]);
    const { cluster } = await h.clients.ce.getCluster({ clusterId });
    expect(cluster).toMatchObject({ lifecycleState: 'FAILED', lifecycleDetails: reason });
    expect(cluster.endpoints?.publicEndpoint).toBeUndefined();
  });

  it('provisions a public endpoint on a public subnet and a private one on a private subnet', async () => {
    for (const [subnetId, isPublic] of [[publicSubnet, true], [privateSubnet, false]] as const) {
      const { opcWorkRequestId } = await createCluster(subnetId, isPublic);
      h.fake.advanceClock(7 * 60_000);
      expect((await h.clients.ce.getWorkRequest({ workRequestId: opcWorkRequestId })).workRequest.status).toBe('SUCCEEDED');
    }
  });
});
