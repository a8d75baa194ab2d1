/**
 * Guard benchmark: cold check (schemas read and compiled on first use) and warm checks over the example
 * environment's dist/ (or, before it exists, the guard's compliant fixture set), plus one CLI run.
 *
 * Run alone: node --require tsx/cjs bench/guard.ts
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { guardObjects, loadPaths, type KubeObject } from '../lib/guard';

const ROOT = path.resolve(__dirname, '..');
const EXAMPLE = path.join(ROOT, 'dist', 'example');
const FALLBACK = path.join(ROOT, 'test', 'guard', 'fixtures', 'good');
const WARM_RUNS = 20;

function ms(from: bigint): number {
  return Number(process.hrtime.bigint() - from) / 1e6;
}

export async function run(): Promise<string> {
  const target = fs.existsSync(EXAMPLE) ? EXAMPLE : FALLBACK;
  let t = process.hrtime.bigint();
  const loaded = loadPaths([target]);
  const loadMs = ms(t);
  const objects = loaded.documents as KubeObject[];

  t = process.hrtime.bigint();
  const first = guardObjects(objects, { sources: loaded.sources });
  const coldMs = ms(t);

  const warm: number[] = [];
  for (let i = 0; i < WARM_RUNS; i++) {
    t = process.hrtime.bigint();
    guardObjects(objects, { sources: loaded.sources });
    warm.push(ms(t));
  }
  warm.sort((a, b) => a - b);
  const median = warm[Math.floor(warm.length / 2)] ?? NaN;
  const max = warm[warm.length - 1] ?? NaN;

  // Scale: 50 copies of the set in distinct namespaces (cross-object rules are O(n²) at worst).
  const scaled = Array.from({ length: 50 }, (_, i) => objects.map((o) => {
    const copy = JSON.parse(JSON.stringify(o)) as KubeObject;
    if (copy.metadata?.namespace !== undefined) copy.metadata.namespace = `${String(copy.metadata.namespace)}-${i}`;
    else if (copy.metadata?.name !== undefined) copy.metadata.name = `${String(copy.metadata.name)}-${i}`;
    return copy;
  })).flat();
  t = process.hrtime.bigint();
  guardObjects(scaled);
  const scaledMs = ms(t);

  t = process.hrtime.bigint();
  const cli = spawnSync(process.execPath, ['--require', 'tsx/cjs', path.join(ROOT, 'lib', 'guard', 'cli.ts'), target], { cwd: ROOT, encoding: 'utf8' });
  const cliMs = ms(t);

  const rel = path.relative(ROOT, target);
  const rows = [
    ['target', `${rel} (${objects.length} objects, ${first.violations.length} violations, ${first.inputProblems.length} input problems)`],
    ['load YAML', `${loadMs.toFixed(1)} ms`],
    ['first check (reads + compiles schemas)', `${coldMs.toFixed(0)} ms`],
    [`warm check, median of ${WARM_RUNS}`, `${median.toFixed(1)} ms`],
    [`warm check, worst of ${WARM_RUNS}`, `${max.toFixed(1)} ms`],
    [`${scaled.length} objects (50 copies), warm`, `${scaledMs.toFixed(0)} ms`],
    ['CLI process end to end (node + tsx start-up included)', `${cliMs.toFixed(0)} ms, exit ${String(cli.status)}`],
  ];
  return ['| guard | value |', '|---|---|', ...rows.map(([k, v]) => `| ${k} | ${v} |`)].join('\n');
}

if (require.main === module) run().then(console.log);
