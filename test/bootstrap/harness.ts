import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as yaml from 'js-yaml';
import { FakeOci, startFakeOci } from '../../lib/fake-oci';
import type { FakeOciOptions, FakeSnapshot } from '../../lib/fake-oci';
import { BootstrapOptions, BootstrapResult, runBootstrap } from '../../lib/bootstrap/bootstrap';
import type { WrittenConfig } from '../../lib/fake-oci/keys';
import type { EnvironmentSpec } from '../../lib/config';
import { configFileAuth } from '../../lib/bootstrap/auth';
import { Clients, createClients } from '../../lib/bootstrap/clients';
import { main as cliMain } from '../../lib/bootstrap/cli';
import { testKeyPair } from '../support/test-key';

/** What `npm run bootstrap` runs, without npm: `node ...BOOTSTRAP_COMMAND <args>` (cwd: the repository). */
export const BOOTSTRAP_COMMAND = [path.join(__dirname, '../../scripts/run-bundled.js'), path.join(__dirname, '../../lib/bootstrap/bin.ts')];

export const TENANCY = 'ocid1.tenancy.oc1..aaaaaaaatesttenancy000000000000000000000000000000';
export const COMPARTMENT = 'ocid1.compartment.oc1..aaaaaaaatestcompartment00000000000000000000000000';

/** A fake OCI API, an OCI config with a freshly generated key, and a config dir holding `dev.yaml`. */
export interface Harness {
  fake: FakeOci;
  dir: string;
  configDir: string;
  oci: WrittenConfig;
  kubeconfig: string;
  /** Lines the SDK retrier printed (captured, redacted). */
  debug: string[];
  run(command: BootstrapOptions['command'], extra?: Partial<BootstrapOptions>): Promise<BootstrapResult>;
  /** Rewrites dev.yaml with a change applied to the parsed document. */
  editEnv(change: (doc: EnvironmentSpec) => void): void;
  /** The fake's state and the files runs write (config dir, kubeconfig), to start another harness from. */
  snapshot(): HarnessSnapshot;
  /** Puts a snapshot's fake state and files in place (of a harness started with the same options). */
  restore(snapshot: HarnessSnapshot): void;
  stop(): Promise<void>;
}

/** What `Harness.snapshot` keeps: the fake's state, and every file under `config/` and `kube/` by relative path. */
export interface HarnessSnapshot {
  fake: FakeSnapshot;
  files: ReadonlyMap<string, Buffer>;
}

/** The folders of a harness whose files are part of its state (not `oci/`: each harness has its own key files). */
const STATE_DIRS = ['config', 'kube'];

function filesUnder(dir: string, rel: string, into: Map<string, Buffer>): void {
  if (!fs.existsSync(path.join(dir, rel))) return;
  for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    const child = path.join(rel, entry.name);
    if (entry.isDirectory()) filesUnder(dir, child, into);
    else into.set(child, fs.readFileSync(path.join(dir, child)));
  }
}

/** Fast settings: the fake runs 20,000× faster than OCI (harness default); polls and retries sleep a few ms. */
export const FAST = {
  retry: { maxAttempts: 6, delayStrategy: { delay: () => 0.005 } },
  wait: { intervalMs: 5, maxIntervalMs: 20, notFoundGraceMs: 2000 },
  circuitBreaker: { enabled: false },
};

export async function startHarness(options: FakeOciOptions = {}, envChange?: (doc: EnvironmentSpec) => void): Promise<Harness> {
  const fake = await startFakeOci({
    speed: 20_000, region: 'eu-frankfurt-1', tenancyId: TENANCY,
    compartments: [{ name: 'oke-vn-test', id: COMPARTMENT }], seed: 7, ...options,
  });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oke-vn-bootstrap-'));
  const configDir = path.join(dir, 'config');
  fs.mkdirSync(configDir);
  const oci = fake.writeConfig(path.join(dir, 'oci'), undefined, testKeyPair());
  const example = yaml.load(fs.readFileSync(path.join(__dirname, '../../config/example.yaml'), 'utf8')) as EnvironmentSpec;
  example.oci.tenancyId = TENANCY;
  example.oci.compartmentId = COMPARTMENT;
  example.oci.tenancyNamespace = 'faketenancy';
  // These suites destroy without --allow-delete-database; delete protection has its own suite (security.test.ts).
  example.database.deleteProtection = false;
  const write = (doc: EnvironmentSpec) => fs.writeFileSync(path.join(configDir, 'dev.yaml'), yaml.dump(doc));
  envChange?.(example);
  write(example);
  const debug: string[] = [];
  const kubeconfig = path.join(dir, 'kube', 'config');
  return {
    fake, dir, configDir, oci, kubeconfig, debug,
    run: (command, extra = {}) => runBootstrap({
      command, envName: 'dev', configDir, auth: { kind: 'config-file', file: oci.configFile },
      endpoint: fake.url, kubeconfigPath: kubeconfig, debug: (l) => debug.push(l), ...FAST, ...extra,
    }),
    editEnv(change) {
      const doc = yaml.load(fs.readFileSync(path.join(configDir, 'dev.yaml'), 'utf8')) as EnvironmentSpec;
      change(doc);
      write(doc);
    },
    snapshot() {
      const files = new Map<string, Buffer>();
      for (const d of STATE_DIRS) filesUnder(dir, d, files);
      return { fake: fake.snapshot(), files };
    },
    restore(snapshot) {
      fake.restore(snapshot.fake);
      for (const d of STATE_DIRS) fs.rmSync(path.join(dir, d), { recursive: true, force: true });
      for (const [rel, content] of snapshot.files) {
        fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
        fs.writeFileSync(path.join(dir, rel), content);
      }
    },
    async stop() {
      await fake.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Write calls (anything but GET) the fake logged. */
export function writes(fake: FakeOci) {
  return fake.requests().filter((r) => r.write);
}

const GONE_STATES = new Set(['TERMINATED', 'DELETED', 'PENDING_DELETION', 'SCHEDULING_DELETION', 'TERMINATING', 'DELETING']);

/** Live resources that carry our project tag, by logical id (I1: exactly one per logical id). */
export function liveOurs(fake: FakeOci): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const r of fake.resources()) {
    if (r.freeformTags['oke-vn-project'] !== 'oke-vn' || GONE_STATES.has(r.lifecycleState)) continue;
    const id = r.freeformTags['oke-vn-logical-id'];
    out.set(id, [...(out.get(id) ?? []), r.id]);
  }
  return out;
}

/** Logical ids with more than one live instance (a duplicate). */
export function duplicates(fake: FakeOci): string[] {
  return [...liveOurs(fake)].filter(([, ids]) => ids.length > 1).map(([id]) => id);
}

/**
 * Cloud resources of the stack: 37 graph nodes minus the kubeconfig (a local file), the four NSG rule sets, the endorse
 * policy (off) and the flow logs of the three subnets not listed in logging.flowLogSubnets.
 */
export const LIVE_RESOURCE_COUNT = 28;

/** SDK clients signed with the harness key and pointed at the fake (for tests that change things "by hand"). */
export function sdkClients(h: Harness): Clients {
  return createClients({ provider: configFileAuth('eu-frankfurt-1', h.oci.configFile).provider, region: 'eu-frankfurt-1', endpoint: h.fake.url, ...FAST });
}

/** What one CLI run printed and returned. */
export interface CliRun { code: number | null; out: string; err: string }

/**
 * `npm run bootstrap -- <args>` without the process: the CLI's `main` in this process, its output captured as
 * from a pipe (not a TTY). For tests that are not about the process boundary; those spawn the real command.
 */
export async function runCli(args: string[]): Promise<CliRun> {
  let out = '';
  let err = '';
  const code = await cliMain(args, { write: (t) => { out += t; }, isTTY: false }, { write: (t) => { err += t; }, isTTY: false });
  return { code, out, err };
}
