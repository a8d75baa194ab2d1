import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { median, repeat, table, timeCommand } from './measure';

const ROOT = path.resolve(__dirname, '..');
const RUNS = 7;

/** Synth of the example environment vs. its floor (loading cdk8s-plus-27) and cdk8s' default ts-node path. */
export async function run(): Promise<string> {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'okevn-bench-'));
  const env = { CDK8S_CHECK_UPGRADE: 'false' };
  const synthArgs = ['run', '-s', 'synth', '--', '--env', 'example', '--out', out];
  // First run after a source change: the bundle is rebuilt (an empty bundle cache stands in for the change).
  const cold = repeat(3, () => {
    const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'okevn-bench-run-'));
    try {
      return timeCommand('npm', synthArgs, { cwd: ROOT, env: { ...env, OKE_VN_RUN_CACHE: cache } });
    } finally {
      fs.rmSync(cache, { recursive: true, force: true });
    }
  });
  const synth = repeat(RUNS, () => timeCommand('npm', synthArgs, { cwd: ROOT, env }));
  const floor = repeat(RUNS, () => timeCommand('node', ['-e', "require('cdk8s-plus-27')"], { cwd: ROOT }));
  // The cdk8s template's app command: ts-node type-checks every file on every run.
  const tsNode = repeat(3, () => timeCommand('npx', ['ts-node', 'main.ts', '--env', 'example', '--out', out], { cwd: ROOT, env }));
  fs.rmSync(out, { recursive: true, force: true });
  const ms = (v: number) => `${Math.round(v)} ms`;
  return [
    `### synth (example environment, median of ${RUNS} runs; ts-node: 3 runs)`,
    table(['what', 'median', 'min', 'max'], [
      ['`npm run synth` (cached bundle, no type-check)', ms(median(synth)), ms(Math.min(...synth)), ms(Math.max(...synth))],
      ['`npm run synth` after a source change (bundle rebuilt; 3 runs)', ms(median(cold)), ms(Math.min(...cold)), ms(Math.max(...cold))],
      ['floor: `node -e "require(\'cdk8s-plus-27\')"`', ms(median(floor)), ms(Math.min(...floor)), ms(Math.max(...floor))],
      ['peer: cdk8s default `ts-node main.ts`', ms(median(tsNode)), ms(Math.min(...tsNode)), ms(Math.max(...tsNode))],
    ]),
  ].join('\n');
}

if (require.main === module) run().then((r) => console.log(r));
