import * as ce from 'oci-containerengine';
import type * as core from 'oci-core';
import * as kms from 'oci-keymanagement';
import { availableVcn, type Harness, silenceSdkWarnings, startHarness } from './support';

const MIN = 60_000;

/** A cluster created with kmsKeyId needs a policy letting clusters use that key; without one it goes FAILED. */
describe('cluster etcd encryption key on the fake', () => {
  let h: Harness;
  let vcn: core.models.Vcn;
  let apiSubnet: core.models.Subnet;
  let key: kms.models.Key;
  beforeEach(async () => {
    h = await startHarness({ speed: 1 });
    silenceSdkWarnings();
    vcn = await availableVcn(h);
    apiSubnet = (await h.clients.vn.createSubnet({ createSubnetDetails: { compartmentId: h.tenancyId, vcnId: vcn.id, cidrBlock: '10.0.0.0/28' } })).subnet;
    const { vault } = await h.clients.kmsVault.createVault({ createVaultDetails: { compartmentId: h.tenancyId, displayName: 'v', vaultType: kms.models.CreateVaultDetails.VaultType.Default } });
    h.fake.advanceClock(2 * MIN);
    key = (await h.clients.kmsManagement(vault.managementEndpoint).createKey({ createKeyDetails: { compartmentId: h.tenancyId, displayName: 'k', keyShape: { algorithm: kms.models.KeyShape.Algorithm.Aes, length: 32 } } })).key;
    h.fake.advanceClock(MIN);
    h.fake.clock.freeze();
  });
  afterEach(() => h.fake.stop());

  const policy = async (statement: string) => {
    await h.clients.identity.createPolicy({ createPolicyDetails: { compartmentId: h.tenancyId, name: `p${h.fake.resources('policy').length}`, description: 'd', statements: [statement] } });
    h.fake.advanceClock(MIN);
  };

  /** Creates an encrypted cluster and lets 7 minutes pass; returns the work request and the cluster. */
  const createEncrypted = async () => {
    const { opcWorkRequestId } = await h.clients.ce.createCluster({ createClusterDetails: {
      name: 'oke', compartmentId: h.tenancyId, vcnId: vcn.id, kubernetesVersion: 'v1.34.1', type: ce.models.ClusterType.EnhancedCluster, kmsKeyId: key.id,
      endpointConfig: { subnetId: apiSubnet.id }, clusterPodNetworkOptions: [{ cniType: 'OCI_VCN_IP_NATIVE' }],
    } });
    h.fake.advanceClock(7 * MIN);
    const wr = (await h.clients.ce.getWorkRequest({ workRequestId: opcWorkRequestId })).workRequest;
    const cluster = (await h.clients.ce.getCluster({ clusterId: wr.resources![0]!.identifier! })).cluster;
    return { wr, cluster };
  };

  it('with the narrow key policy (cluster principals, this key) the cluster becomes ACTIVE and carries kmsKeyId', async () => {
    await policy(`Allow any-user to use keys in compartment id ${h.tenancyId} where ALL {request.principal.type = 'cluster', target.key.id = '${key.id}'}`);
    const { wr, cluster } = await createEncrypted();
    expect(wr.status).toBe('SUCCEEDED');
    expect(cluster).toMatchObject({ lifecycleState: 'ACTIVE', kmsKeyId: key.id });
  });

  it('without a policy (or with one for another key or principal) the create is accepted, then the cluster goes FAILED and says why', async () => {
    await policy(`Allow any-user to use keys in compartment id ${h.tenancyId} where ALL {request.principal.type = 'cluster', target.key.id = 'ocid1.key.oc1..other'}`);
    await policy(`Allow any-user to use keys in compartment id ${h.tenancyId} where ALL {request.principal.type = 'workload'}`);
    const { wr, cluster } = await createEncrypted();
    expect(wr.status).toBe('FAILED');
    expect(cluster.lifecycleState).toBe('FAILED');
    expect(cluster.lifecycleDetails).toContain(`not authorized to use the master encryption key ${key.id}`);
    const errors = (await h.clients.ce.listWorkRequestErrors({ compartmentId: h.tenancyId, workRequestId: wr.id! })).items;
    expect(errors[0]!.message).toContain("no policy allows request.principal.type = 'cluster' to use keys");
  });

  it('a tenancy-wide grant without conditions also lets clusters use the key', async () => {
    await policy('Allow any-user to manage key-family in tenancy');
    expect((await createEncrypted()).cluster.lifecycleState).toBe('ACTIVE');
  });

  // The statements are read by the fake's IAM policy parser and their conditions evaluated as a tree.
  it.each([
    ['any {} with one matching condition', () => `Allow any-user to use keys in tenancy where any {request.principal.type = 'instance', request.principal.type = 'cluster'}`],
    ['a /pattern/ on the key id, case-insensitive keywords and values', () => `allow ANY-USER to USE keys in compartment id ${h.tenancyId} where ALL {request.principal.type = 'CLUSTER', target.key.id = /ocid1.key.*/}`],
    ['a condition on the key\'s vault', () => `Allow any-user to use keys in tenancy where target.vault.id = '${key.vaultId}'`],
  ])('grants with %s', async (_what, statement) => {
    await policy(statement());
    expect((await createEncrypted()).cluster.lifecycleState).toBe('ACTIVE');
  });

  it.each([
    ['!= the cluster principal', () => `Allow any-user to use keys in tenancy where request.principal.type != 'cluster'`],
    ['a group subject (cluster principals are not in it)', () => 'Allow group KeyAdmins to manage keys in tenancy'],
    ['a verb that does not use keys', () => `Allow any-user to read keys in compartment id ${h.tenancyId}`],
    ['another resource-type', () => 'Allow any-user to use vaults in tenancy'],
    ['a variable the request does not carry (not provable, so not a grant)', () => `Allow any-user to use keys in tenancy where request.principal.compartment.id = '${h.tenancyId}'`],
  ])('does not grant with %s', async (_what, statement) => {
    await policy(statement());
    expect((await createEncrypted()).cluster.lifecycleState).toBe('FAILED');
  });
});

describe('cluster key policies and the compartment tree', () => {
  let h: Harness;
  afterEach(() => h.fake.stop());

  it('a grant in a parent compartment covers a key below it (inherited); one in a sibling does not', async () => {
    h = await startHarness({ speed: 1 });
    silenceSdkWarnings();
    const compartment = async (name: string, parent: string) => {
      const created = (await h.clients.identity.createCompartment({ createCompartmentDetails: { compartmentId: parent, name, description: 'd' } })).compartment;
      h.fake.advanceClock(MIN);
      return created;
    };
    const team = await compartment('team', h.tenancyId);
    const keys = await compartment('keys', team.id);
    const sibling = await compartment('sibling', h.tenancyId);
    const vcn = await availableVcn(h);
    const apiSubnet = (await h.clients.vn.createSubnet({ createSubnetDetails: { compartmentId: h.tenancyId, vcnId: vcn.id, cidrBlock: '10.0.0.0/28' } })).subnet;
    const { vault } = await h.clients.kmsVault.createVault({ createVaultDetails: { compartmentId: keys.id, displayName: 'v', vaultType: kms.models.CreateVaultDetails.VaultType.Default } });
    h.fake.advanceClock(2 * MIN);
    const key = (await h.clients.kmsManagement(vault.managementEndpoint).createKey({ createKeyDetails: { compartmentId: keys.id, displayName: 'k', keyShape: { algorithm: kms.models.KeyShape.Algorithm.Aes, length: 32 } } })).key;
    h.fake.advanceClock(MIN);
    const attempt = async (statement: string, name: string) => {
      await h.clients.identity.createPolicy({ createPolicyDetails: { compartmentId: h.tenancyId, name, description: 'd', statements: [statement] } });
      h.fake.advanceClock(MIN);
      const { opcWorkRequestId } = await h.clients.ce.createCluster({ createClusterDetails: {
        name, compartmentId: h.tenancyId, vcnId: vcn.id, kubernetesVersion: 'v1.34.1', type: ce.models.ClusterType.EnhancedCluster, kmsKeyId: key.id,
        endpointConfig: { subnetId: apiSubnet.id }, clusterPodNetworkOptions: [{ cniType: 'OCI_VCN_IP_NATIVE' }],
      } });
      h.fake.advanceClock(7 * MIN);
      return (await h.clients.ce.getWorkRequest({ workRequestId: opcWorkRequestId })).workRequest.status;
    };
    expect(await attempt(`Allow any-user to use keys in compartment id ${sibling.id} where request.principal.type = 'cluster'`, 'sibling')).toBe('FAILED');
    // By name, the path from the policy's compartment (the tenancy): team, then the grant reaches keys below it.
    expect(await attempt("Allow any-user to use keys in compartment team where request.principal.type = 'cluster'", 'team')).toBe('SUCCEEDED');
  });
});
