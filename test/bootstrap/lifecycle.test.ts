import type * as ce from 'oci-containerengine';
import * as fs from 'fs';
import * as path from 'path';
import { loadEnvironment } from '../../lib/config';
import { synth } from '../../lib/synth/run';
import { snapshotTree } from '../helpers';
import { DB_PASSWORD } from '../../lib/bootstrap/resources/vault';
import { LIVE_RESOURCE_COUNT, duplicates, Harness, liveOurs, sdkClients, startHarness, writes } from './harness';
import { SecretsClient } from 'oci-secrets';
import { configFileAuth } from '../../lib/bootstrap/auth';

/** The issue's main path, through the library: apply → plan (nothing to do) → apply (zero writes) → destroy. */
describe('bootstrap lifecycle against the fake OCI API', () => {
  let h: Harness;
  beforeAll(async () => { h = await startHarness(); });
  afterAll(() => h.stop());

  let password = '';

  test('apply creates every resource once and writes the outputs the charts read', async () => {
    const spans = new Map<string, { start?: number; end?: number }>();
    const result = await h.run('apply', { progress: { update(id, phase) {
      const span = spans.get(id) ?? {};
      if (phase === 'creating' && span.start === undefined) span.start = performance.now();
      if (phase === 'done') span.end = performance.now();
      spans.set(id, span);
    } } });
    // Independent branches run at the same time: the cluster is created while MySQL is being created.
    const [dbSpan, clusterSpan] = [spans.get('mysql-db-system'), spans.get('cluster')];
    expect(clusterSpan!.start!).toBeLessThan(dbSpan!.end!);
    expect(dbSpan!.start!).toBeLessThan(clusterSpan!.end!);
    expect(result.results.filter((r) => r.status !== 'done')).toEqual([]);
    expect(result.ok).toBe(true);
    // Every resource carries our tags and exists once (nsg-rules are not resources of their own).
    const live = liveOurs(h.fake);
    expect(duplicates(h.fake)).toEqual([]);
    expect(live.size).toBe(LIVE_RESOURCE_COUNT);
    expect(fs.existsSync(h.kubeconfig)).toBe(true);

    const outputs = JSON.parse(fs.readFileSync(path.join(h.configDir, 'dev.outputs.json'), 'utf8'));
    const env = loadEnvironment('dev', { configDir: h.configDir });
    expect(env.cluster.id).toBe(outputs.clusterId);
    expect(env.cluster.id).toBe(live.get('cluster')?.[0]);
    expect(env.vault.id).toBe(live.get('vault')?.[0]);
    expect(env.ingress.loadBalancer.subnetId).toBe(live.get('subnet-load-balancer')?.[0]);
    expect(env.ingress.loadBalancer.nsgIds).toEqual([live.get('nsg-load-balancer')?.[0]]);
    expect(env.database.host).toMatch(/^10\.0\.50\.\d+$/);
    expect(env.app.image.repository).toBe('fra.ocir.io/faketenancy/oke-vn/app');
    expect(Object.keys(outputs).sort()).toEqual(['clusterId', 'databaseHost', 'databasePort', 'imageRepository', 'loadBalancerNsgId', 'loadBalancerSubnetId', 'schemaVersion', 'vaultId']);

    // No subnet uses the VCN's default security list (SSH from anywhere): one empty list, rules on NSGs.
    const emptyList = live.get('security-list-none')![0];
    for (const subnet of h.fake.resources('subnet')) expect(subnet.model.securityListIds).toEqual([emptyList]);
    expect(h.fake.resources('securityList').find((l) => l.id === emptyList)?.model.ingressSecurityRules).toEqual([]);

    // The cluster and pool are what the charts schedule on.
    const cluster = h.fake.resources('cluster')[0].model as unknown as ce.models.Cluster;
    expect(cluster.type).toBe('ENHANCED_CLUSTER');
    expect(cluster.clusterPodNetworkOptions).toEqual([{ cniType: 'OCI_VCN_IP_NATIVE' }]);
    const pool = h.fake.resources('virtualNodePool')[0].model as unknown as ce.models.VirtualNodePool;
    expect(pool.initialVirtualNodeLabels).toEqual([{ key: env.virtualNodePool.nodeLabel.key, value: env.virtualNodePool.nodeLabel.value }]);
    expect(pool.placementConfigurations.map((p) => p.availabilityDomain)).toEqual(['Uocm:EU-FRANKFURT-1-AD-1', 'Uocm:EU-FRANKFURT-1-AD-2', 'Uocm:EU-FRANKFURT-1-AD-3']);
    expect(pool.podConfiguration?.shape).toBe(env.virtualNodePool.podShape);
  });

  test('a synth after apply uses the outputs (vault, LB subnet and NSG, DB host, image repository)', () => {
    const outDir = path.join(h.dir, 'dist');
    synth({ configDir: h.configDir, outDir, environments: ['dev'] });
    const yaml = Object.values(snapshotTree(path.join(outDir, 'dev'))).join('\n');
    const outputs = JSON.parse(fs.readFileSync(path.join(h.configDir, 'dev.outputs.json'), 'utf8'));
    for (const key of ['vaultId', 'loadBalancerSubnetId', 'loadBalancerNsgId', 'databaseHost', 'imageRepository']) expect(yaml).toContain(outputs[key]);
    expect(yaml).not.toContain('aaaaaaaaexample');
  });

  test('the DB password satisfies MySQL rules, sits only in the vault, and appears in no output, log or synthesized manifest (I4)', async () => {
    const secret = h.fake.resources('secret')[0];
    const client = new SecretsClient({ authenticationDetailsProvider: configFileAuth('eu-frankfurt-1', h.oci.configFile).provider });
    client.endpoint = `${h.fake.url}/secrets`;
    const bundle = await client.getSecretBundle({ secretId: secret.id });
    password = Buffer.from((bundle.secretBundle.secretBundleContent as { content: string }).content, 'base64').toString('utf8');
    expect(password).toMatch(/^(?=.*[a-z])(?=.*[A-Z])(?=.*[0-9])(?=.*[^A-Za-z0-9]).{8,32}$/);
    expect(DB_PASSWORD).not.toBe(password);
    const everything = [
      ...fs.readdirSync(h.configDir).map((f) => fs.readFileSync(path.join(h.configDir, f), 'utf8')),
      fs.readFileSync(h.kubeconfig, 'utf8'),
      ...Object.values(snapshotTree(path.join(h.dir, 'dist', 'dev'))),
      ...h.debug,
      JSON.stringify(h.fake.requests()),
    ].join('\n');
    expect(everything).not.toContain(password);
    expect(everything).not.toContain(Buffer.from(password).toString('base64'));
  });

  test('plan then reports every resource as existing and makes no write call', async () => {
    h.fake.clearRequests();
    const result = await h.run('plan');
    expect(result.results.filter((r) => r.action !== 'exists' && r.action !== 'absent')).toEqual([]);
    expect(writes(h.fake)).toEqual([]);
  });

  test('a second apply makes zero write calls (asserted from the request log)', async () => {
    h.fake.clearRequests();
    const result = await h.run('apply');
    expect(result.ok).toBe(true);
    expect(result.results.every((r) => r.action === 'exists' || r.action === 'absent')).toBe(true);
    expect(writes(h.fake).map((w) => w.op)).toEqual([]);
    expect(h.fake.requests().length).toBeGreaterThan(0);
  });

  test('plan --destroy lists every resource of ours as delete and writes nothing', async () => {
    h.fake.clearRequests();
    const result = await h.run('plan', { planDestroy: true });
    expect(result.results.filter((r) => r.action !== 'delete').map((r) => [r.id, r.action])).toEqual([
      ['flow-log-api-endpoint', 'absent'], ['flow-log-load-balancer', 'absent'], ['flow-log-database', 'absent'], ['policy-virtual-node-endorse', 'absent'],
    ]);
    expect(writes(h.fake)).toEqual([]);
  });

  test('destroy removes everything of ours in reverse order; vault, key and secret are scheduled for deletion', async () => {
    h.fake.clearRequests();
    const ocid = (logicalId: string) => liveOurs(h.fake).get(logicalId)![0]!;
    const subnets = ['subnet-api-endpoint', 'subnet-load-balancer', 'subnet-pods', 'subnet-database'].map((id) => [id, ocid(id)]);
    const result = await h.run('destroy');
    expect(result.results.filter((r) => r.status === 'failed')).toEqual([]);
    expect(result.ok).toBe(true);
    expect(liveOurs(h.fake).size).toBe(0);
    expect(h.fake.resources('vault').map((v) => v.lifecycleState)).toEqual(['PENDING_DELETION']);
    expect(fs.existsSync(h.kubeconfig)).toBe(false);
    const deletes = writes(h.fake).filter((w) => /^(Delete|Schedule)/.test(w.op));
    const order = (op: string) => deletes.findIndex((w) => w.op === op);
    const subnetDeleted = Object.fromEntries(subnets.map(([id, sid]) => [id, deletes.findIndex((w) => w.op === 'DeleteSubnet' && w.path.endsWith(`/${sid}`))]));
    expect(Object.values(subnetDeleted).every((i) => i >= 0)).toBe(true);
    // Each subnet goes only after what has VNICs in it; independent branches may interleave.
    expect(order('DeletePolicy')).toBeLessThan(order('DeleteCluster'));
    expect(order('DeleteVirtualNodePool')).toBeLessThan(order('DeleteCluster'));
    expect(order('DeleteVirtualNodePool')).toBeLessThan(subnetDeleted['subnet-pods']!);
    expect(order('DeleteCluster')).toBeLessThan(subnetDeleted['subnet-api-endpoint']!);
    expect(order('DeleteCluster')).toBeLessThan(subnetDeleted['subnet-load-balancer']!);
    expect(order('DeleteDbSystem')).toBeLessThan(subnetDeleted['subnet-database']!);
    expect(order('ScheduleSecretDeletion')).toBeLessThan(order('ScheduleKeyDeletion'));
    expect(order('ScheduleKeyDeletion')).toBeLessThan(order('ScheduleVaultDeletion'));
    expect(Math.max(...Object.values(subnetDeleted))).toBeLessThan(order('DeleteVcn'));
    // The compartment (not ours) is untouched.
    expect(h.fake.resources('compartment').map((c) => c.lifecycleState)).toEqual(['ACTIVE']);
  });

  test('destroy marks the outputs, so neither the loader nor a synth uses the deleted OCIDs silently', () => {
    const outputs = JSON.parse(fs.readFileSync(path.join(h.configDir, 'dev.outputs.json'), 'utf8')) as Record<string, unknown>;
    expect(new Date(String(outputs.destroyedAt)).getTime()).toBeGreaterThan(Date.now() - 600_000);
    expect(() => loadEnvironment('dev', { configDir: h.configDir })).toThrow(
      /dev\.outputs\.json: destroyedAt \(got "[^"]+"\) the resources these outputs name were destroyed \(npm run bootstrap -- destroy\); run the bootstrap apply again, or delete this file/,
    );
    const outDir = path.join(h.dir, 'dist');
    const before = snapshotTree(outDir);
    expect(() => synth({ configDir: h.configDir, outDir, environments: ['dev'] })).toThrow(/destroyedAt/);
    expect(snapshotTree(outDir)).toEqual(before);
  });

  test('a second destroy finds nothing to delete', async () => {
    h.fake.clearRequests();
    const result = await h.run('destroy');
    expect(result.ok).toBe(true);
    expect(writes(h.fake)).toEqual([]);
  });

  test('apply after destroy creates a fresh stack: retry tokens of deleted resources are not replayed', async () => {
    const result = await h.run('apply');
    expect(result.results.filter((r) => r.status !== 'done')).toEqual([]);
    // Fresh outputs, without the destroy mark: the environment loads again and names the new cluster.
    expect(JSON.parse(fs.readFileSync(path.join(h.configDir, 'dev.outputs.json'), 'utf8'))).not.toHaveProperty('destroyedAt');
    expect(loadEnvironment('dev', { configDir: h.configDir }).cluster.id).toBe(liveOurs(h.fake).get('cluster')?.[0]);
    expect(duplicates(h.fake)).toEqual([]);
    expect(liveOurs(h.fake).size).toBe(LIVE_RESOURCE_COUNT);
  });

  test('destroy after an interrupted destroy waits for deletes in flight before removing parents', async () => {
    const pool = h.fake.resources('virtualNodePool').find((p) => p.lifecycleState === 'ACTIVE')!;
    // An earlier destroy got as far as deleting the pool, then died.
    await sdkClients(h).containerEngine.deleteVirtualNodePool({ virtualNodePoolId: pool.id });
    expect(h.fake.resources('virtualNodePool').find((p) => p.id === pool.id)?.lifecycleState).toBe('DELETING');
    const result = await h.run('destroy');
    expect(result.results.filter((r) => r.status === 'failed')).toEqual([]);
    expect(result.results.find((r) => r.id === 'virtual-node-pool')?.action).toBe('absent');
    expect(liveOurs(h.fake).size).toBe(0);
    const log = h.fake.requests();
    const poolGone = Math.max(...log.filter((r) => r.op === 'ListVirtualNodePools').map((r) => r.seq));
    expect(log.find((r) => r.op === 'DeleteCluster')!.seq).toBeGreaterThan(poolGone);
  });
});
