import * as ce from 'oci-containerengine';
import * as core from 'oci-core';
import { availableVcn, errorOf, type Harness, silenceSdkWarnings, startHarness } from '../support';

const Rule = core.models.AddSecurityRuleDetails;

/** Limits a bootstrap run can reach (lib/fake-oci/validation/limits.ts), through the real SDK clients. */
describe('limits', () => {
  let h: Harness;
  let vcnId: string;
  let subnetId: string;
  let nsgs: string[];
  beforeAll(async () => {
    h = await startHarness({ speed: 1000 });
    h.fake.clock.freeze();
    vcnId = (await availableVcn(h)).id;
    subnetId = (await h.clients.vn.createSubnet({ createSubnetDetails: { compartmentId: h.tenancyId, vcnId, cidrBlock: '10.0.0.0/24', dnsLabel: 'api' } })).subnet.id;
    nsgs = [];
    for (let i = 0; i < 6; i++) {
      nsgs.push((await h.clients.vn.createNetworkSecurityGroup({ createNetworkSecurityGroupDetails: { compartmentId: h.tenancyId, vcnId, displayName: `nsg${i}` } })).networkSecurityGroup.id);
    }
    h.fake.advanceClock(60_000);
  });
  beforeEach(() => silenceSdkWarnings());
  afterAll(() => h.fake.stop());

  const rules = (from: number, count: number): core.models.AddSecurityRuleDetails[] => Array.from({ length: count }, (_, i) => ({
    direction: Rule.Direction.Ingress, protocol: '6', source: '10.0.0.0/16', sourceType: Rule.SourceType.CidrBlock,
    tcpOptions: { destinationPortRange: { min: 1000 + from + i, max: 1000 + from + i } },
  }));
  const add = (nsgId: string, securityRules: core.models.AddSecurityRuleDetails[]) =>
    h.clients.vn.addNetworkSecurityGroupSecurityRules({ networkSecurityGroupId: nsgId, addNetworkSecurityGroupSecurityRulesDetails: { securityRules } });

  it('holds an NSG to 120 rules (400 LimitExceeded) and a call to 25 (400 InvalidParameter)', async () => {
    const nsg = nsgs[0]!;
    const perCall = await errorOf(add(nsg, rules(0, 26)));
    expect(perCall).toMatchObject({ statusCode: 400, serviceCode: 'InvalidParameter' });
    expect(perCall.message).toBe('Invalid securityRules: 26 entries; at most 25 are allowed (add more rules in further calls)');
    for (let i = 0; i < 4; i++) await add(nsg, rules(i * 25, 25));
    const over = await errorOf(add(nsg, rules(100, 25)));
    expect(over).toMatchObject({ statusCode: 400, serviceCode: 'LimitExceeded' });
    expect(over.message).toBe(`NSG ${nsg} has 100 security rules; adding 25 would exceed the limit of 120 rules per network security group.`);
    await add(nsg, rules(100, 20));
    expect((await errorOf(add(nsg, rules(120, 1)))).serviceCode).toBe('LimitExceeded');
    const listed = await h.clients.vn.listNetworkSecurityGroupSecurityRules({ networkSecurityGroupId: nsg });
    expect(listed.items).toHaveLength(120);
  });

  it('allows one internet gateway and one service gateway per VCN (400 LimitExceeded)', async () => {
    const { vn } = h.clients;
    await vn.createInternetGateway({ createInternetGatewayDetails: { compartmentId: h.tenancyId, vcnId, isEnabled: true } });
    const igw = await errorOf(vn.createInternetGateway({ createInternetGatewayDetails: { compartmentId: h.tenancyId, vcnId, isEnabled: true } }));
    expect(igw).toMatchObject({ statusCode: 400, serviceCode: 'LimitExceeded' });
    expect(igw.message).toMatch(/^VCN ocid1\.vcn\..+ already has internet gateway ocid1\.internetgateway\..+; a VCN can have only one internet gateway\.$/);
    const osn = (await vn.listServices({})).items[0]!;
    await vn.createServiceGateway({ createServiceGatewayDetails: { compartmentId: h.tenancyId, vcnId, services: [{ serviceId: osn.id }] } });
    const sgw = await errorOf(vn.createServiceGateway({ createServiceGatewayDetails: { compartmentId: h.tenancyId, vcnId, services: [{ serviceId: osn.id }] } }));
    expect(sgw).toMatchObject({ statusCode: 400, serviceCode: 'LimitExceeded' });
  });

  it('allows at most five security lists per subnet', async () => {
    const lists: string[] = [];
    for (let i = 0; i < 6; i++) {
      lists.push((await h.clients.vn.createSecurityList({ createSecurityListDetails: { compartmentId: h.tenancyId, vcnId, ingressSecurityRules: [], egressSecurityRules: [] } })).securityList.id);
    }
    h.fake.advanceClock(60_000);
    const err = await errorOf(h.clients.vn.createSubnet({ createSubnetDetails: { compartmentId: h.tenancyId, vcnId, cidrBlock: '10.0.1.0/24', securityListIds: lists } }));
    expect(err).toMatchObject({ statusCode: 400, serviceCode: 'InvalidParameter' });
    expect(err.message).toBe('Invalid securityListIds: 6 entries; at most 5 are allowed (a subnet can be associated with at most five security lists)');
    const update = await errorOf(h.clients.vn.updateSubnet({ subnetId, updateSubnetDetails: { securityListIds: lists } }));
    expect(update.serviceCode).toBe('InvalidParameter');
  });

  it('puts a cluster endpoint or a DB system in at most five NSGs', async () => {
    const cluster = await errorOf(h.clients.ce.createCluster({ createClusterDetails: {
      name: 'oke', compartmentId: h.tenancyId, vcnId, kubernetesVersion: 'v1.34.1', type: ce.models.ClusterType.EnhancedCluster,
      endpointConfig: { subnetId, nsgIds: nsgs }, clusterPodNetworkOptions: [{ cniType: 'OCI_VCN_IP_NATIVE' }],
    } }));
    expect(cluster).toMatchObject({ statusCode: 400, serviceCode: 'InvalidParameter' });
    expect(cluster.message).toBe('Invalid endpointConfig.nsgIds: 6 entries; at most 5 are allowed (a VNIC can be in at most five network security groups)');
    const db = await errorOf(h.clients.db.createDbSystem({ createDbSystemDetails: {
      compartmentId: h.tenancyId, shapeName: 'MySQL.2', subnetId, adminUsername: 'admin', adminPassword: 'Str0ng!Passw0rd', nsgIds: nsgs,
    } }));
    expect(db.message).toContain('Invalid nsgIds: 6 entries; at most 5 are allowed');
  });
});
