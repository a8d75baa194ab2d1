import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { BOOTSTRAP_COMMAND, FAST, Harness, runCli, sdkClients, startHarness, writes } from './harness';

const ROOT = path.join(__dirname, '../..');

interface Run { code: number | null; out: string; err: string }

/**
 * The real command: `npm run bootstrap -- ...` in a child process, output captured from a pipe (not a TTY).
 * Kept where the process boundary is the point (the whole path, no terminal on stdin, the exit code); the other cases run the
 * same CLI in this process (`runCli`), which spares a Node start and an SDK load per call.
 */
function npmBootstrap(args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', '-s', 'bootstrap', '--', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { err += d; });
    child.on('close', (code) => resolve({ code, out, err }));
  });
}

describe('npm run bootstrap (the CLI against the fake OCI API)', () => {
  let h: Harness;
  let common: string[];
  beforeAll(async () => {
    h = await startHarness();
    common = ['--env', 'dev', '--config-dir', h.configDir, '--oci-config', h.oci.configFile, '--endpoint', h.fake.url, '--kubeconfig', h.kubeconfig, '--poll-interval', '5'];
  });
  afterAll(() => h.stop());

  const password = async () => {
    const secret = h.fake.resources('secret')[0];
    const bundle = await sdkClients(h).secrets.getSecretBundle({ secretId: secret.id });
    return Buffer.from((bundle.secretBundle.secretBundleContent as { content: string }).content, 'base64').toString('utf8');
  };

  test('plan on an empty tenancy lists every resource as create and writes nothing', async () => {
    // The real process end to end (npm, Node, the SDK): stderr stays empty, no warning of any layer.
    const r = await npmBootstrap(['plan', ...common]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^\nRESOURCE +KIND +ACTION +DETAIL\n/); // the table only: no progress lines
    expect(r.out).toMatch(/^vcn +vcn +create$/m);
    expect(r.out).toMatch(/^policy-virtual-node-endorse +iam-policy +absent$/m);
    expect(r.out).toContain('Plan: 33 to create, 0 to update (drift), 0 to delete, 0 unchanged.');
    expect(writes(h.fake)).toEqual([]);
    expect(fs.existsSync(path.join(h.configDir, 'dev.outputs.json'))).toBe(false);
  }, 60000);

  test('apply prints plain progress lines (no colours off a TTY), a summary table and the outputs file', async () => {
    const r = await runCli(['apply', ...common]);
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    expect(r.out).not.toMatch(/\x1b\[/);
    expect(r.out).toMatch(/^vcn: creating$/m);
    expect(r.out).toMatch(/^cluster: creating \(work request ocid1\.clustersworkrequest\.\S+\)$/m);
    expect(r.out).toMatch(/^cluster: done \(create\)$/m);
    expect(r.out).toMatch(/^mysql-db-system +mysql-db-system +create +done +\d+\.\ds +ocid1\.mysqldbsystem\.oc1\.eu-frankfurt-1\.\S+$/m);
    expect(r.out).toContain('Apply complete: 33 created, 0 updated, 0 unchanged.');
    expect(r.out).toMatch(/^Outputs written to .*dev\.outputs\.json$/m);
    const pw = await password();
    expect(r.out + r.err).not.toContain(pw);
  }, 60000);

  test('a second apply changes nothing', async () => {
    h.fake.clearRequests();
    const r = await runCli(['apply', ...common]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Apply complete: 0 created, 0 updated, 33 unchanged.');
    expect(writes(h.fake)).toEqual([]);
  }, 60000);

  test('destroy refuses without --yes when there is no terminal, then deletes with it', async () => {
    const refused = await npmBootstrap(['destroy', ...common]); // the real process: its stdin is no terminal
    expect(refused.code).toBe(2);
    expect(refused.err).toBe('error: destroy deletes every resource of the environment; pass --yes to confirm (no terminal to ask on)\n');
    const r = await runCli(['destroy', '--yes', ...common]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Destroy complete: 33 deleted, 4 already absent.');
    expect(r.out).toMatch(/^vault: deleting$/m);
  }, 60000);

  test('usage errors exit 2 with the usage; unlock clears a stale lock', async () => {
    const bad = await runCli(['apply']);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/^error: --env NAME is required/);
    expect(bad.err).toContain('usage: npm run bootstrap -- <plan|apply|destroy|unlock> --env NAME [options]');
    const unknown = await runCli(['deploy', '--env', 'dev']);
    expect(unknown.err).toMatch(/^error: unknown or missing command "deploy"; use plan, apply, destroy, unlock or put-certificate/);
    fs.writeFileSync(path.join(h.configDir, '.dev.bootstrap.lock'), JSON.stringify({ pid: 1, host: 'ci', command: 'apply', startedAt: '2026-01-01T00:00:00.000Z' }));
    const locked = await runCli(['apply', ...common]);
    expect(locked.code).toBe(1);
    expect(locked.err).toMatch(/environment "dev" is locked by apply \(pid 1 on ci, since 2026-01-01T00:00:00\.000Z\)/);
    const unlock = await runCli(['unlock', '--env', 'dev', '--config-dir', h.configDir]);
    expect(unlock.out).toBe('cleared the lock of environment "dev" (held by apply, pid 1 on ci since 2026-01-01T00:00:00.000Z)\n');
    expect(fs.existsSync(path.join(h.configDir, '.dev.bootstrap.lock'))).toBe(false);
  }, 60000);

  test('unlock refuses while the process holding the lock is alive on this host; --force overrides', async () => {
    const holder = spawn('sleep', ['60'], { stdio: 'ignore' });
    try {
      const lock = { pid: holder.pid, host: os.hostname(), command: 'destroy', startedAt: '2026-01-01T00:00:00.000Z' };
      fs.writeFileSync(path.join(h.configDir, '.dev.bootstrap.lock'), JSON.stringify(lock));
      const refused = await runCli(['unlock', '--env', 'dev', '--config-dir', h.configDir]);
      expect(refused.code).toBe(1);
      expect(refused.err).toBe(`error: environment "dev" is locked by a running destroy (pid ${holder.pid} on this host, since 2026-01-01T00:00:00.000Z); `
        + `wait for it or stop it, then re-run. If pid ${holder.pid} is another program now, clear the lock with: npm run bootstrap -- unlock --env dev --force\n`);
      expect(fs.existsSync(path.join(h.configDir, '.dev.bootstrap.lock'))).toBe(true);
      const forced = await runCli(['unlock', '--env', 'dev', '--force', '--config-dir', h.configDir]);
      expect(forced.code).toBe(0);
      expect(fs.existsSync(path.join(h.configDir, '.dev.bootstrap.lock'))).toBe(false);
      // Once the process is gone, a plain unlock clears its lock.
      fs.writeFileSync(path.join(h.configDir, '.dev.bootstrap.lock'), JSON.stringify(lock));
      const gone = new Promise((resolve) => holder.once('exit', resolve));
      holder.kill();
      await gone;
      expect((await runCli(['unlock', '--env', 'dev', '--config-dir', h.configDir])).code).toBe(0);
    } finally {
      holder.kill();
    }
  }, 60000);

  test('a config error is reported with field, value and fix, exit 1', async () => {
    h.fake.clearRequests();
    h.editEnv((doc) => { doc.network.loadBalancerSubnetCidr = '10.0.0.0/24'; });
    const r = await runCli(['plan', ...common]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^error: invalid environment configuration/);
    expect(r.err).toMatch(/network\.apiEndpointSubnetCidr \(got "10\.0\.0\.0\/28"\) overlaps network\.loadBalancerSubnetCidr \(10\.0\.0\.0\/24\)/);
    expect(writes(h.fake)).toEqual([]);
  }, 60000);
});

describe('npm run bootstrap interrupted', () => {
  test('SIGTERM during apply releases the lock and exits 130; the next apply resumes without duplicates', async () => {
    const h = await startHarness({ speed: 150 });
    try {
      const child = spawn(process.execPath, [...BOOTSTRAP_COMMAND, 'apply', '--env', 'dev', '--config-dir', h.configDir,
        '--oci-config', h.oci.configFile, '--endpoint', h.fake.url, '--kubeconfig', h.kubeconfig, '--poll-interval', '10'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
      let err = '';
      child.stderr.on('data', (d) => { err += d; });
      const code = new Promise<number | null>((res) => child.on('exit', (c) => res(c)));
      const deadline = Date.now() + 20000;
      while (Date.now() < deadline && !h.fake.resources('cluster').some((c) => c.lifecycleState === 'CREATING')) await new Promise((r) => setTimeout(r, 20));
      child.kill('SIGTERM');
      expect(await code).toBe(130);
      expect(err).toContain('SIGTERM: stopped; the lock of "dev" was released, re-run apply to resume');
      expect(fs.existsSync(path.join(h.configDir, '.dev.bootstrap.lock'))).toBe(false);
      // What the interrupted run started finishes at the slow speed (up to 6 s); new creates are fast, polls sparse.
      h.fake.setSpeed(20_000);
      const result = await h.run('apply', { wait: { ...FAST.wait, maxIntervalMs: 100 } });
      expect(result.results.filter((r) => r.status !== 'done')).toEqual([]);
      expect(h.fake.resources('cluster').length).toBe(1);
    } finally {
      await h.stop();
    }
  }, 60000);
});
