import type * as ce from 'oci-containerengine';
import type * as logging from 'oci-logging';
import type * as mysql from 'oci-mysql';
import { loadEnvironment } from '../../lib/config';
import { COMPARTMENT, duplicates, Harness, liveOurs, LIVE_RESOURCE_COUNT, sdkClients, startHarness, writes } from './harness';
import { main } from '../../lib/bootstrap/cli';

/**
 * The cloud side's security features with the environment's safe defaults: etcd encrypted with our vault key (its
 * policy first), the pod subnet's VCN flow log, a delete-protected DB system with backups, the app user's own
 * password secret; then destroy, which refuses to delete the database until told and then deletes in a safe order.
 */
describe('bootstrap security features (default environment)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({}, (doc) => { doc.database.deleteProtection = true; });
  });
  afterAll(() => h.stop());

  const live = (id: string) => liveOurs(h.fake).get(id)?.[0] as string;
  const model = <T>(id: string) => h.fake.resources().find((r) => r.id === id)?.model as unknown as T;

  test('apply: the cluster carries the vault key as kmsKeyId, created after a policy naming cluster principals and that key', async () => {
    const result = await h.run('apply');
    expect(result.results.filter((r) => r.status !== 'done')).toEqual([]);
    expect(liveOurs(h.fake).size).toBe(LIVE_RESOURCE_COUNT);
    const key = live('vault-key');
    expect(model<ce.models.Cluster>(live('cluster')).kmsKeyId).toBe(key);
    const policy = h.fake.resources('policy').find((p) => p.id === live('policy-cluster-kms'))!;
    expect(policy.name).toBe('oke-vn-dev-cluster-kms');
    expect(policy.model.statements).toEqual([
      `Allow any-user to use keys in compartment id ${policy.compartmentId} where ALL {request.principal.type = 'cluster', target.key.id = '${key}'}`,
    ]);
    const log = h.fake.requests();
    const seq = (op: string, pathPart = '') => log.find((r) => r.op === op && r.path.includes(pathPart) && r.status < 300)!.seq;
    expect(seq('CreatePolicy')).toBeLessThan(seq('CreateCluster'));
    expect(log.filter((r) => r.op === 'CreatePolicy' && r.status < 300).length).toBe(2); // key policy, Workload Identity policy
  });

  test('a VCN flow log of the pod subnet exists in the environment\'s log group, with the configured retention', () => {
    const group = h.fake.resources('logGroup');
    expect(group.map((g) => [g.name, g.freeformTags['oke-vn-logical-id']])).toEqual([['oke-vn-example-logs', 'log-group']]);
    const logs = h.fake.resources('log');
    expect(logs.map((l) => l.name)).toEqual(['oke-vn-example-flow-pods']);
    const flow = logs[0]!.model as unknown as logging.models.Log;
    expect(flow).toMatchObject({
      logGroupId: group[0]!.id, logType: 'SERVICE', isEnabled: true, retentionDuration: 30, lifecycleState: 'ACTIVE',
      configuration: { source: { sourceType: 'OCISERVICE', service: 'flowlogs', resource: live('subnet-pods'), category: 'all' } },
    });
  });

  test('the DB system is delete-protected, keeps a final backup and its backups; the app user has a password secret of its own', () => {
    const db = model<mysql.models.DbSystem>(live('mysql-db-system'));
    expect(db.deletionPolicy).toEqual({ isDeleteProtected: true, finalBackup: 'REQUIRE_FINAL_BACKUP', automaticBackupRetention: 'RETAIN' });
    expect(db.backupPolicy).toMatchObject({ isEnabled: true, retentionInDays: 7, pitrPolicy: { isEnabled: true } });
    const secrets = h.fake.resources('secret').map((s) => [s.name, s.freeformTags['oke-vn-logical-id']]);
    expect(secrets).toEqual([['oke-vn-example-db-password', 'db-password-secret'], ['oke-vn-example-db-app-password', 'db-app-password-secret']]);
  });

  test('on a DEFAULT vault (the default) the key has no automatic rotation: OCI offers it only on VIRTUAL_PRIVATE vaults', () => {
    expect(h.fake.resources('vault')[0]!.model.vaultType).toBe('DEFAULT');
    expect(h.fake.resources('key')[0]!.model.isAutoRotationEnabled).toBeUndefined();
  });

  test('a second apply makes zero writes', async () => {
    h.fake.clearRequests();
    const result = await h.run('apply');
    expect(result.ok).toBe(true);
    expect(writes(h.fake).map((w) => w.op)).toEqual([]);
  });

  test('environment changes: backup retention and flow-log retention are updated in place; a new flow log is added, then removed', async () => {
    h.editEnv((doc) => {
      doc.database.backup.retentionDays = 14;
      doc.logging.retentionDays = 90;
      doc.logging.flowLogSubnets = ['pods', 'database'];
    });
    const plan = await h.run('plan');
    expect(plan.results.filter((r) => r.action !== 'exists' && r.action !== 'absent').map((r) => [r.id, r.action, r.detail])).toEqual([
      ['flow-log-pods', 'drift', ['retentionDuration: 30 → 90']],
      ['flow-log-database', 'create', []],
      ['mysql-db-system', 'drift', ['backupPolicy.retentionInDays: 7 → 14']],
    ]);
    h.fake.clearRequests();
    expect((await h.run('apply')).ok).toBe(true);
    expect(writes(h.fake).map((w) => w.op).sort()).toEqual(['CreateLog', 'UpdateDbSystem', 'UpdateLog']);
    expect(h.fake.resources('log').map((l) => [l.name, (l.model as unknown as logging.models.Log).retentionDuration])).toEqual([
      ['oke-vn-example-flow-pods', 90], ['oke-vn-example-flow-database', 90],
    ]);
    h.editEnv((doc) => { doc.logging.flowLogSubnets = ['pods']; });
    h.fake.clearRequests();
    expect((await h.run('apply')).ok).toBe(true);
    expect(writes(h.fake).map((w) => w.op)).toEqual(['DeleteLog']);
    h.fake.clearRequests();
    expect((await h.run('apply')).ok).toBe(true);
    expect(writes(h.fake)).toEqual([]);
  });

  test('a pod-shape change is shown as drift needing a new pool; apply changes nothing until --replace virtual-node-pool', async () => {
    h.editEnv((doc) => { doc.virtualNodePool.podShape = 'Pod.Standard.E3.Flex'; });
    const plan = await h.run('plan');
    expect(plan.results.find((r) => r.id === 'virtual-node-pool')?.detail).toEqual([
      'podConfiguration.shape: "Pod.Standard.E4.Flex" → "Pod.Standard.E3.Flex" (OKE does not change a pool\'s pod shape in place: re-run apply with --replace virtual-node-pool (a new pool; pods are rescheduled onto it))',
    ]);
    h.fake.clearRequests();
    const refused = await h.run('apply');
    expect(refused.ok).toBe(false);
    expect(refused.results.find((r) => r.id === 'virtual-node-pool')?.detail?.[0]).toMatch(/--replace virtual-node-pool/);
    expect(writes(h.fake)).toEqual([]);
    const oldPool = live('virtual-node-pool');
    h.fake.clearRequests();
    expect((await h.run('apply', { flags: { replace: new Set(['virtual-node-pool']) } })).ok).toBe(true);
    expect(writes(h.fake).map((w) => w.op)).toEqual(['DeleteVirtualNodePool', 'CreateVirtualNodePool']);
    expect(live('virtual-node-pool')).not.toBe(oldPool);
    expect(model<ce.models.VirtualNodePool>(live('virtual-node-pool')).podConfiguration?.shape).toBe('Pod.Standard.E3.Flex');
  });

  test('destroy refuses as a whole while the DB system is protected: nothing is deleted, plan --destroy says why', async () => {
    h.fake.clearRequests();
    const plan = await h.run('plan', { planDestroy: true });
    expect(plan.results.find((r) => r.id === 'mysql-db-system')?.detail).toEqual([
      'MySQL DB system "oke-vn-example-db" is delete-protected (database.deleteProtection); re-run with --allow-delete-database to delete it (a final backup is taken first)',
    ]);
    await expect(h.run('destroy')).rejects.toThrow(/destroy refused, nothing was deleted:\n {2}- mysql-db-system: .*--allow-delete-database/);
    expect(writes(h.fake)).toEqual([]);
    expect(liveOurs(h.fake).size).toBe(LIVE_RESOURCE_COUNT);
    // The outputs still describe live resources: a refused destroy does not mark them destroyed.
    expect(loadEnvironment('dev', { configDir: h.configDir }).cluster.id).toBe(live('cluster'));
  });

  test('the CLI names the flag when destroy is refused, and rejects a --replace of an unknown logical id', async () => {
    const run = async (args: string[]) => {
      let out = '';
      let err = '';
      const sink = (add: (t: string) => void) => ({ write: (t: string) => { add(t); return true; }, isTTY: false }) as unknown as NodeJS.WriteStream;
      const code = await main([...args, '--env', 'dev', '--config-dir', h.configDir, '--oci-config', h.oci.configFile, '--endpoint', h.fake.url,
        '--kubeconfig', h.kubeconfig, '--poll-interval', '5'], sink((t) => { out += t; }), sink((t) => { err += t; }));
      return { code, out, err };
    };
    h.fake.clearRequests();
    const refused = await run(['destroy', '--yes']);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/^error: destroy refused, nothing was deleted:\n {2}- mysql-db-system: .*re-run with --allow-delete-database/);
    expect(writes(h.fake)).toEqual([]);
    const typo = await run(['plan', '--replace', 'clsuter']);
    expect(typo.code).toBe(1);
    expect(typo.err).toMatch(/^error: --replace clsuter: no such logical resource; use one of vcn, .*, cluster, /);
  });

  test('destroy --allow-delete-database: protection lifted, final backup, then everything goes; the cluster before its key and key policy', async () => {
    const cluster = live('cluster');
    const kmsPolicy = live('policy-cluster-kms');
    h.fake.clearRequests();
    const result = await h.run('destroy', { flags: { allowDeleteDatabase: true } });
    expect(result.results.filter((r) => r.status === 'failed')).toEqual([]);
    expect(result.ok).toBe(true);
    expect(liveOurs(h.fake).size).toBe(0);
    expect(duplicates(h.fake)).toEqual([]);
    const ops = writes(h.fake);
    const at = (op: string) => ops.findIndex((w) => w.op === op);
    expect(at('UpdateDbSystem')).toBeLessThan(at('DeleteDbSystem'));
    expect(at('DeleteCluster')).toBeLessThan(at('ScheduleKeyDeletion'));
    expect(ops.findIndex((w) => w.op === 'DeletePolicy' && w.path.endsWith(kmsPolicy))).toBeGreaterThan(at('DeleteCluster'));
    expect(at('DeleteLog')).toBeLessThan(at('DeleteLogGroup'));
    expect(at('DeleteLog')).toBeLessThan(ops.findIndex((w) => w.op === 'DeleteSubnet'));
    const db = h.fake.resources('dbSystem')[0]!.model as unknown as mysql.models.DbSystem;
    expect(db).toMatchObject({ lifecycleState: 'DELETED', deletionPolicy: { isDeleteProtected: false, finalBackup: 'REQUIRE_FINAL_BACKUP' } });
    expect(h.fake.resources('cluster').find((c) => c.id === cluster)?.lifecycleState).toBe('DELETED');
    expect(h.fake.resources('key').map((k) => k.lifecycleState)).toEqual(['PENDING_DELETION']);
  });
});

/** A cluster made before etcd encryption (no kmsKeyId): plan names the drift and its only fix, --replace cluster. */
describe('an existing unencrypted cluster', () => {
  let h: Harness;
  beforeAll(async () => { h = await startHarness(); });
  afterAll(() => h.stop());

  test('plan shows kmsKeyId drift needing --replace cluster; apply refuses to touch it; --replace cluster re-creates it encrypted', async () => {
    // An older bootstrap made the cluster: everything else exists, the cluster (ours by its tags) has no kmsKeyId.
    h.fake.injectFault({ op: 'CreateCluster', status: 400, code: 'InvalidParameter', count: 1 });
    expect((await h.run('apply')).ok).toBe(false);
    const ocid = (id: string) => liveOurs(h.fake).get(id)![0]!;
    const sdk = sdkClients(h);
    const created = await sdk.containerEngine.createCluster({ createClusterDetails: {
      name: 'oke-vn-example', compartmentId: COMPARTMENT, vcnId: ocid('vcn'), kubernetesVersion: 'v1.34.1', type: 'ENHANCED_CLUSTER' as ce.models.ClusterType,
      endpointConfig: { subnetId: ocid('subnet-api-endpoint'), nsgIds: [ocid('nsg-api-endpoint')], isPublicIpEnabled: true },
      options: { serviceLbSubnetIds: [ocid('subnet-load-balancer')] }, clusterPodNetworkOptions: [{ cniType: 'OCI_VCN_IP_NATIVE' }],
      freeformTags: { 'oke-vn-project': 'oke-vn', 'oke-vn-environment': 'dev', 'oke-vn-logical-id': 'cluster' },
    } });
    const old = (await sdk.containerEngine.getWorkRequest({ workRequestId: created.opcWorkRequestId })).workRequest.resources![0]!.identifier!;
    h.fake.advanceClock(7 * 60_000);
    expect(h.fake.resources('cluster').find((c) => c.id === old)?.lifecycleState).toBe('ACTIVE');

    const plan = await h.run('plan');
    const drift = plan.results.find((r) => r.id === 'cluster');
    expect(drift?.action).toBe('drift');
    expect(drift?.detail).toEqual([
      `kmsKeyId: null → "${ocid('vault-key')}" (Secrets in etcd are not encrypted with our key; set only when the cluster is created: re-run apply with --replace cluster (a new cluster; the pool and every in-cluster object are re-created))`,
    ]);
    h.fake.clearRequests();
    const refused = await h.run('apply');
    expect(refused.ok).toBe(false);
    expect(refused.results.find((r) => r.id === 'cluster')?.detail?.[0]).toMatch(/in a way OKE cannot change in place; re-run with --replace cluster/);
    expect(writes(h.fake).filter((w) => w.op.includes('Cluster'))).toEqual([]);

    const replaced = await h.run('apply', { flags: { replace: new Set(['cluster']) } });
    expect(replaced.results.filter((r) => r.status !== 'done')).toEqual([]);
    const cluster = liveOurs(h.fake).get('cluster')!;
    expect(cluster).toHaveLength(1);
    expect(cluster[0]).not.toBe(old);
    expect((h.fake.resources('cluster').find((c) => c.id === cluster[0])!.model as unknown as ce.models.Cluster).kmsKeyId).toBe(ocid('vault-key'));
    h.fake.clearRequests();
    expect((await h.run('apply')).ok).toBe(true);
    expect(writes(h.fake)).toEqual([]);
  });
});

/** On a VIRTUAL_PRIVATE vault OCI rotates the master key itself: the key is created with the schedule, which is kept in line. */
describe('a VIRTUAL_PRIVATE vault', () => {
  let h: Harness;
  beforeAll(async () => { h = await startHarness({}, (doc) => { doc.vault.type = 'VIRTUAL_PRIVATE'; }); });
  afterAll(() => h.stop());

  test('the key rotates automatically every vault.keyRotationIntervalDays; a new interval is applied with UpdateKey only', async () => {
    expect((await h.run('apply')).ok).toBe(true);
    expect(h.fake.resources('vault')[0]!.model.vaultType).toBe('VIRTUAL_PRIVATE');
    const key = () => h.fake.resources('key')[0]!.model as { isAutoRotationEnabled?: boolean; autoKeyRotationDetails?: { rotationIntervalInDays?: number } };
    expect(key()).toMatchObject({ isAutoRotationEnabled: true, autoKeyRotationDetails: { rotationIntervalInDays: 90 } });
    h.editEnv((doc) => { doc.vault.keyRotationIntervalDays = 180; });
    const plan = await h.run('plan');
    expect(plan.results.filter((r) => r.action === 'drift').map((r) => [r.id, r.detail])).toEqual([['vault-key', ['autoKeyRotationDetails.rotationIntervalInDays: 90 → 180']]]);
    h.fake.clearRequests();
    expect((await h.run('apply')).ok).toBe(true);
    expect(writes(h.fake).map((w) => w.op)).toEqual(['UpdateKey']);
    expect(key().autoKeyRotationDetails?.rotationIntervalInDays).toBe(180);
    h.fake.clearRequests();
    expect((await h.run('apply')).ok).toBe(true);
    expect(writes(h.fake)).toEqual([]);
  });

  test('the vault type is fixed at creation: a change is drift that only --replace vault fixes', async () => {
    h.editEnv((doc) => { doc.vault.type = 'DEFAULT'; });
    const plan = await h.run('plan');
    expect(plan.results.find((r) => r.id === 'vault')?.detail).toEqual(['vaultType: "VIRTUAL_PRIVATE" → "DEFAULT"']);
    h.fake.clearRequests();
    const refused = await h.run('apply');
    expect(refused.results.find((r) => r.id === 'vault')?.detail?.[0]).toMatch(/cannot be changed in place; re-run with --replace vault/);
    expect(writes(h.fake)).toEqual([]);
  });
});
