/**
 * How main.ts cooperates with the cdk8s CLI (`npx cdk8s synth`, which runs it through cdk8s.yaml's `app`).
 * The CLI sets CDK8S_OUTDIR to the folder it wants manifests in, and (cdk8s-cli 2.207.60, lib/util.js):
 *
 * - without `--stdout`, lists every `.yaml` under that folder (and runs validation plugins over them);
 * - with `--stdout`, creates `<os.tmpdir()>/cdk8s-XXXXXX` and pipes every `.yaml` under it to stdout, all
 *   files at once and without a `---` between them;
 * - treats an app exiting non-zero as a crash and prints its own stack trace, but fails with one line
 *   ("synthesis failed, app expected to create ...") when the app exits 0 without creating the folder.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { mirrorTree } from './write';

/** Whether `dir` is the temporary folder of `cdk8s synth --stdout` (util.mkdtemp: `<os.tmpdir()>/cdk8s-XXXXXX`). */
export function isStdoutFolder(dir: string): boolean {
  const resolved = path.resolve(dir);
  const tmp = fs.realpathSync(os.tmpdir());
  const parent = fs.existsSync(path.dirname(resolved)) ? fs.realpathSync(path.dirname(resolved)) : path.dirname(resolved);
  return parent === tmp && /^cdk8s-[A-Za-z0-9]{6}$/.test(path.basename(resolved));
}

/** An environment's Kubernetes manifests in apply order: the numbered files, then argocd/ (bootstrap, apps). Helm values are not manifests. */
function manifestFiles(envDir: string): string[] {
  const top = fs.readdirSync(envDir).filter((f) => f.endsWith('.k8s.yaml')).sort();
  const argocd = path.join(envDir, 'argocd');
  const bootstrap = fs.existsSync(path.join(argocd, 'bootstrap.k8s.yaml')) ? ['argocd/bootstrap.k8s.yaml'] : [];
  const appsDir = path.join(argocd, 'apps');
  const apps = fs.existsSync(appsDir) ? fs.readdirSync(appsDir).filter((f) => f.endsWith('.k8s.yaml')).sort().map((f) => `argocd/apps/${f}`) : [];
  return [...top, ...bootstrap, ...apps].map((f) => path.join(envDir, f));
}

/**
 * Every environment's manifests under `outDir` as one multi-document YAML stream: what `cdk8s synth
 * --stdout` prints. Each file is already documents separated by `---`; files are joined the same way.
 */
export function manifestStream(outDir: string): string {
  const envs = fs.readdirSync(outDir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();
  return envs.flatMap((env) => manifestFiles(path.join(outDir, env))).map((f) => fs.readFileSync(f, 'utf8')).join('---\n');
}

/**
 * Gives the CLI what it expects in its folder: with `--stdout`, one file holding the manifest stream (one
 * file, so the CLI's concurrent piping cannot interleave or reorder documents); otherwise a copy of `outDir`.
 */
export function writeForCdk8sCli(outDir: string, cliOut: string): void {
  if (isStdoutFolder(cliOut)) fs.writeFileSync(path.join(cliOut, 'manifests.k8s.yaml'), manifestStream(outDir));
  else mirrorTree(outDir, cliOut);
}

/**
 * After a failed synth under the CLI: removes its folder, so that exiting 0 makes the CLI fail with one line
 * (exit 1) after our error, instead of printing a stack trace of its own over it.
 */
export function failForCdk8sCli(cliOut: string): void {
  fs.rmSync(cliOut, { recursive: true, force: true });
}
