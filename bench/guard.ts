/**
 * Guard benchmark: first check (schemas read and compiled), warm checks over the example environment's dist/
 * (or, before it exists, the guard's compliant fixture set), the same set copied 50 times, and the CLI process.
 *
 * Run alone: node --require tsx/cjs bench/guard.ts
 */
import * as fs from 'fs';
import * as path from 'path';
import { guardObjects, loadPaths, type KubeObject } from '../lib/guard';
import { median, repeat, table, timeCommand } from './measure';

const ROOT = path.resolve(__dirname, '..');
const EXAMPLE = path.join(ROOT, 'dist', 'example');
const FALLBACK = path.join(ROOT, 'test', 'guard', 'fixtures', 'good');
const WARM_RUNS = 20;
const CLI_RUNS = 3;
const COPIES = 50;

function time(fn: () => void): number {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** The set copied into distinct namespaces (names for cluster-scoped objects), so no copy collides. */
function copies(objects: readonly KubeObject[], n: number): KubeObject[] {
  return Array.from({ length: n }, (_, i) => objects.map((o) => {
    const copy = JSON.parse(JSON.stringify(o)) as KubeObject;
    if (typeof copy.metadata?.namespace === 'string') copy.metadata.namespace = `${copy.metadata.namespace}-${i}`;
    else if (typeof copy.metadata?.name === 'string') copy.metadata.name = `${copy.metadata.name}-${i}`;
    return copy;
  })).flat();
}

export async function run(): Promise<string> {
  const target = fs.existsSync(EXAMPLE) ? EXAMPLE : FALLBACK;
  let loaded = loadPaths([target]);
  const loadMs = time(() => { loaded = loadPaths([target]); });
  const objects = loaded.documents as KubeObject[];
  const options = { sources: loaded.sources };

  let report = guardObjects([], options);
  const firstMs = time(() => { report = guardObjects(objects, options); });
  const warm = repeat(WARM_RUNS, () => time(() => guardObjects(objects, options)));
  const big = copies(objects, COPIES);
  const bigMs = median(repeat(3, () => time(() => guardObjects(big))));
  const cli = repeat(CLI_RUNS, () => timeCommand(process.execPath, [path.join(ROOT, 'scripts', 'run-bundled.js'), path.join(ROOT, 'lib', 'guard', 'cli.ts'), target], { cwd: ROOT }));

  const ms = (v: number): string => `${v < 10 ? v.toFixed(1) : Math.round(v)} ms`;
  const rel = path.relative(ROOT, target);
  return [
    `### guard (${rel}: ${objects.length} objects, ${report.violations.length} violations, ${report.inputProblems.length} input problems)`,
    table(['what', 'median', 'min', 'max'], [
      ['load and parse the YAML', ms(loadMs), '', ''],
      ['first check in a process (reads schemas, compiles the kinds present)', ms(firstMs), '', ''],
      [`warm check (${WARM_RUNS} runs)`, ms(median(warm)), ms(Math.min(...warm)), ms(Math.max(...warm))],
      [`warm check of ${big.length} objects (${COPIES} copies, 3 runs)`, ms(bigMs), '', ''],
      [`\`lib/guard/cli.ts ${rel}\` process (\`npm run guard\` minus npm), start-up included (${CLI_RUNS} runs)`, ms(median(cli)), ms(Math.min(...cli)), ms(Math.max(...cli))],
    ]),
  ].join('\n');
}

if (require.main === module) run().then((r) => console.log(r));
