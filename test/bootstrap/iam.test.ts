import { createPublicKey } from 'crypto';
import * as fs from 'fs';
import { startFakeOci } from '../../lib/fake-oci';
import { COMPARTMENT, Harness, startHarness, TENANCY, writes } from './harness';

/** IAM: the Workload Identity policy goes to the home region; the endorse policy is behind a flag. */
describe('bootstrap IAM policies', () => {
  let h: Harness;
  afterEach(async () => { await h?.stop(); });

  test('the workload identity policy is written through the home region, scoped to namespace, ServiceAccount, cluster and vault', async () => {
    h = await startHarness({ region: 'eu-frankfurt-1', homeRegion: 'us-ashburn-1' });
    const home = await startFakeOci({ speed: 2000, region: 'us-ashburn-1', tenancyId: TENANCY, sharedIdentityFrom: h.fake, seed: 7 });
    home.registerKey(h.oci.keyId, createPublicKey(fs.readFileSync(h.oci.keyFile, 'utf8')).export({ type: 'spki', format: 'pem' }).toString());
    try {
      const result = await h.run('apply', { homeEndpoint: home.url });
      expect(result.results.filter((r) => r.status !== 'done')).toEqual([]);
      expect(home.requests().filter((r) => r.write).map((r) => r.op)).toEqual(['CreatePolicy']);
      expect(h.fake.requests().filter((r) => r.op === 'CreatePolicy')).toEqual([]);
      const policy = h.fake.resources('policy')[0];
      const cluster = h.fake.resources('cluster')[0];
      const vault = h.fake.resources('vault')[0];
      expect(policy.compartmentId).toBe(COMPARTMENT);
      expect(policy.model.statements).toEqual([
        `Allow any-user to read secret-bundles in compartment id ${COMPARTMENT} where all {request.principal.type = 'workload', `
        + "request.principal.namespace = 'app', request.principal.service_account = 'app', "
        + `request.principal.cluster_id = '${cluster.id}', target.vault.id = '${vault.id}'}`,
      ]);
    } finally {
      await home.stop();
    }
  });

  test('IAM writes sent to a region that is not home fail with a clear NotAllowed message', async () => {
    h = await startHarness({ region: 'eu-frankfurt-1', homeRegion: 'us-ashburn-1' });
    const result = await h.run('apply');
    expect(result.ok).toBe(false);
    expect(result.results.find((r) => r.id === 'policy-workload-identity')?.detail?.[0]).toMatch(/not allowed \(.*\); IAM writes must go to the tenancy's home region/);
  });

  test('the virtual-node endorse policy is created only with the flag, and removed when the flag goes', async () => {
    h = await startHarness();
    expect((await h.run('apply', { flags: { endorsePolicy: true } })).ok).toBe(true);
    const endorse = h.fake.resources('policy').find((p) => p.name === 'oke-vn-dev-virtual-node-endorse');
    expect(endorse?.compartmentId).toBe(TENANCY);
    expect((endorse?.model.statements as string[]).filter((s) => s.startsWith('endorse any-user to associate compute-container-instances')).length).toBe(3);
    const plan = await h.run('plan');
    expect(plan.results.find((r) => r.id === 'policy-virtual-node-endorse')?.action).toBe('delete');
    h.fake.clearRequests();
    expect((await h.run('apply')).ok).toBe(true);
    expect(writes(h.fake).map((w) => w.op)).toEqual(['DeletePolicy']);
    expect(h.fake.resources('policy').map((p) => p.name)).toEqual(['oke-vn-dev-workload-identity']);
  });
});
