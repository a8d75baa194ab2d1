import * as fs from 'fs';
import { Harness, startHarness, writes } from './harness';

/** The environment file changes after an apply: plan shows drift, apply fixes what can change in place. */
describe('bootstrap drift from environment changes', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
    expect((await h.run('apply')).ok).toBe(true);
  });
  afterAll(() => h.stop());

  test('pool size and a new taint show as drift and are updated in place', async () => {
    h.editEnv((doc) => {
      doc.virtualNodePool.size = 5;
      doc.virtualNodePool.taint = { key: 'oke-vn.dev/virtual', value: 'true', effect: 'NoSchedule' };
    });
    const plan = await h.run('plan');
    const pool = plan.results.find((r) => r.id === 'virtual-node-pool');
    expect(pool?.action).toBe('drift');
    expect(pool?.detail).toEqual(['size: 3 → 5', 'taints: [] → ["oke-vn.dev/virtual=true:NoSchedule"]']);
    expect(plan.results.filter((r) => r.action === 'drift').map((r) => r.id)).toEqual(['virtual-node-pool']);
    h.fake.clearRequests();
    const applied = await h.run('apply');
    expect(applied.ok).toBe(true);
    expect(writes(h.fake).map((w) => w.op)).toEqual(['UpdateVirtualNodePool']);
    const model = h.fake.resources('virtualNodePool')[0].model as { size: number; taints: unknown[] };
    expect(model.size).toBe(5);
    expect(model.taints).toEqual([{ key: 'oke-vn.dev/virtual', value: 'true', effect: 'NoSchedule' }]);
    h.fake.clearRequests();
    expect((await h.run('apply')).ok).toBe(true);
    expect(writes(h.fake)).toEqual([]);
  });

  test('a subnet CIDR change cannot be applied in place: apply stops and names --replace', async () => {
    h.editEnv((doc) => { doc.network.databaseSubnetCidr = '10.0.51.0/24'; });
    const plan = await h.run('plan');
    expect(plan.results.find((r) => r.id === 'subnet-database')?.detail).toEqual(['cidrBlock: "10.0.50.0/24" → "10.0.51.0/24"']);
    h.fake.clearRequests();
    const applied = await h.run('apply');
    expect(applied.ok).toBe(false);
    expect(applied.results.find((r) => r.id === 'subnet-database')?.detail?.[0]).toMatch(/CIDR or public\/private cannot change in place; re-run with --replace subnet-database/);
    expect(writes(h.fake)).toEqual([]);
    h.editEnv((doc) => { doc.network.databaseSubnetCidr = '10.0.50.0/24'; });
  });

  test('a kubeconfig deleted by hand is fetched again; nothing else changes', async () => {
    fs.unlinkSync(h.kubeconfig);
    const plan = await h.run('plan');
    expect(plan.results.filter((r) => r.action !== 'exists' && r.action !== 'absent').map((r) => [r.id, r.action])).toEqual([['kubeconfig', 'create']]);
    expect((await h.run('apply')).ok).toBe(true);
    expect(fs.readFileSync(h.kubeconfig, 'utf8')).toContain(h.fake.resources('cluster')[0].id);
  });

  test('a selected profile of the OCI config file is used', async () => {
    const text = fs.readFileSync(h.oci.configFile, 'utf8');
    fs.writeFileSync(h.oci.configFile, `${text.replace('[DEFAULT]', '[CI]')}\n[DEFAULT]\nuser=ocid1.user.oc1..aaaaaaaabroken\n`);
    expect((await h.run('plan', { auth: { kind: 'config-file', file: h.oci.configFile, profile: 'CI' } })).ok).toBe(true);
    await expect(h.run('plan')).rejects.toThrow(/\[DEFAULT\]: missing "tenancy"; add tenancy=... to the profile/);
  });
});
