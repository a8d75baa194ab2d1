import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { removeTempProject, tempProject } from '../helpers';

function npm(cwd: string, ...args: string[]) {
  const r = spawnSync('npm', ['run', '-s', ...args], { cwd, encoding: 'utf8', env: { ...process.env, CI: 'true' }, timeout: 60000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** One throw-away project for the file, synthesized once with `npm run synth` (one bundle built, one synth run). */
let shared: { project: string; synth: ReturnType<typeof npm> } | undefined;
function synthesized(): NonNullable<typeof shared> {
  if (shared === undefined) {
    const project = tempProject();
    shared = { project, synth: npm(project, 'synth') };
  }
  return shared;
}
afterAll(() => {
  if (shared !== undefined) removeTempProject(shared.project);
});

describe('`npm run synth -- --check` (the freshness gate)', () => {
  test('exits 0 on a fresh dist/, 1 with the file and the fix on a stale one, and writes nothing', () => {
    const { project, synth } = synthesized();
    expect(synth.code).toBe(0);
    const fresh = npm(project, 'synth', '--', '--check');
    expect(fresh).toMatchObject({ code: 0, stderr: '' });
    expect(fresh.stdout).toContain('dist/ is up to date');

    const file = path.join(project, 'config', 'example.yaml');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('targetRevision: main', 'targetRevision: release-1'));
    const before = fs.readFileSync(path.join(project, 'dist', 'example', 'argocd', 'bootstrap.k8s.yaml'), 'utf8');
    const stale = npm(project, 'synth', '--', '--check');
    expect(stale.code).toBe(1);
    expect(stale.stderr).toContain('dist/example/argocd/bootstrap.k8s.yaml: differs from a fresh synth');
    expect(stale.stderr).toContain('dist/example/argocd/apps/workloads.k8s.yaml: differs from a fresh synth');
    expect(stale.stderr).toContain('Fix: run `npm run synth` and commit dist/');
    expect(fs.readFileSync(path.join(project, 'dist', 'example', 'argocd', 'bootstrap.k8s.yaml'), 'utf8')).toBe(before);

    expect(npm(project, 'synth').code).toBe(0);
    expect(npm(project, 'synth', '--', '--check').code).toBe(0);
  }, 60000);

  test('dist/<env>/ top level = the numbered manifests kubectl applies in name order; Argo CD and Helm files sit in sub-folders', () => {
    // The project the test above may have left with another targetRevision: the file layout does not depend on it.
    const { project, synth } = synthesized();
    expect(synth.code).toBe(0);
    const dir = path.join(project, 'dist', 'example');
    // `kubectl apply -f <dir>` (no -R) reads the folder's .yaml/.yml/.json files, not its sub-folders.
    const applied = fs.readdirSync(dir, { withFileTypes: true }).filter((e) => e.isFile() && /\.(ya?ml|json)$/.test(e.name)).map((e) => e.name).sort();
    expect(applied).toEqual(['10-namespaces.k8s.yaml', '20-ingress-controller.k8s.yaml', '25-db-user.k8s.yaml', '30-app.k8s.yaml']);
    expect(fs.readdirSync(path.join(dir, 'argocd', 'apps')).sort()).toEqual(['external-secrets.k8s.yaml', 'metrics-server.k8s.yaml', 'reloader.k8s.yaml', 'workloads.k8s.yaml']);
    expect(fs.readdirSync(path.join(dir, 'helm-values')).sort()).toEqual(['external-secrets.yaml', 'metrics-server.yaml', 'reloader.yaml']);
  }, 60000);
});
