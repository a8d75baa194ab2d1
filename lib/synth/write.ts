import * as fs from 'fs';
import * as path from 'path';
import { Yaml } from 'cdk8s';
import { EnvironmentOutput } from './environment-app';

/**
 * Renders manifests exactly as `cdk8s synth` would (cdk8s' YAML serializer, keys sorted by the ApiObjects);
 * text files are written as they are.
 */
export function renderFiles(output: EnvironmentOutput): Map<string, string> {
  return new Map([
    ...output.manifests.map((f): [string, string] => [f.path, Yaml.stringify(...f.objects)]),
    ...output.texts.map((f): [string, string] => [f.path, f.text]),
  ]);
}

function writeTree(dir: string, files: ReadonlyMap<string, string>): void {
  fs.mkdirSync(dir, { recursive: true });
  for (const [rel, text] of [...files].sort(([a], [b]) => a.localeCompare(b))) {
    const file = path.join(dir, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  }
}

function swap(staged: string, target: string, trash: string): void {
  if (fs.existsSync(target)) fs.renameSync(target, trash);
  fs.renameSync(staged, target);
  fs.rmSync(trash, { recursive: true, force: true });
}

/**
 * Replaces output folders only once everything is rendered: each environment is written to a staging
 * folder beside `distDir`, then swapped in by rename. With `replaceAll`, `distDir` as a whole is
 * replaced (environments no longer in config/ disappear); otherwise only the given environments change.
 */
export function writeOutputs(distDir: string, outputs: ReadonlyMap<string, ReadonlyMap<string, string>>, replaceAll: boolean): void {
  const parent = path.dirname(path.resolve(distDir));
  const base = path.basename(path.resolve(distDir));
  const staging = path.join(parent, `.${base}-staging-${process.pid}`);
  const trash = path.join(parent, `.${base}-old-${process.pid}`);
  fs.rmSync(staging, { recursive: true, force: true });
  try {
    for (const [env, files] of outputs) writeTree(path.join(staging, env), files);
    if (replaceAll) {
      swap(staging, path.resolve(distDir), trash);
    } else {
      fs.mkdirSync(distDir, { recursive: true });
      for (const env of outputs.keys()) swap(path.join(staging, env), path.join(distDir, env), `${trash}-${env}`);
    }
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

/** Copies a tree (used to mirror dist/ into the folder `cdk8s synth` expects). */
export function mirrorTree(from: string, to: string): void {
  fs.rmSync(to, { recursive: true, force: true });
  fs.cpSync(from, to, { recursive: true });
}
