import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { median, table } from './measure';

const ROOT = path.resolve(__dirname, '..');

/** Issue 15's targets on a 2-core machine, in seconds. */
const TARGETS = { quick: 15, full: 120 } as const;

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
function runScript(script: string, args: readonly string[] = []): Run {
  const start = process.hrtime.bigint();
  const r = spawnSync('npm', ['run', '-s', script, ...(args.length > 0 ? ['--', ...args] : [])], {
    cwd: ROOT, encoding: 'utf8', env: { ...process.env, CI: 'true', FORCE_COLOR: '0' }, maxBuffer: 64 * 1024 * 1024,
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

/** Runs with jest's transform cache in a fresh directory: what the first run after `npm ci` pays for swc. */
function coldRun(script: string): Run {
  const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'okevn-bench-jest-'));
  try {
    return runScript(script, ['--cacheDirectory', cache]);
  } finally {
    fs.rmSync(cache, { recursive: true, force: true });
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
  const row = (what: string, warm: readonly Run[], cold: Run, target: number) => {
    const warmMedian = median(warm.map((r) => r.seconds));
    return [what, String(warm[0]?.passed ?? 0), s(warmMedian), `${s(Math.min(...warm.map((r) => r.seconds)))}–${s(Math.max(...warm.map((r) => r.seconds)))}`,
      s(cold.seconds), `≤ ${target} s: ${Math.max(warmMedian, cold.seconds) <= target ? 'met' : 'MISSED'}`];
  };
  return [
    `### tests (${os.availableParallelism()} CPUs; warm = jest's transform cache filled by an earlier run)`,
    table(['command', 'tests', 'warm median', 'warm range', 'empty jest cache', 'target'], [
      row('`npm run test:quick` (3 warm runs)', quick, quickCold, TARGETS.quick),
      row('`npm test` (type-check + every test; 4 warm runs)', full, fullCold, TARGETS.full),
    ]),
    '',
    `Every run passed and exited by itself (no worker force-killed, no open handle): ${quick.length + 1} quick runs, ${full.length + 1} full runs in a row.`,
  ].join('\n');
}

if (require.main === module) run().then((r) => console.log(r));
