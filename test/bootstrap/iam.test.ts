import { createPublicKey } from 'crypto';
import * as fs from 'fs';
import { startFakeOci } from '../../lib/fake-oci';
import { COMPARTMENT, Harness, startHarness, TENANCY, writes } from './harness';

/** IAM: the key and Workload Identity policies go to the home region; the endorse policy is behind a flag. */
describe('bootstrap IAM policies', () => {
  let h: Harness;
  afterEach(async () => { await h?.stop(); });

  test('the key and workload identity policies are written through the home region, scoped to key / namespace, ServiceAccount, cluster, vault and secret', async () => {
    h = await startHarness({ region: 'eu-frankfurt-1', homeRegion: 'us-ashburn-1' });
    const home = await startFakeOci({ speed: 2000, region: 'us-ashburn-1', tenancyId: TENANCY, sharedIdentityFrom: h.fake, seed: 7 });
    home.registerKey(h.oci.keyId, createPublicKey(fs.readFileSync(h.oci.keyFile, 'utf8')).export({ type: 'spki', format: 'pem' }).toString());
    try {
      const result = await h.run('apply', { homeEndpoint: home.url });
      expect(result.results.filter((r) => r.status !== 'done')).toEqual([]);
      expect(home.requests().filter((r) => r.write).map((r) => r.op)).toEqual(['CreatePolicy', 'CreatePolicy']);
      expect(h.fake.requests().filter((r) => r.op === 'CreatePolicy')).toEqual([]);
      const policy = h.fake.resources('policy').find((p) => p.name === 'oke-vn-dev-workload-identity')!;
      const cluster = h.fake.resources('cluster')[0];
      const vault = h.fake.resources('vault')[0];
      expect(policy.compartmentId).toBe(COMPARTMENT);
      const statement = (namespace: string, sa: string, secret: string) => `Allow any-user to read secret-bundles in compartment id ${COMPARTMENT} where all {`
        + `request.principal.type = 'workload', request.principal.namespace = '${namespace}', request.principal.service_account = '${sa}', `
        + `request.principal.cluster_id = '${cluster.id}', target.vault.id = '${vault.id}', target.secret.name = '${secret}'}`;
      // The app reads its own password, the OCIR token and its TLS certificate, never the admin password; only the
      // DB-user Job reads that.
      expect(policy.model.statements).toEqual([
        statement('app', 'app', 'oke-vn-example-db-app-password'),
        statement('app', 'app', 'oke-vn-example-ocir-token'),
        statement('app', 'app', 'oke-vn-example-tls'),
        statement('db-user', 'db-user', 'oke-vn-example-db-password'),
        statement('db-user', 'db-user', 'oke-vn-example-db-app-password'),
        statement('db-user', 'db-user', 'oke-vn-example-ocir-token'),
      ]);
      const kms = h.fake.resources('policy').find((p) => p.name === 'oke-vn-dev-cluster-kms')!;
      expect(kms.model.statements).toEqual([
        `Allow any-user to use keys in compartment id ${COMPARTMENT} where ALL {request.principal.type = 'cluster', target.key.id = '${h.fake.resources('key')[0].id}'}`,
      ]);
    } finally {
      await home.stop();
    }
  });

  test('IAM writes sent to a region that is not home fail with a clear NotAllowed message', async () => {
    h = await startHarness({ region: 'eu-frankfurt-1', homeRegion: 'us-ashburn-1' });
    const result = await h.run('apply');
    expect(result.ok).toBe(false);
    // The first IAM write is the key policy the cluster waits for: it fails, so the cluster and the rest never start.
    expect(result.results.find((r) => r.id === 'policy-cluster-kms')?.detail?.[0]).toMatch(/not allowed \(.*\); IAM writes must go to the tenancy's home region/);
    expect(result.results.filter((r) => ['cluster', 'policy-workload-identity'].includes(r.id)).map((r) => r.status)).toEqual(['skipped', 'skipped']);
    expect(h.fake.resources('cluster')).toEqual([]);
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
    expect(h.fake.resources('policy').map((p) => p.name).sort()).toEqual(['oke-vn-dev-cluster-kms', 'oke-vn-dev-workload-identity']);
  });
});
