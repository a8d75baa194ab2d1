import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { Environment, loadEnvironment } from '../lib/config';
import { KubeObject } from '../lib/synth/environment-app';
import { scratchDir } from './support/scratch';

export { scratchDir };

export const ROOT = path.resolve(__dirname, '..');
export const CONFIG_DIR = path.join(ROOT, 'config');

/** The embedded example environment, loaded through the real loader. */
export function exampleEnv(): Environment {
  return loadEnvironment('example', { configDir: CONFIG_DIR });
}

/** cdk8s's `Testing.app()`, with its output folder (which it makes in the OS temp folder) removed when the test file ends. */
export function testApp(): App {
  return Testing.app({ outdir: scratchDir('cdk8s.outdir.') });
}

/** Synthesizes whatever `build` adds to a fresh chart and returns the objects cdk8s would write. */
export function synthObjects(build: (scope: Construct) => void): KubeObject[] {
  const app = testApp();
  const chart = new Chart(app, 'test', { disableResourceNameHashes: true });
  build(chart);
  return Testing.synth(chart) as KubeObject[];
}

export function chartObjects(ChartClass: new (scope: App, id: string, env: Environment) => Chart, env: Environment): KubeObject[] {
  return Testing.synth(new ChartClass(testApp(), 'chart', env)) as KubeObject[];
}

export function findObject(objects: readonly KubeObject[], kind: string, name?: string): KubeObject {
  const found = objects.filter((o) => o.kind === kind && (name === undefined || o.metadata?.name === name));
  if (found.length !== 1) throw new Error(`expected one ${kind}${name === undefined ? '' : ` named ${name}`}, found ${found.length}`);
  return found[0] as KubeObject;
}

/** Reads a nested value by dotted path, with [n] for array indexes. */
export function at(obj: unknown, dotted: string): unknown {
  let node: unknown = obj;
  for (const part of dotted.split('.')) {
    const m = /^([^[]*)(?:\[(\d+)\])?$/.exec(part);
    if (m === null || node === null || typeof node !== 'object') return undefined;
    if (m[1] !== '') node = (node as Record<string, unknown>)[m[1] as string];
    if (m[2] !== undefined) node = Array.isArray(node) ? node[Number(m[2])] : undefined;
  }
  return node;
}

/** Runs a command's `main` in this process: its exit code and what it wrote to stdout and stderr. */
export function runMain(main: () => number): { code: number; stdout: string; stderr: string } {
  const out: string[] = [];
  const err: string[] = [];
  const stdout = jest.spyOn(process.stdout, 'write').mockImplementation((c: string | Uint8Array) => out.push(String(c)) > 0);
  const stderr = jest.spyOn(process.stderr, 'write').mockImplementation((c: string | Uint8Array) => err.push(String(c)) > 0);
  try {
    return { code: main(), stdout: out.join(''), stderr: err.join('') };
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
  }
}

/** A temporary copy of the project's config folder, to be edited by a test; removed when the test file ends. */
export function tempConfig(): { dir: string; configDir: string; outDir: string; edit(file: string, fn: (text: string) => string): void } {
  const dir = scratchDir('okevn-');
  const configDir = path.join(dir, 'config');
  fs.cpSync(CONFIG_DIR, configDir, { recursive: true });
  return {
    dir,
    configDir,
    outDir: path.join(dir, 'dist'),
    edit(file, fn) {
      const p = path.join(configDir, file);
      fs.writeFileSync(p, fn(fs.readFileSync(p, 'utf8')));
    },
  };
}

/** Every file under a folder with its bytes, for byte-for-byte comparisons. */
export function snapshotTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (!fs.existsSync(dir)) return out;
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out[path.relative(dir, p)] = fs.readFileSync(p, 'utf8');
    }
  };
  walk(dir);
  return out;
}

/**
 * Removes a project made by {@link tempProject}, with what the commands run there kept for it elsewhere: the bundles
 * of `scripts/run-bundled.js` (in `OKE_VN_RUN_CACHE` when set, as run-bundled.js decides, else in this repository's
 * node_modules/.cache, as the project's node_modules is a link to it) and the folder `npx` installs a local
 * package's bin into (~/.npm/_npx/<hash>, whose package.json names the project). Both are one per project path, so
 * every run would leave new ones.
 */
export function removeTempProject(dir: string): void {
  const real = fs.realpathSync(dir);
  const removeWhere = (parent: string, file: string, isOurs: (text: string) => boolean): void => {
    for (const name of fs.existsSync(parent) ? fs.readdirSync(parent) : []) {
      try {
        if (isOurs(fs.readFileSync(path.join(parent, name, file), 'utf8'))) fs.rmSync(path.join(parent, name), { recursive: true, force: true });
      } catch {
        // Not a finished entry (or one being written by someone else): not ours to judge.
      }
    }
  };
  removeWhere(process.env.OKE_VN_RUN_CACHE ?? path.join(ROOT, 'node_modules', '.cache', 'oke-vn-run'), 'manifest.json', (text) => (JSON.parse(text) as { entry: string }).entry.startsWith(`${real}${path.sep}`));
  const npmCache = process.env.npm_config_cache ?? path.join(os.homedir(), '.npm');
  removeWhere(path.join(npmCache, '_npx'), 'package.json', (text) => ((JSON.parse(text) as { _npx?: { packages?: string[] } })._npx?.packages ?? []).some((p) => p === dir || p === real));
  fs.rmSync(dir, { recursive: true, force: true });
}

/** A throw-away project for running the real commands: the sources linked, config/ and workloads/ copied so a test may edit them. */
export function tempProject(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'okevn-project-'));
  for (const f of ['lib', 'imports', 'node_modules', 'scripts']) fs.symlinkSync(path.join(ROOT, f), path.join(dir, f));
  for (const f of ['main.ts', 'cdk8s.yaml', 'package.json', 'tsconfig.json']) fs.copyFileSync(path.join(ROOT, f), path.join(dir, f));
  for (const d of ['config', 'workloads']) fs.cpSync(path.join(ROOT, d), path.join(dir, d), { recursive: true });
  return dir;
}
