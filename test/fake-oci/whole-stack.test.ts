/**
 * The reference architecture's OCI footprint end to end on the fake, in apply order (docs/oci-sdk.md §13) and then
 * destroyed in reverse, with the rules OCI enforces in between. Only real SDK clients talk to the fake.
 */
import * as ce from 'oci-containerengine';
import * as core from 'oci-core';
import * as kms from 'oci-keymanagement';
import * as vault from 'oci-vault';
import { errorOf, type Harness, silenceSdkWarnings, startHarness } from './support';

const MIN = 60_000;
const DAY = 24 * 60 * MIN;

describe('whole stack on the fake', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ speed: 1 });
    silenceSdkWarnings();
    h.fake.clock.freeze();
  });
  afterAll(() => h.fake.stop());

  it('applies network → registry → vault/key/secret → MySQL → OKE + virtual nodes → IAM, then destroys in reverse', async () => {
    const { vn, ce: oke, identity, artifacts, kmsVault, vaults, db } = h.clients;
    const c = h.tenancyId;
    const tags = { 'managed-by': 'bootstrap', 'bootstrap-stack': 'demo' };

    const home = (await identity.listRegionSubscriptions({ tenancyId: c })).items.find((r) => r.isHomeRegion)!;
    expect(home.regionName).toBe('eu-frankfurt-1');
    const ad = (await identity.listAvailabilityDomains({ compartmentId: c })).items[0]!.name!;

    // Network
    const { vcn } = await vn.createVcn({ createVcnDetails: { compartmentId: c, cidrBlocks: ['10.0.0.0/16'], dnsLabel: 'oke', freeformTags: tags } });
    h.fake.advanceClock(MIN);
    const osn = (await vn.listServices({})).items.find((s) => s.name.startsWith('All '))!;
    const igw = (await vn.createInternetGateway({ createInternetGatewayDetails: { compartmentId: c, vcnId: vcn.id, isEnabled: true } })).internetGateway;
    const nat = (await vn.createNatGateway({ createNatGatewayDetails: { compartmentId: c, vcnId: vcn.id } })).natGateway;
    const sgw = (await vn.createServiceGateway({ createServiceGatewayDetails: { compartmentId: c, vcnId: vcn.id, services: [{ serviceId: osn.id }] } })).serviceGateway;
    h.fake.advanceClock(MIN);
    const publicRt = (await vn.createRouteTable({ createRouteTableDetails: { compartmentId: c, vcnId: vcn.id, routeRules: [{ networkEntityId: igw.id, destination: '0.0.0.0/0' }] } })).routeTable;
    const privateRt = (await vn.createRouteTable({ createRouteTableDetails: { compartmentId: c, vcnId: vcn.id, routeRules: [
      { networkEntityId: nat.id, destination: '0.0.0.0/0' },
      { networkEntityId: sgw.id, destination: osn.cidrBlock, destinationType: core.models.RouteRule.DestinationType.ServiceCidrBlock },
    ] } })).routeTable;
    const nsgs: Record<string, string> = {};
    for (const name of ['api', 'pods', 'lb', 'db']) {
      nsgs[name] = (await vn.createNetworkSecurityGroup({ createNetworkSecurityGroupDetails: { compartmentId: c, vcnId: vcn.id, displayName: name } })).networkSecurityGroup.id;
    }
    h.fake.advanceClock(MIN);
    const Rule = core.models.AddSecurityRuleDetails;
    await vn.addNetworkSecurityGroupSecurityRules({ networkSecurityGroupId: nsgs.db!, addNetworkSecurityGroupSecurityRulesDetails: { securityRules: [
      { direction: Rule.Direction.Ingress, protocol: '6', source: nsgs.pods!, sourceType: Rule.SourceType.NetworkSecurityGroup, tcpOptions: { destinationPortRange: { min: 3306, max: 3306 } }, description: 'pods to MySQL' },
    ] } });
    const subnet = async (cidr: string, rt: string, name: string) =>
      (await vn.createSubnet({ createSubnetDetails: { compartmentId: c, vcnId: vcn.id, cidrBlock: cidr, routeTableId: rt, displayName: name, prohibitPublicIpOnVnic: rt !== publicRt.id } })).subnet;
    const apiSubnet = await subnet('10.0.0.0/28', publicRt.id, 'api');
    const lbSubnet = await subnet('10.0.1.0/24', publicRt.id, 'lb');
    const podSubnet = await subnet('10.0.32.0/19', privateRt.id, 'pods');
    const dbSubnet = await subnet('10.0.2.0/24', privateRt.id, 'db');
    h.fake.advanceClock(MIN);

    // Registry
    const repo = (await artifacts.createContainerRepository({ createContainerRepositoryDetails: { compartmentId: c, displayName: 'app/api', isPublic: false } })).containerRepository;

    // Vault → key → secret
    const v = (await kmsVault.createVault({ createVaultDetails: { compartmentId: c, displayName: 'demo', vaultType: kms.models.CreateVaultDetails.VaultType.Default } })).vault;
    h.fake.advanceClock(2 * MIN);
    const mgmt = h.clients.kmsManagement(v.managementEndpoint);
    const key = (await mgmt.createKey({ createKeyDetails: { compartmentId: c, displayName: 'demo', keyShape: { algorithm: kms.models.KeyShape.Algorithm.Aes, length: 32 } } })).key;
    h.fake.advanceClock(MIN);
    const secret = (await vaults.createSecret({ createSecretDetails: { compartmentId: c, vaultId: v.id, keyId: key.id, secretName: 'mysql-admin',
      secretContent: { contentType: 'BASE64', content: Buffer.from('Adm1n!pass').toString('base64'), stage: vault.models.SecretContentDetails.Stage.Current } } })).secret;

    // MySQL and OKE in parallel (the DB takes longer)
    const dbSystem = (await db.createDbSystem({ createDbSystemDetails: { compartmentId: c, shapeName: 'MySQL.2', subnetId: dbSubnet.id, nsgIds: [nsgs.db!], adminUsername: 'admin', adminPassword: 'Adm1n!pass', availabilityDomain: ad } })).dbSystem;
    const version = (await oke.getClusterOptions({ clusterOptionId: 'all' })).clusterOptions.kubernetesVersions!.at(-1)!;
    // etcd encryption: clusters may use the key only once a policy says so (home region, before the create).
    const keyPolicy = (await identity.createPolicy({ createPolicyDetails: { compartmentId: c, name: 'demo-cluster-kms', description: 'OKE uses the key',
      statements: [`Allow any-user to use keys in compartment id ${c} where ALL {request.principal.type = 'cluster', target.key.id = '${key.id}'}`] } })).policy;
    h.fake.advanceClock(MIN);
    const clusterWr = (await oke.createCluster({ createClusterDetails: {
      name: 'demo', compartmentId: c, vcnId: vcn.id, kubernetesVersion: version, type: ce.models.ClusterType.EnhancedCluster, kmsKeyId: key.id,
      endpointConfig: { subnetId: apiSubnet.id, nsgIds: [nsgs.api!], isPublicIpEnabled: true },
      options: { serviceLbSubnetIds: [lbSubnet.id], serviceLbConfig: { backendNsgIds: [nsgs.lb!] } },
      clusterPodNetworkOptions: [{ cniType: 'OCI_VCN_IP_NATIVE' }], freeformTags: tags,
    } })).opcWorkRequestId;
    h.fake.advanceClock(7 * MIN);
    const clusterId = (await oke.getWorkRequest({ workRequestId: clusterWr })).workRequest.resources!.find((r) => r.actionType === 'CREATED')!.identifier!;
    const poolWr = (await oke.createVirtualNodePool({ createVirtualNodePoolDetails: {
      compartmentId: c, clusterId, displayName: 'virtual', size: 3, nsgIds: [nsgs.pods!],
      placementConfigurations: [{ availabilityDomain: ad, subnetId: podSubnet.id, faultDomain: ['FAULT-DOMAIN-1', 'FAULT-DOMAIN-2', 'FAULT-DOMAIN-3'] }],
      podConfiguration: { subnetId: podSubnet.id, shape: 'Pod.Standard.E4.Flex', nsgIds: [nsgs.pods!] },
    } })).opcWorkRequestId;
    h.fake.advanceClock(8 * MIN);
    const poolId = (await oke.getWorkRequest({ workRequestId: poolWr })).workRequest.resources![0]!.identifier!;
    expect((await db.getDbSystem({ dbSystemId: dbSystem.id })).dbSystem.lifecycleState).toBe('ACTIVE');

    // Workload identity policy (needs the cluster OCID; home region)
    const policy = (await identity.createPolicy({ createPolicyDetails: { compartmentId: c, name: 'demo-workload', description: 'ESO reads secrets',
      statements: [`Allow any-user to read secret-bundles in tenancy where all {request.principal.type='workload', request.principal.cluster_id='${clusterId}'}`] } })).policy;
    const kubeconfig = await new Response((await oke.createKubeconfig({ clusterId, createClusterKubeconfigContentDetails: { tokenVersion: '2.0.0' } })).value as ReadableStream).text();
    expect(kubeconfig).toContain(clusterId);

    h.fake.advanceClock(MIN);
    const live = h.fake.resources().filter((r) => !['ceWorkRequest', 'mysqlWorkRequest'].includes(r.kind));
    expect(live.filter((r) => !['AVAILABLE', 'ACTIVE', 'ENABLED'].includes(r.lifecycleState)).map((r) => `${r.kind}:${r.lifecycleState}`)).toEqual([]);
    expect(live.filter((r) => r.kind === 'subnet')).toHaveLength(4);

    // Destroying out of order is refused the way OCI refuses it.
    expect((await errorOf(vn.deleteVcn({ vcnId: vcn.id }))).serviceCode).toBe('Conflict');
    expect((await errorOf(vn.deleteSubnet({ subnetId: podSubnet.id }))).serviceCode).toBe('Conflict');
    expect((await errorOf(vn.deleteNetworkSecurityGroup({ networkSecurityGroupId: nsgs.pods! }))).serviceCode).toBe('Conflict');

    // Destroy = reverse.
    h.fake.clearRequests();
    await identity.deletePolicy({ policyId: policy.id });
    await oke.deleteVirtualNodePool({ virtualNodePoolId: poolId });
    h.fake.advanceClock(2 * MIN);
    await oke.deleteCluster({ clusterId });
    await identity.deletePolicy({ policyId: keyPolicy.id });
    await db.deleteDbSystem({ dbSystemId: dbSystem.id });
    h.fake.advanceClock(5 * MIN);
    await vaults.scheduleSecretDeletion({ secretId: secret.id, scheduleSecretDeletionDetails: {} });
    await mgmt.scheduleKeyDeletion({ keyId: key.id, scheduleKeyDeletionDetails: {} });
    await kmsVault.scheduleVaultDeletion({ vaultId: v.id, scheduleVaultDeletionDetails: {} });
    await artifacts.deleteContainerRepository({ repositoryId: repo.id });
    for (const s of [apiSubnet, lbSubnet, podSubnet, dbSubnet]) await vn.deleteSubnet({ subnetId: s.id });
    h.fake.advanceClock(MIN);
    for (const rt of [publicRt, privateRt]) await vn.deleteRouteTable({ rtId: rt.id });
    const dbRules = await vn.listNetworkSecurityGroupSecurityRules({ networkSecurityGroupId: nsgs.db! });
    await vn.removeNetworkSecurityGroupSecurityRules({ networkSecurityGroupId: nsgs.db!, removeNetworkSecurityGroupSecurityRulesDetails: { securityRuleIds: dbRules.items.map((r) => r.id!) } });
    for (const id of Object.values(nsgs)) await vn.deleteNetworkSecurityGroup({ networkSecurityGroupId: id });
    h.fake.advanceClock(MIN);
    await vn.deleteInternetGateway({ igId: igw.id });
    await vn.deleteNatGateway({ natGatewayId: nat.id });
    await vn.deleteServiceGateway({ serviceGatewayId: sgw.id });
    h.fake.advanceClock(MIN);
    await vn.deleteVcn({ vcnId: vcn.id });
    h.fake.advanceClock(2 * MIN);

    expect(h.fake.requests().filter((r) => r.status >= 400)).toEqual([]);
    const left = h.fake.resources().filter((r) => !['ceWorkRequest', 'mysqlWorkRequest'].includes(r.kind));
    expect(left.map((r) => `${r.kind}:${r.lifecycleState}`).sort()).toEqual([
      'cluster:DELETED', 'dbSystem:DELETED', 'key:PENDING_DELETION', 'secret:PENDING_DELETION', 'vault:PENDING_DELETION', 'virtualNodePool:DELETED',
    ]);
    h.fake.advanceClock(31 * DAY);
    expect(h.fake.resources('secret').map((r) => r.lifecycleState)).toEqual(['DELETED']);
  });
});
