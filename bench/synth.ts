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
  const synth = repeat(RUNS, () => timeCommand('npm', ['run', '-s', 'synth', '--', '--env', 'example', '--out', out], { cwd: ROOT, env }));
  const floor = repeat(RUNS, () => timeCommand('node', ['-e', "require('cdk8s-plus-27')"], { cwd: ROOT }));
  // The cdk8s template's app command: ts-node type-checks every file on every run.
  const tsNode = repeat(3, () => timeCommand('npx', ['ts-node', 'main.ts', '--env', 'example', '--out', out], { cwd: ROOT, env }));
  fs.rmSync(out, { recursive: true, force: true });
  const ms = (v: number) => `${Math.round(v)} ms`;
  return [
    `### synth (example environment, median of ${RUNS} runs; ts-node: 3 runs)`,
    table(['what', 'median', 'min', 'max'], [
      ['`npm run synth` (tsx, no type-check)', ms(median(synth)), ms(Math.min(...synth)), ms(Math.max(...synth))],
      ['floor: `node -e "require(\'cdk8s-plus-27\')"`', ms(median(floor)), ms(Math.min(...floor)), ms(Math.max(...floor))],
      ['peer: cdk8s default `ts-node main.ts`', ms(median(tsNode)), ms(Math.min(...tsNode)), ms(Math.max(...tsNode))],
    ]),
  ].join('\n');
}

if (require.main === module) run().then((r) => console.log(r));
