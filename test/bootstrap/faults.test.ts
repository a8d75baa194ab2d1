import * as fs from 'fs';
import { spawn } from 'child_process';
import * as path from 'path';
import { acquireLock, lockPath } from '../../lib/bootstrap/lock';
import { RULE_OWNER_PREFIX } from '../../lib/bootstrap/resources/security-rules';
import { BOOTSTRAP_COMMAND, COMPARTMENT, duplicates, FAST, Harness, HarnessSnapshot, liveOurs, LIVE_RESOURCE_COUNT, sdkClients, startHarness, writes } from './harness';

/** docs/oci-sdk.md §15: each fault scenario F1-F14 against the fake, with the invariants I1-I3 checked. */
describe('fault scenarios (docs/oci-sdk.md §15)', () => {
  let h: Harness;
  afterEach(async () => { await h?.stop(); });

  /**
   * Scenarios about what happens to an applied stack start from one: the first applies from nothing (and checks
   * it), the others restore that state into their own fresh harness (an apply from nothing costs ~1 s of CPU).
   */
  let applied: HarnessSnapshot | undefined;
  const startApplied = async (): Promise<Harness> => {
    const fresh = await startHarness();
    if (applied === undefined) {
      expect((await fresh.run('apply')).ok).toBe(true);
      applied = fresh.snapshot();
    } else {
      fresh.restore(applied);
    }
    return fresh;
  };

  const converged = async () => {
    expect(duplicates(h.fake)).toEqual([]); // I1
    expect(liveOurs(h.fake).size).toBe(LIVE_RESOURCE_COUNT);
    h.fake.clearFaults();
    h.fake.clearRequests();
    const again = await h.run('apply');
    expect(again.ok).toBe(true);
    expect(writes(h.fake)).toEqual([]); // I2
  };

  test('F1: 429 on a seeded 20 % of all calls → converges, one successful create per resource, bounded attempts', async () => {
    h = await startHarness({ seed: 11 });
    h.fake.injectFault({ op: '*', status: 429, rate: 0.2 });
    const result = await h.run('apply');
    expect(result.results.filter((r) => r.status !== 'done')).toEqual([]);
    const log = h.fake.requests();
    expect(log.filter((r) => r.status === 429).length).toBeGreaterThan(10);
    const creates = log.filter((r) => r.op.startsWith('Create') && r.status >= 200 && r.status < 300 && !r.replayed);
    expect(creates.length).toBe(LIVE_RESOURCE_COUNT + 1); // the cloud resources + the kubeconfig
    const attemptsPerToken = new Map<string, number>();
    for (const r of log) if (r.retryToken) attemptsPerToken.set(r.retryToken, (attemptsPerToken.get(r.retryToken) ?? 0) + 1);
    expect(Math.max(...attemptsPerToken.values())).toBeLessThanOrEqual(6);
    await converged();
  });

  test('F2: 429 on every call → non-zero after the retry budget (6 attempts), next clean run converges', async () => {
    h = await startHarness();
    h.fake.injectFault({ op: '*', status: 429 });
    // Preflight's parallel reads share the identity client: its breaker may open before a call's budget is spent.
    await expect(h.run('apply', { circuitBreaker: { enabled: true } })).rejects.toThrow(
      /throttled by OCI \(429 TooManyRequests\) after every retry|circuit breaker is open after repeated failures of this service; wait ~30 s and re-run/);
    const perOp = new Map<string, number>();
    for (const r of h.fake.requests()) perOp.set(r.op, (perOp.get(r.op) ?? 0) + 1);
    expect(Math.max(...perOp.values())).toBeLessThanOrEqual(6);
    expect([...perOp.values()].some((n) => n === 6)).toBe(true);
    expect(writes(h.fake)).toEqual([]);
    h.fake.clearFaults();
    expect((await h.run('apply')).ok).toBe(true);
    await converged();
  });

  test('F3: 409 IncorrectState while a parent settles → retried with backoff, then success', async () => {
    h = await startHarness();
    h.fake.injectFault({ op: 'AddNetworkSecurityGroupSecurityRules', status: 409, code: 'IncorrectState', count: 2 });
    h.fake.injectFault({ op: 'CreateSubnet', status: 409, code: 'IncorrectState', count: 2 });
    const result = await h.run('apply');
    expect(result.ok).toBe(true);
    const log = h.fake.requests();
    expect(log.filter((r) => r.op === 'CreateSubnet' && r.errorCode === 'IncorrectState').length).toBe(2);
    expect(log.filter((r) => r.op === 'CreateSubnet' && r.status === 200).length).toBe(4);
    await converged();
  });

  test('F4: 409 Conflict on createPolicy / createSecret (name exists) → adopted, reconciled, run succeeds', async () => {
    h = await startHarness();
    const sdk = sdkClients(h);
    // Someone created a policy with our name by hand (no tags, other statements): the name is taken.
    const foreign = (await sdk.identity.createPolicy({ createPolicyDetails: {
      compartmentId: COMPARTMENT,
      name: 'oke-vn-dev-workload-identity', description: 'made by hand', statements: ['Allow group Admins to read secret-bundles in tenancy'],
    } })).policy;
    const result = await h.run('apply');
    expect(result.results.filter((r) => r.status !== 'done')).toEqual([]);
    // The hand-made policy, our key policy, then our Workload Identity policy's create hitting the taken name.
    expect(h.fake.requests().filter((r) => r.op === 'CreatePolicy').map((r) => r.errorCode)).toEqual([undefined, undefined, 'Conflict']);
    const adopted = h.fake.resources('policy').filter((p) => p.name === 'oke-vn-dev-workload-identity');
    expect(adopted.map((p) => p.id)).toEqual([foreign.id]);
    expect((adopted[0].model.statements as string[])[0]).toContain("request.principal.service_account = 'app'");
    expect(adopted[0].freeformTags['oke-vn-logical-id']).toBe('policy-workload-identity');

    // Our secret loses its tags: the lookup misses it, the create hits the taken name, the secret is adopted.
    const secret = h.fake.resources('secret')[0];
    await sdk.vaults.updateSecret({ secretId: secret.id, updateSecretDetails: { freeformTags: {} } });
    h.fake.clearRequests();
    expect((await h.run('apply')).ok).toBe(true);
    // 409: the name is taken (Conflict), or, as here, our own earlier create with this retry token had other content.
    expect(h.fake.requests().filter((r) => r.op === 'CreateSecret').map((r) => r.status)).toEqual([409]);
    expect(h.fake.resources('secret').filter((s) => s.name === secret.name).map((s) => [s.id, s.freeformTags['oke-vn-logical-id']])).toEqual([[secret.id, 'db-password-secret']]);
    await converged();
  });

  test('F5: 404 on the first get after our own create → bounded retry; a 404 elsewhere fails fast', async () => {
    h = await startHarness();
    h.fake.injectFault({ op: 'GetVcn', status: 404, count: 1 });
    expect((await h.run('apply')).ok).toBe(true);
    expect(h.fake.requests().filter((r) => r.op === 'GetVcn' && r.status === 404).length).toBe(1);
    await converged();
    // A 404 on a plain list is a missing policy or wrong compartment: one call, a clear message, no retry.
    h.fake.injectFault({ op: 'ListSubnets', status: 404, code: 'NotAuthorizedOrNotFound' });
    h.fake.clearRequests();
    const failed = await h.run('apply');
    expect(failed.ok).toBe(false);
    const subnet = failed.results.find((r) => r.id === 'subnet-pods');
    expect(subnet?.detail?.[0]).toMatch(/subnet "oke-vn-example-subnet-pods" \(subnet-pods\): not authorized or not found .*policy/);
    expect(h.fake.requests().filter((r) => r.op === 'ListSubnets').length).toBe(4);
  });

  test('F6: 400 LimitExceeded on create → no retry, non-zero, nothing created after it', async () => {
    h = await startHarness();
    h.fake.injectFault({ op: 'CreateVcn', status: 400, code: 'LimitExceeded', message: 'vcn-count limit reached' });
    const result = await h.run('apply');
    expect(result.ok).toBe(false);
    const vcn = result.results.find((r) => r.id === 'vcn');
    expect(vcn?.detail?.[0]).toMatch(/LimitExceeded \(vcn-count limit reached\); raise the service limit/);
    const log = h.fake.requests();
    expect(log.filter((r) => r.op === 'CreateVcn').length).toBe(1);
    const failedAt = log.find((r) => r.op === 'CreateVcn')!.seq;
    // Only creates already in flight when the VCN failed (independent branches) may follow; nothing new starts.
    const later = log.filter((r) => r.write && r.seq > failedAt && r.op.startsWith('Create')).map((r) => r.op);
    expect(later.filter((op) => !['CreateVault', 'CreateContainerRepository', 'CreateLogGroup'].includes(op))).toEqual([]);
    expect(result.results.filter((r) => r.status === 'skipped').map((r) => r.id)).toEqual(expect.arrayContaining(['subnet-pods', 'cluster', 'mysql-db-system', 'vault-key']));
    h.fake.clearFaults();
    expect((await h.run('apply')).ok).toBe(true);
    await converged();
  });

  test('F7: 500/503 and a dropped connection on create → retried with the SAME opc-retry-token', async () => {
    h = await startHarness();
    h.fake.injectFault({ op: 'CreateVcn', status: 500, count: 1 });
    h.fake.injectFault({ op: 'CreateVcn', status: 503, count: 1 });
    h.fake.injectFault({ op: 'CreateNatGateway', drop: 'before', count: 1 });
    expect((await h.run('apply')).ok).toBe(true);
    const log = h.fake.requests();
    const vcnCalls = log.filter((r) => r.op === 'CreateVcn');
    expect(vcnCalls.map((r) => r.status)).toEqual([500, 503, 200]);
    expect(new Set(vcnCalls.map((r) => r.retryToken)).size).toBe(1);
    const natCalls = log.filter((r) => r.op === 'CreateNatGateway');
    expect(natCalls.length).toBe(2);
    expect(natCalls[0].retryToken).toBe(natCalls[1].retryToken);
    await converged();
  });

  test('F8: the VCN is created but the answer is lost → the retry replays it; a killed run is found by tag', async () => {
    h = await startHarness();
    h.fake.injectFault({ op: 'CreateVcn', drop: 'after-commit', count: 1 });
    expect((await h.run('apply')).ok).toBe(true);
    const calls = h.fake.requests().filter((r) => r.op === 'CreateVcn');
    expect(calls.map((r) => Boolean(r.replayed))).toEqual([false, true]);
    expect(h.fake.resources('vcn').length).toBe(1);
    await h.stop();

    // Same, but no retry at all (as if the process died right after sending).
    h = await startHarness();
    h.fake.injectFault({ op: 'CreateVcn', drop: 'after-commit', count: 1 });
    const first = await h.run('apply', { retry: { maxAttempts: 1 } });
    expect(first.ok).toBe(false);
    expect(h.fake.resources('vcn').length).toBe(1);
    h.fake.clearRequests();
    expect((await h.run('apply')).ok).toBe(true);
    expect(h.fake.requests().filter((r) => r.op === 'CreateVcn')).toEqual([]);
    expect(h.fake.resources('vcn').length).toBe(1);
    await converged();
  });

  test('F9: process killed during the cluster and MySQL creates → rerun adopts them, no duplicate', async () => {
    h = await startHarness({ speed: 150 });
    const child = spawn(process.execPath, [...BOOTSTRAP_COMMAND, 'apply', '--env', 'dev',
      '--config-dir', h.configDir, '--oci-config', h.oci.configFile, '--endpoint', h.fake.url, '--kubeconfig', h.kubeconfig, '--poll-interval', '10'],
    { cwd: path.join(__dirname, '../..'), stdio: 'ignore' });
    const exited = new Promise((res) => child.on('exit', res));
    const deadline = Date.now() + 20000;
    let atKill: string[] = [];
    while (Date.now() < deadline) {
      atKill = [...h.fake.resources('cluster'), ...h.fake.resources('dbSystem')].map((r) => `${r.kind}:${r.lifecycleState}`);
      if (atKill.length === 2 && atKill.every((s) => s.endsWith(':CREATING'))) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    child.kill('SIGKILL');
    await exited;
    expect(atKill).toEqual(['cluster:CREATING', 'dbSystem:CREATING']);
    // The killed run left its lock behind: the next run refuses until it is cleared explicitly (F13).
    await expect(h.run('apply')).rejects.toThrow(/locked by apply .*npm run bootstrap -- unlock --env dev/);
    fs.unlinkSync(lockPath(h.configDir, 'dev'));
    h.fake.clearRequests();
    // The cluster and the DB system finish at the slow speed they were created with (up to 6 s from now); what
    // the rerun creates is fast, and it polls them every 100 ms at most instead of every 20 ms.
    h.fake.setSpeed(20_000);
    const result = await h.run('apply', { wait: { ...FAST.wait, maxIntervalMs: 100 } });
    expect(result.results.filter((r) => r.status !== 'done')).toEqual([]);
    expect(result.results.find((r) => r.id === 'cluster')?.action).toBe('exists');
    expect(result.results.find((r) => r.id === 'mysql-db-system')?.action).toBe('exists');
    expect(h.fake.requests().filter((r) => r.op === 'CreateCluster' || r.op === 'CreateDbSystem')).toEqual([]);
    expect(h.fake.resources('cluster').length).toBe(1);
    expect(h.fake.resources('dbSystem').length).toBe(1);
    await converged();
  }, 60000);

  test('F10: a resource found NEEDS_ATTENTION stops the run; --replace re-creates it', async () => {
    h = await startApplied();
    const pool = h.fake.resources('virtualNodePool')[0];
    h.fake.setLifecycleState(pool.id, 'NEEDS_ATTENTION');
    h.fake.clearRequests();
    const stopped = await h.run('apply');
    expect(stopped.ok).toBe(false);
    expect(stopped.results.find((r) => r.id === 'virtual-node-pool')?.detail?.[0]).toMatch(/is NEEDS_ATTENTION; .* --replace virtual-node-pool/);
    expect(writes(h.fake)).toEqual([]);
    const plan = await h.run('plan');
    expect(plan.results.find((r) => r.id === 'virtual-node-pool')?.action).toBe('failed');
    const replaced = await h.run('apply', { flags: { replace: new Set(['virtual-node-pool']) } });
    expect(replaced.ok).toBe(true);
    const pools = h.fake.resources('virtualNodePool');
    expect(pools.map((p) => [p.id === pool.id, p.lifecycleState])).toEqual([[true, 'DELETED'], [false, 'ACTIVE']]);
    await converged();
  });

  test('F11: our vault PENDING_DELETION is not adopted; --cancel-deletion revives vault, key and secret', async () => {
    h = await startApplied();
    expect((await h.run('destroy')).ok).toBe(true);
    const destroyed = h.snapshot();
    const first = h.fake.resources('vault')[0];
    expect(first.lifecycleState).toBe('PENDING_DELETION');
    expect((await h.run('apply')).ok).toBe(true);
    expect(h.fake.resources('vault').map((v) => [v.id === first.id, v.lifecycleState])).toEqual([[true, 'PENDING_DELETION'], [false, 'ACTIVE']]);
    await h.stop();

    // The same destroyed stack once more, this time revived.
    h = await startHarness();
    h.restore(destroyed);
    h.fake.clearRequests();
    const revived = await h.run('apply', { flags: { cancelDeletion: true } });
    expect(revived.results.filter((r) => r.status !== 'done')).toEqual([]);
    const ops = writes(h.fake).map((w) => w.op);
    expect(ops).toEqual(expect.arrayContaining(['CancelVaultDeletion', 'CancelKeyDeletion', 'CancelSecretDeletion']));
    expect(ops).not.toContain('CreateVault');
    expect(ops).not.toContain('CreateSecret');
    expect(h.fake.resources('vault').map((v) => v.lifecycleState)).toEqual(['ACTIVE']);
    await converged();
  });

  test('F12: a wait beyond its per-resource limit exits non-zero; the rerun resumes without duplicates', async () => {
    h = await startHarness({ speed: 500 });
    const result = await h.run('apply', { wait: { ...FAST.wait, timeoutsMs: { cluster: 100 } } });
    expect(result.ok).toBe(false);
    expect(result.results.find((r) => r.id === 'cluster')?.detail?.[0]).toMatch(/still not ready after [\d.]+ s \(the cluster wait limit\); re-run apply/);
    // What is in flight finishes at the slow speed (up to ~2 s); new creates are fast, polls sparse.
    h.fake.setSpeed(20_000);
    const rerun = await h.run('apply', { wait: { ...FAST.wait, maxIntervalMs: 100 } });
    expect(rerun.ok).toBe(true);
    expect(h.fake.resources('cluster').length).toBe(1);
    await converged();
  });

  test('F13: a second concurrent run refuses to start; a stale lock needs an explicit unlock', async () => {
    h = await startHarness();
    const [a, b] = await Promise.allSettled([h.run('apply'), h.run('apply')]);
    const outcomes = [a, b].map((x) => x.status);
    expect(outcomes.sort()).toEqual(['fulfilled', 'rejected']);
    const rejected = [a, b].find((x) => x.status === 'rejected') as PromiseRejectedResult;
    expect(String(rejected.reason)).toMatch(/environment "dev" is locked by apply/);
    expect(duplicates(h.fake)).toEqual([]);
    const release = acquireLock(h.configDir, 'dev', 'apply');
    await expect(h.run('destroy')).rejects.toThrow(/unlock --env dev/);
    release();
    await converged();
  });

  test('F14: our NSG rule deleted by hand is restored; a foreign (CCM) rule is never touched', async () => {
    h = await startApplied();
    const sdk = sdkClients(h);
    const nsgId = liveOurs(h.fake).get('nsg-pods')![0];
    const rules = (await sdk.network.listNetworkSecurityGroupSecurityRules({ networkSecurityGroupId: nsgId })).items;
    const victim = rules.find((r) => r.description === `${RULE_OWNER_PREFIX}app to MySQL`)!;
    await sdk.network.removeNetworkSecurityGroupSecurityRules({ networkSecurityGroupId: nsgId, removeNetworkSecurityGroupSecurityRulesDetails: { securityRuleIds: [victim.id!] } });
    await sdk.network.addNetworkSecurityGroupSecurityRules({ networkSecurityGroupId: nsgId, addNetworkSecurityGroupSecurityRulesDetails: { securityRules: [
      { direction: 'INGRESS' as never, protocol: '6', source: '10.0.20.0/24', sourceType: 'CIDR_BLOCK' as never, tcpOptions: { destinationPortRange: { min: 31000, max: 31000 } }, description: 'Added by the OCI cloud controller manager' },
    ] } });
    const plan = await h.run('plan');
    const drift = plan.results.find((r) => r.id === 'nsg-pods-rules');
    expect(drift?.action).toBe('drift');
    expect(drift?.detail).toEqual(['missing rule: oke-vn: app to MySQL']);
    h.fake.clearRequests();
    expect((await h.run('apply')).ok).toBe(true);
    expect(writes(h.fake).map((w) => w.op)).toEqual(['AddNetworkSecurityGroupSecurityRules']);
    const after = (await sdk.network.listNetworkSecurityGroupSecurityRules({ networkSecurityGroupId: nsgId })).items;
    expect(after.some((r) => r.description === 'Added by the OCI cloud controller manager')).toBe(true);
    expect(after.filter((r) => r.description === `${RULE_OWNER_PREFIX}app to MySQL`).length).toBe(1);
    await converged();
  });
});
