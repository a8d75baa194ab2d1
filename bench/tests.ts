import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { median, table } from './measure';

const ROOT = path.resolve(__dirname, '..');

/**
 * Issue 15's targets on a 2-core machine, in seconds, and which runs they judge. The quick command is the
 * edit-and-rerun loop: its runs after the first are what a user waits for (the first builds the caches, once
 * per clone). `npm test` is CI's command on a clean clone, so its first run counts too.
 */
const TARGETS = { quick: { seconds: 15, judges: 'warm' }, full: { seconds: 120, judges: 'warm and empty caches' } } as const;

/** A run that outlives this is a hang (an open handle), not a slow suite: it is killed and the bench fails. */
const HANG_MS = 10 * 60 * 1000;

/**
 * What jest prints when a run does not end by itself: a worker it had to kill, or (without `forceExit`) the
 * main process still held open a second after the last test.
 */
const UNCLEAN_EXIT = [/failed to exit gracefully and has been force exited/, /Jest did not exit one second after the test run/, /Force exiting Jest/];

interface Run {
  readonly seconds: number;
  readonly passed: number;
}

/**
 * One run of an npm test script; throws when it fails, hangs or ends only because jest killed something, so a
 * red or leaky suite never reports a time.
 */
function runScript(script: string, args: readonly string[] = [], env: NodeJS.ProcessEnv = {}): Run {
  const start = process.hrtime.bigint();
  const r = spawnSync('npm', ['run', '-s', script, ...(args.length > 0 ? ['--', ...args] : [])], {
    cwd: ROOT, encoding: 'utf8', env: { ...process.env, ...env, CI: 'true', FORCE_COLOR: '0' }, maxBuffer: 64 * 1024 * 1024,
    timeout: HANG_MS, killSignal: 'SIGKILL',
  });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const summary = /jest: (\d+) passed, (\d+) failed/.exec(r.stdout);
  const tail = () => `${r.stdout.slice(-4000)}\n${r.stderr.slice(-4000)}`;
  if (r.signal !== null) throw new Error(`npm run ${script} did not end within ${HANG_MS / 60000} min (killed):\n${tail()}`);
  if (r.status !== 0 || summary === null || summary[2] !== '0') throw new Error(`npm run ${script} failed (exit ${r.status}):\n${tail()}`);
  const unclean = UNCLEAN_EXIT.find((re) => re.test(r.stderr) || re.test(r.stdout));
  if (unclean !== undefined) throw new Error(`npm run ${script} passed but did not exit cleanly (${unclean.source}):\n${tail()}`);
  return { seconds, passed: Number(summary[1]) };
}

/**
 * The folders a test run caches in, each pointed elsewhere by an environment variable: jest's transforms, the
 * OCI SDK bundle and its code cache, the guard's compiled validators, the CLIs' bundles, the image test's layers.
 */
const CACHE_VARS = ['OKE_VN_JEST_SDK_CACHE', 'OKE_VN_GUARD_CACHE', 'OKE_VN_RUN_CACHE', 'OKE_VN_IMAGE_CACHE'] as const;

/** A run with every cache empty: what the first run after `npm ci` on a fresh clone pays. */
function coldRun(script: string): Run {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'okevn-bench-caches-'));
  // The image test runs the app as UID 10001 from its cached layers: they must be reachable (mkdtemp makes 0700).
  fs.chmodSync(root, 0o755);
  const env = Object.fromEntries(CACHE_VARS.map((v) => [v, path.join(root, v)]));
  try {
    return runScript(script, ['--cacheDirectory', path.join(root, 'jest')], env);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

/** Wall time of the two documented test commands, against issue 15's targets. */
export async function run(): Promise<string> {
  const quickCold = coldRun('test:quick');
  const quick = [runScript('test:quick'), runScript('test:quick'), runScript('test:quick')];
  const fullCold = coldRun('test');
  // Five full runs in all: each must also end by itself (issue 15: no forceExit, five runs in a row).
  const full = [runScript('test'), runScript('test'), runScript('test'), runScript('test')];
  const s = (v: number) => `${v.toFixed(1)} s`;
  const row = (what: string, warm: readonly Run[], cold: Run, target: (typeof TARGETS)[keyof typeof TARGETS]) => {
    const warmMedian = median(warm.map((r) => r.seconds));
    const judged = target.judges === 'warm' ? warmMedian : Math.max(warmMedian, cold.seconds);
    return [what, String(warm[0]?.passed ?? 0), s(warmMedian), `${s(Math.min(...warm.map((r) => r.seconds)))}–${s(Math.max(...warm.map((r) => r.seconds)))}`,
      s(cold.seconds), `≤ ${target.seconds} s (${target.judges}): ${judged <= target.seconds ? 'met' : 'MISSED'}`];
  };
  return [
    `### tests (${os.availableParallelism()} CPUs; warm = the caches filled by an earlier run; empty caches = the first run after npm ci)`,
    table(['command', 'tests', 'warm median', 'warm range', 'empty caches', 'target'], [
      row('`npm run test:quick` (3 warm runs)', quick, quickCold, TARGETS.quick),
      row('`npm test` (type-check + every test; 4 warm runs)', full, fullCold, TARGETS.full),
    ]),
    '',
    `Every run passed and exited by itself (no worker force-killed, no open handle): ${quick.length + 1} quick runs, ${full.length + 1} full runs in a row.`,
  ].join('\n');
}

if (require.main === module) run().then((r) => console.log(r));
