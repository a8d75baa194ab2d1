import * as fs from 'fs';
import * as path from 'path';
import { SynthOptions, renderEnvironments } from './run';

/** One way the output folder differs from a fresh synth. */
export interface StaleFile {
  /** Path as given to the check (e.g. `dist/example/30-app.k8s.yaml`). */
  readonly file: string;
  /** `differs`: content changed (`line` = first differing line); `missing`: not written yet; `extra`: no longer produced. */
  readonly problem: 'differs' | 'missing' | 'extra';
  readonly line?: number;
}

function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.push(path.relative(dir, p));
    }
  };
  walk(dir);
  return out.sort();
}

function firstDifferentLine(a: string, b: string): number {
  const x = a.split('\n');
  const y = b.split('\n');
  let i = 0;
  while (i < x.length && i < y.length && x[i] === y[i]) i += 1;
  return i + 1;
}

/**
 * Compares the output folder with a fresh synth of the config folder, in memory (nothing is written).
 * Without `environments`, every file under the output folder must be produced by the synth; with it, only
 * those environments' folders are compared. Returns the differences; empty = fresh.
 */
export function checkFreshness(options: SynthOptions = {}): StaleFile[] {
  const outDir = options.outDir ?? 'dist';
  const expected = renderEnvironments(options);
  const stale: StaleFile[] = [];
  const seen = new Set<string>();
  for (const [env, files] of expected) {
    for (const [rel, text] of files) {
      const file = path.join(outDir, env, rel);
      seen.add(path.normalize(file));
      if (!fs.existsSync(file)) stale.push({ file, problem: 'missing' });
      else {
        const actual = fs.readFileSync(file, 'utf8');
        if (actual !== text) stale.push({ file, problem: 'differs', line: firstDifferentLine(actual, text) });
      }
    }
  }
  const roots = options.environments === undefined ? [outDir] : [...expected.keys()].map((env) => path.join(outDir, env));
  for (const root of roots) {
    for (const rel of filesUnder(root)) {
      const file = path.join(root, rel);
      if (!seen.has(path.normalize(file))) stale.push({ file, problem: 'extra' });
    }
  }
  return stale.sort((a, b) => a.file.localeCompare(b.file));
}

/** The message for a stale output folder: which files, how they differ, and the fix. */
export function formatStale(stale: readonly StaleFile[], outDir = 'dist'): string {
  const reason = (s: StaleFile) => {
    if (s.problem === 'missing') return 'missing: the synth writes it, the folder lacks it';
    if (s.problem === 'extra') return 'not produced by the synth any more (left over)';
    return `differs from a fresh synth (first difference at line ${s.line})`;
  };
  return [
    `${outDir}/ is stale: ${stale.length} file(s) differ from a fresh synth of the environment files`,
    ...stale.map((s) => `  - ${s.file}: ${reason(s)}`),
    `Fix: run \`npm run synth\` and commit ${outDir}/ (never edit ${outDir}/ by hand: change lib/ or config/ and re-synth).`,
  ].join('\n');
}
