import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { median, repeat, table, timeCommand } from './measure';

const ROOT = path.resolve(__dirname, '..');
const RUNS = 7;

/**
 * The GitOps output's cost: the freshness gate CI runs (`synth --check`, in memory) next to a full synth,
 * and the in-process parts (render of one environment, Argo CD CRD schema compile + validation as the tests do).
 */
export async function run(): Promise<string> {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'okevn-bench-gitops-'));
  const env = { CDK8S_CHECK_UPGRADE: 'false' };
  const synth = repeat(RUNS, () => timeCommand('npm', ['run', '-s', 'synth', '--', '--env', 'example', '--out', out], { cwd: ROOT, env }));
  const check = repeat(RUNS, () => timeCommand('npm', ['run', '-s', 'synth', '--', '--env', 'example', '--out', out, '--check'], { cwd: ROOT, env }));

  // In-process: what one environment costs once the modules are loaded.
  const { loadEnvironment } = require('../lib/config') as typeof import('../lib/config');
  const { synthesizeEnvironment } = require('../lib/synth/environment-app') as typeof import('../lib/synth/environment-app');
  const { renderFiles } = require('../lib/synth/write') as typeof import('../lib/synth/write');
  const e = loadEnvironment('example', { configDir: path.join(ROOT, 'config') });
  const inProcess = repeat(RUNS, () => {
    const start = process.hrtime.bigint();
    renderFiles(synthesizeEnvironment(e));
    return Number(process.hrtime.bigint() - start) / 1e6;
  });
  const files = fs.readdirSync(path.join(out, 'example'), { recursive: true }).length;
  fs.rmSync(out, { recursive: true, force: true });
  const ms = (v: number) => `${Math.round(v)} ms`;
  const row = (what: string, v: number[]) => [what, ms(median(v)), ms(Math.min(...v)), ms(Math.max(...v))];
  return [
    `### gitops (example environment: ${files} files and folders under dist/example; median of ${RUNS} runs)`,
    table(['what', 'median', 'min', 'max'], [
      row('`npm run synth` (writes dist/, Argo CD objects and Helm values included)', synth),
      row('`npm run synth -- --check` (freshness gate, writes nothing)', check),
      row('in process: build + render one environment (modules loaded)', inProcess),
    ]),
  ].join('\n');
}

if (require.main === module) run().then((r) => console.log(r));
