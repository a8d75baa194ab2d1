import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as common from 'oci-common';
import * as core from 'oci-core';
import * as identity from 'oci-identity';
import { DEMO_COMPARTMENT, parseArgs } from '../../lib/fake-oci/cli';
import { testClientConfig } from './support';

const ROOT = join(__dirname, '..', '..');

interface Running {
  child: ChildProcess;
  url: string;
  stderr: () => string;
}

/** Spawns `npm run fake-oci -- args` in its own process group and waits for the listening line. */
function startCli(args: string[]): Promise<Running> {
  const child = spawn('npm', ['run', 'fake-oci', '--', ...args], { cwd: ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr!.on('data', (c: Buffer) => { err += c.toString(); });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      // Not left running (jest would wait for it): the whole group we started.
      try { process.kill(-child.pid!, 'SIGTERM'); } catch { /* already gone */ }
      reject(new Error(`no listening line; stdout: ${out}; stderr: ${err}`));
    }, 20_000);
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /^fake OCI API listening on (http:\/\/127\.0\.0\.1:\d+)$/m.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1]!, stderr: () => err });
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`fake-oci exited with ${code}; stderr: ${err}`));
    });
  });
}

/** SIGTERM to the whole process group we started (npm, sh, node). */
function stopCli(running: Running): Promise<void> {
  return new Promise((resolve) => {
    running.child.removeAllListeners('exit');
    running.child.on('exit', () => resolve());
    process.kill(-running.child.pid!, 'SIGTERM');
  });
}

/** The server closes shortly after the signal; poll instead of sleeping a fixed time. */
async function portClosedEventually(url: string): Promise<boolean> {
  for (let i = 0; i < 100; i++) {
    try {
      await fetch(`${url}/_fake/info`);
    } catch {
      return true;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

function runToExit(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    // What `npm run fake-oci` runs, without npm.
    const child = spawn(process.execPath, ['scripts/run-bundled.js', 'lib/fake-oci/bin.ts', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => { stderr += c.toString(); });
    child.on('exit', (code) => resolve({ code, stderr }));
  });
}

describe('fake-oci CLI arguments', () => {
  it('maps flags to options with a CLI default speed of 60', () => {
    const demo = [{ name: 'oke-vn-demo', id: DEMO_COMPARTMENT }];
    expect(parseArgs([])).toEqual({ options: { speed: 60, compartments: demo } });
    expect(parseArgs(['--port', '8787', '--region', 'eu-amsterdam-1', '--home-region', 'eu-frankfurt-1', '--speed', '1000', '--seed', '7', '--write-config', '/tmp/x']))
      .toEqual({ options: { port: 8787, region: 'eu-amsterdam-1', homeRegion: 'eu-frankfurt-1', speed: 1000, seed: 7, compartments: demo }, writeConfig: '/tmp/x' });
    const own = 'ocid1.compartment.oc1..aaaaaaaaowncompartment000000000001';
    expect(parseArgs(['--compartment', own]).options.compartments).toEqual([{ name: 'oke-vn-demo', id: own }]);
    expect(() => parseArgs(['--compartment', 'nope'])).toThrow('--compartment must be a compartment OCID, got "nope"');
    expect(() => parseArgs(['--port'])).toThrow('--port needs a value');
    expect(() => parseArgs(['--help'])).toThrow('usage: npm run fake-oci');
  });
});

describe('npm run fake-oci (end to end)', () => {
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'fake-oci-cli-')); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('prints its URL, writes a config the fake accepts, and serves real SDK clients', async () => {
    const running = await startCli(['--port', '0', '--write-config', dir, '--speed', '100000']);
    try {
      const config = readFileSync(join(dir, 'config'), 'utf8');
      expect(config).toMatch(/^\[DEFAULT\]\nuser=ocid1\.user\.[^\n]+\nfingerprint=([0-9a-f]{2}:){15}[0-9a-f]{2}\ntenancy=ocid1\.tenancy\.[^\n]+\nregion=eu-frankfurt-1\nkey_file=/);
      expect(statSync(join(dir, 'oci_api_key.pem')).mode & 0o777).toBe(0o600);
      expect(running.stderr()).toContain('wrote');

      const auth = new common.ConfigFileAuthenticationDetailsProvider(join(dir, 'config'), 'DEFAULT');
      const idc = new identity.IdentityClient({ authenticationDetailsProvider: auth }, testClientConfig());
      idc.endpoint = `${running.url}/identity`;
      const ads = await idc.listAvailabilityDomains({ compartmentId: auth.getTenantId() });
      expect(ads.items).toHaveLength(3);
      const vn = new core.VirtualNetworkClient({ authenticationDetailsProvider: auth }, testClientConfig());
      vn.endpoint = `${running.url}/iaas`;
      const { vcn } = await vn.createVcn({ createVcnDetails: { compartmentId: auth.getTenantId(), cidrBlocks: ['10.0.0.0/16'], displayName: 'cli' } });
      const res = await fetch(`${running.url}/_fake/resources?kind=vcn`);
      expect(((await res.json()) as Array<{ id: string }>).map((r) => r.id)).toEqual([vcn.id]);
    } finally {
      await stopCli(running);
    }
    expect(await portClosedEventually(running.url)).toBe(true);
  });

  it('exits non-zero with a message naming the bad option', async () => {
    const badPort = await runToExit(['--port', 'abc']);
    expect(badPort.code).toBe(2);
    expect(badPort.stderr).toContain('--port must be a number, got "abc"');
    const badRegion = await runToExit(['--port', '0', '--region', 'frankfurt']);
    expect(badRegion.code).toBe(1);
    expect(badRegion.stderr).toContain('region="frankfurt"');
    const unknown = await runToExit(['--colour', 'red']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown option --colour');
  });
});
