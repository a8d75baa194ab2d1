/**
 * Every routed operation answers an unmodified SDK client with something the SDK deserialises: this test calls each
 * one once and then checks, against the route table, that none was missed and none failed.
 */
import * as ce from 'oci-containerengine';
import * as core from 'oci-core';
import * as kms from 'oci-keymanagement';
import * as logging from 'oci-logging';
import * as mysql from 'oci-mysql';
import { serviceRoutes } from '../../lib/fake-oci/routes';
import { errorOf, type Harness, silenceSdkWarnings, startHarness } from './support';

const MIN = 60_000;

describe('operation coverage', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ speed: 1, compartments: [{ name: 'apps' }] });
    silenceSdkWarnings();
    h.fake.clock.freeze();
  });
  afterAll(() => h.fake.stop());

  it('calls every operation through the SDK without an error', async () => {
    const { vn, ce: oke, identity, artifacts, kmsVault, vaults, secrets, db, mysqlaas, mysqlWorkRequests, logging: logs } = h.clients;
    const c = h.tenancyId;
    const step = () => h.fake.advanceClock(20 * MIN);

    // Identity
    const ad = (await identity.listAvailabilityDomains({ compartmentId: c })).items[0]!.name!;
    await identity.listFaultDomains({ compartmentId: c, availabilityDomain: ad });
    await identity.listRegionSubscriptions({ tenancyId: c });
    await identity.getTenancy({ tenancyId: c });
    const compartment = (await identity.createCompartment({ createCompartmentDetails: { compartmentId: c, name: 'extra', description: 'd' } })).compartment;
    await identity.listCompartments({ compartmentId: c });
    step();
    expect((await identity.getCompartment({ compartmentId: compartment.id })).compartment.lifecycleState).toBe('ACTIVE');
    const policy = (await identity.createPolicy({ createPolicyDetails: { compartmentId: c, name: 'p', description: 'd', statements: ['Allow group a to read all-resources in tenancy'] } })).policy;
    await identity.listPolicies({ compartmentId: c });
    await identity.getPolicy({ policyId: policy.id });
    await identity.updatePolicy({ policyId: policy.id, updatePolicyDetails: { description: 'd2' } });
    const group = (await identity.createDynamicGroup({ createDynamicGroupDetails: { compartmentId: c, name: 'g', description: 'd', matchingRule: 'ALL {}' } })).dynamicGroup;
    await identity.listDynamicGroups({ compartmentId: c });
    await identity.getDynamicGroup({ dynamicGroupId: group.id });

    // Network
    const vcn = (await vn.createVcn({ createVcnDetails: { compartmentId: c, cidrBlocks: ['10.0.0.0/16'] } })).vcn;
    await vn.listVcns({ compartmentId: c });
    step();
    await vn.getVcn({ vcnId: vcn.id });
    await vn.updateVcn({ vcnId: vcn.id, updateVcnDetails: { freeformTags: { a: 'b' } } });
    const igw = (await vn.createInternetGateway({ createInternetGatewayDetails: { compartmentId: c, vcnId: vcn.id, isEnabled: true } })).internetGateway;
    const nat = (await vn.createNatGateway({ createNatGatewayDetails: { compartmentId: c, vcnId: vcn.id } })).natGateway;
    const osn = (await vn.listServices({})).items[0]!;
    const sgw = (await vn.createServiceGateway({ createServiceGatewayDetails: { compartmentId: c, vcnId: vcn.id, services: [{ serviceId: osn.id }] } })).serviceGateway;
    const rt = (await vn.createRouteTable({ createRouteTableDetails: { compartmentId: c, vcnId: vcn.id, routeRules: [] } })).routeTable;
    const sl = (await vn.createSecurityList({ createSecurityListDetails: { compartmentId: c, vcnId: vcn.id, ingressSecurityRules: [], egressSecurityRules: [] } })).securityList;
    const nsg = (await vn.createNetworkSecurityGroup({ createNetworkSecurityGroupDetails: { compartmentId: c, vcnId: vcn.id } })).networkSecurityGroup;
    const subnet = (await vn.createSubnet({ createSubnetDetails: { compartmentId: c, vcnId: vcn.id, cidrBlock: '10.0.0.0/24', securityListIds: [sl.id] } })).subnet;
    const podSubnet = (await vn.createSubnet({ createSubnetDetails: { compartmentId: c, vcnId: vcn.id, cidrBlock: '10.0.64.0/18' } })).subnet;
    step();
    await vn.getInternetGateway({ igId: igw.id });
    await vn.listInternetGateways({ compartmentId: c, vcnId: vcn.id });
    await vn.getNatGateway({ natGatewayId: nat.id });
    await vn.listNatGateways({ compartmentId: c, vcnId: vcn.id });
    await vn.getServiceGateway({ serviceGatewayId: sgw.id });
    await vn.listServiceGateways({ compartmentId: c, vcnId: vcn.id });
    await vn.getRouteTable({ rtId: rt.id });
    await vn.listRouteTables({ compartmentId: c, vcnId: vcn.id });
    await vn.updateRouteTable({ rtId: rt.id, updateRouteTableDetails: { routeRules: [{ networkEntityId: igw.id, destination: '0.0.0.0/0' }] } });
    await vn.getSecurityList({ securityListId: sl.id });
    await vn.listSecurityLists({ compartmentId: c, vcnId: vcn.id });
    await vn.updateSecurityList({ securityListId: sl.id, updateSecurityListDetails: { displayName: 'sl' } });
    await vn.getNetworkSecurityGroup({ networkSecurityGroupId: nsg.id });
    await vn.listNetworkSecurityGroups({ compartmentId: c, vcnId: vcn.id });
    const added = await vn.addNetworkSecurityGroupSecurityRules({ networkSecurityGroupId: nsg.id, addNetworkSecurityGroupSecurityRulesDetails: {
      securityRules: [{ direction: core.models.AddSecurityRuleDetails.Direction.Egress, protocol: 'all', destination: '0.0.0.0/0' }],
    } });
    await vn.listNetworkSecurityGroupSecurityRules({ networkSecurityGroupId: nsg.id });
    await vn.removeNetworkSecurityGroupSecurityRules({ networkSecurityGroupId: nsg.id, removeNetworkSecurityGroupSecurityRulesDetails: { securityRuleIds: [added.addedNetworkSecurityGroupSecurityRules.securityRules![0]!.id!] } });
    await vn.getSubnet({ subnetId: subnet.id });
    await vn.listSubnets({ compartmentId: c, vcnId: vcn.id });
    await vn.updateSubnet({ subnetId: subnet.id, updateSubnetDetails: { displayName: 's' } });
    // No network operation creates an IaaS work request; the route exists and answers 404 as OCI does for unknown ids.
    expect((await errorOf(h.clients.iaasWorkRequests.getWorkRequest({ workRequestId: 'ocid1.coreservicesworkrequest.oc1..aaaaaaaaunknown000000' }))).statusCode).toBe(404);

    // Registry
    await artifacts.getContainerConfiguration({ compartmentId: c });
    const repo = (await artifacts.createContainerRepository({ createContainerRepositoryDetails: { compartmentId: c, displayName: 'app/api' } })).containerRepository;
    await artifacts.listContainerRepositories({ compartmentId: c });
    await artifacts.getContainerRepository({ repositoryId: repo.id });
    await artifacts.updateContainerRepository({ repositoryId: repo.id, updateContainerRepositoryDetails: { isImmutable: true } });

    // KMS / Vault / Secrets
    const v = (await kmsVault.createVault({ createVaultDetails: { compartmentId: c, displayName: 'v', vaultType: kms.models.CreateVaultDetails.VaultType.Default } })).vault;
    await kmsVault.listVaults({ compartmentId: c });
    step();
    await kmsVault.getVault({ vaultId: v.id });
    const mgmt = h.clients.kmsManagement(v.managementEndpoint);
    const key = (await mgmt.createKey({ createKeyDetails: { compartmentId: c, displayName: 'k', keyShape: { algorithm: kms.models.KeyShape.Algorithm.Aes, length: 32 } } })).key;
    await mgmt.listKeys({ compartmentId: c });
    step();
    await mgmt.getKey({ keyId: key.id });
    await mgmt.updateKey({ keyId: key.id, updateKeyDetails: { displayName: 'k2' } });
    const secret = (await vaults.createSecret({ createSecretDetails: { compartmentId: c, vaultId: v.id, keyId: key.id, secretName: 's', enableAutoGeneration: true } })).secret;
    await vaults.listSecrets({ compartmentId: c });
    step();
    await vaults.getSecret({ secretId: secret.id });
    await vaults.updateSecret({ secretId: secret.id, updateSecretDetails: { description: 'x' } });
    const generated = (await secrets.getSecretBundle({ secretId: secret.id })).secretBundle;
    expect(Buffer.from(generated.secretBundleContent!.content!, 'base64').toString()).toMatch(/^Aa1!.{24}$/);
    await secrets.getSecretBundleByName({ secretName: 's', vaultId: v.id });
    await vaults.scheduleSecretDeletion({ secretId: secret.id, scheduleSecretDeletionDetails: {} });
    step();
    await vaults.cancelSecretDeletion({ secretId: secret.id });
    await mgmt.scheduleKeyDeletion({ keyId: key.id, scheduleKeyDeletionDetails: {} });
    step();
    await mgmt.cancelKeyDeletion({ keyId: key.id });

    // MySQL
    await mysqlaas.listShapes({ compartmentId: c });
    await mysqlaas.listVersions({ compartmentId: c });
    const created = await db.createDbSystem({ createDbSystemDetails: { compartmentId: c, shapeName: 'MySQL.2', subnetId: subnet.id, adminUsername: 'admin', adminPassword: 'Adm1n!pass' } });
    await db.listDbSystems({ compartmentId: c });
    await mysqlWorkRequests.getWorkRequest({ workRequestId: created.opcWorkRequestId! });
    step();
    await db.getDbSystem({ dbSystemId: created.dbSystem.id });
    await db.updateDbSystem({ dbSystemId: created.dbSystem.id, updateDbSystemDetails: { deletionPolicy: { finalBackup: mysql.models.UpdateDeletionPolicyDetails.FinalBackup.RequireFinalBackup } } });
    step();

    // Logging: a log group and a VCN flow log of a subnet, every write through a work request
    const lgWr = (await logs.createLogGroup({ createLogGroupDetails: { compartmentId: c, displayName: 'lg' } })).opcWorkRequestId;
    const logGroupId = (await logs.getWorkRequest({ workRequestId: lgWr })).workRequest.resources[0]!.identifier;
    await logs.listLogGroups({ compartmentId: c });
    step();
    await logs.getLogGroup({ logGroupId });
    await logs.updateLogGroup({ logGroupId, updateLogGroupDetails: { description: 'flow logs' } });
    step();
    const logWr = (await logs.createLog({ logGroupId, createLogDetails: { displayName: 'flow', logType: logging.models.CreateLogDetails.LogType.Service,
      configuration: { source: { sourceType: 'OCISERVICE', service: 'flowlogs', resource: subnet.id, category: 'all' } as logging.models.OciService } } })).opcWorkRequestId;
    const logId = (await logs.getWorkRequest({ workRequestId: logWr })).workRequest.resources[0]!.identifier;
    await logs.listWorkRequestErrors({ workRequestId: logWr });
    step();
    await logs.listLogs({ logGroupId, sourceService: 'flowlogs' });
    await logs.getLog({ logGroupId, logId });
    await logs.updateLog({ logGroupId, logId, updateLogDetails: { retentionDuration: 60 } });
    step();
    await logs.deleteLog({ logGroupId, logId });
    step();
    await logs.deleteLogGroup({ logGroupId });

    // OKE
    await oke.getClusterOptions({ clusterOptionId: 'all' });
    await oke.listPodShapes({ compartmentId: c });
    const cwr = (await oke.createCluster({ createClusterDetails: { name: 'k', compartmentId: c, vcnId: vcn.id, kubernetesVersion: 'v1.33.1', type: ce.models.ClusterType.EnhancedCluster, clusterPodNetworkOptions: [{ cniType: 'OCI_VCN_IP_NATIVE' }], endpointConfig: { subnetId: subnet.id } } })).opcWorkRequestId;
    step();
    const clusterId = (await oke.getWorkRequest({ workRequestId: cwr })).workRequest.resources![0]!.identifier!;
    await oke.listWorkRequests({ compartmentId: c });
    await oke.listWorkRequestErrors({ compartmentId: c, workRequestId: cwr });
    await oke.listClusters({ compartmentId: c });
    await oke.getCluster({ clusterId });
    await oke.createKubeconfig({ clusterId, createClusterKubeconfigContentDetails: { tokenVersion: '2.0.0' } });
    await oke.updateCluster({ clusterId, updateClusterDetails: { kubernetesVersion: 'v1.34.1' } });
    step();
    const pwr = (await oke.createVirtualNodePool({ createVirtualNodePoolDetails: { compartmentId: c, clusterId, displayName: 'p', size: 1, placementConfigurations: [{ availabilityDomain: ad, subnetId: podSubnet.id, faultDomain: ['FAULT-DOMAIN-1'] }], podConfiguration: { subnetId: podSubnet.id, shape: 'Pod.Standard.A1.Flex' } } })).opcWorkRequestId;
    step();
    const poolId = (await oke.getWorkRequest({ workRequestId: pwr })).workRequest.resources![0]!.identifier!;
    await oke.listVirtualNodePools({ compartmentId: c, clusterId });
    await oke.getVirtualNodePool({ virtualNodePoolId: poolId });
    await oke.updateVirtualNodePool({ virtualNodePoolId: poolId, updateVirtualNodePoolDetails: { size: 2 } });
    step();

    // Teardown
    await oke.deleteVirtualNodePool({ virtualNodePoolId: poolId });
    step();
    await oke.deleteCluster({ clusterId });
    await db.deleteDbSystem({ dbSystemId: created.dbSystem.id });
    step();
    await kmsVault.scheduleVaultDeletion({ vaultId: v.id, scheduleVaultDeletionDetails: {} });
    step();
    await kmsVault.cancelVaultDeletion({ vaultId: v.id });
    await artifacts.deleteContainerRepository({ repositoryId: repo.id });
    await vn.updateSubnet({ subnetId: subnet.id, updateSubnetDetails: { securityListIds: [vcn.defaultSecurityListId!] } });
    await vn.deleteSubnet({ subnetId: subnet.id });
    await vn.deleteSubnet({ subnetId: podSubnet.id });
    await vn.deleteSecurityList({ securityListId: sl.id });
    await vn.deleteNetworkSecurityGroup({ networkSecurityGroupId: nsg.id });
    await vn.deleteRouteTable({ rtId: rt.id });
    step();
    await vn.deleteInternetGateway({ igId: igw.id });
    await vn.deleteNatGateway({ natGatewayId: nat.id });
    await vn.deleteServiceGateway({ serviceGatewayId: sgw.id });
    step();
    await vn.deleteVcn({ vcnId: vcn.id });
    await identity.deletePolicy({ policyId: policy.id });
    await identity.deleteDynamicGroup({ dynamicGroupId: group.id });

    const failed = h.fake.requests().filter((r) => r.status >= 400 && r.op !== 'GetWorkRequest');
    expect(failed.map((r) => `${r.op} ${r.status} ${r.errorCode ?? ''}`)).toEqual([]);
    const called = new Set(h.fake.requests().map((r) => `${r.service}:${r.op}`));
    const routed = Object.entries(serviceRoutes).flatMap(([service, routes]) => routes.map((r) => `${service}:${r.op}`));
    expect(routed.filter((op) => !called.has(op))).toEqual([]);
  });
});
