import type * as ce from 'oci-containerengine';
import { duplicates, Harness, liveOurs, LIVE_RESOURCE_COUNT, startHarness, writes } from './harness';

/**
 * Fault scenarios of the security resources, with the invariants of docs/oci-sdk.md §15: no duplicate per logical id (I1),
 * a converged stack re-applies with zero writes (I2), and a failure names the resource, the cause and the fix.
 */
describe('fault scenarios of the security resources', () => {
  let h: Harness;
  afterEach(async () => { await h?.stop(); });

  const converged = async () => {
    expect(duplicates(h.fake)).toEqual([]);
    expect(liveOurs(h.fake).size).toBe(LIVE_RESOURCE_COUNT);
    h.fake.clearRequests();
    expect((await h.run('apply')).ok).toBe(true);
    expect(writes(h.fake)).toEqual([]);
  };

  test('a flow-log create whose work request fails: the run fails naming the work request error; --replace flow-log-pods converges', async () => {
    h = await startHarness();
    // The fake's clock stands still from just before CreateLog until its work request is known; then the log (and with
    // it the work request) fails, before it could have finished.
    const result = await h.run('apply', { progress: { update(id, phase, detail) {
      if (id !== 'flow-log-pods' || phase !== 'creating') return;
      if (detail === undefined) return h.fake.clock.freeze();
      if (!detail.startsWith('work request')) return;
      const log = h.fake.resources('log').find((l) => l.freeformTags['oke-vn-logical-id'] === 'flow-log-pods');
      if (log) h.fake.setLifecycleState(log.id, 'FAILED');
      h.fake.clock.resume();
    } } });
    expect(result.ok).toBe(false);
    const failed = result.results.filter((r) => r.status === 'failed');
    expect(failed.map((r) => r.id)).toEqual(['flow-log-pods']);
    const log = h.fake.resources('log')[0]!;
    expect(failed[0]!.detail?.[0]).toMatch(new RegExp(
      `flow log "oke-vn-example-flow-pods": work request \\S+ ended FAILED: InternalError: log ${log.id} could not be provisioned .*; fix the cause, then re-run apply \\(a log left FAILED needs --replace flow-log-pods\\)`));
    // Everything that does not depend on the flow log was still built.
    expect(result.results.find((r) => r.id === 'cluster')?.status).toBe('done');

    const again = await h.run('apply');
    expect(again.results.find((r) => r.id === 'flow-log-pods')?.detail?.[0]).toMatch(/is FAILED; look at it in the console, then re-run with --replace flow-log-pods/);
    const replaced = await h.run('apply', { flags: { replace: new Set(['flow-log-pods']) } });
    expect(replaced.ok).toBe(true);
    expect(h.fake.resources('log').map((l) => l.lifecycleState)).toEqual(['ACTIVE']);
    expect(h.fake.resources('log')[0]!.id).not.toBe(log.id);
    await converged();
  });

  test('the key policy is missing when the cluster is created: the cluster fails saying why; the next runs restore the policy and, with --replace cluster, an encrypted cluster', async () => {
    h = await startHarness();
    // The policy goes away right after the bootstrap made it (deleted by hand, or not yet effective in IAM).
    const result = await h.run('apply', { progress: { update(id, phase) {
      if (id !== 'policy-cluster-kms' || phase !== 'done') return;
      const policy = h.fake.resources('policy').find((p) => p.name === 'oke-vn-dev-cluster-kms');
      if (policy) h.fake.setLifecycleState(policy.id, 'DELETED');
    } } });
    expect(result.ok).toBe(false);
    const cluster = result.results.find((r) => r.id === 'cluster')!;
    expect(cluster.status).toBe('failed');
    expect(cluster.detail?.[0]).toMatch(/cluster work request \S+ ended FAILED: .*Kubernetes Engine is not authorized to use the master encryption key \S+: no policy allows request\.principal\.type = 'cluster' to use keys/);
    expect(result.results.filter((r) => ['virtual-node-pool', 'policy-workload-identity'].includes(r.id)).map((r) => r.status)).toEqual(['skipped', 'skipped']);
    const failedCluster = h.fake.resources('cluster')[0]!;
    expect(failedCluster.lifecycleState).toBe('FAILED');

    // The next run re-creates the missing policy first, then stops at the FAILED cluster and names the fix.
    h.fake.clearRequests();
    const next = await h.run('apply');
    expect(writes(h.fake).map((w) => w.op)).toEqual(['CreatePolicy']);
    expect(next.results.find((r) => r.id === 'cluster')?.detail?.[0]).toMatch(/is FAILED; .* re-run with --replace cluster/);
    const replaced = await h.run('apply', { flags: { replace: new Set(['cluster']) } });
    expect(replaced.results.filter((r) => r.status !== 'done')).toEqual([]);
    const live = h.fake.resources('cluster').filter((c) => c.lifecycleState === 'ACTIVE');
    expect(live.map((c) => (c.model as unknown as ce.models.Cluster).kmsKeyId)).toEqual([liveOurs(h.fake).get('vault-key')![0]]);
    expect(live[0]!.id).not.toBe(failedCluster.id);
    await converged();
  });
});
