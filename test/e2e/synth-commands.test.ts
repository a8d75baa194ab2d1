import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { snapshotTree, tempProject } from '../helpers';

function run(cwd: string, command: string, args: string[]) {
  const r = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, CDK8S_CHECK_UPGRADE: 'false', CI: 'true' }, timeout: 60000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('the real synth commands', () => {
  test('`npm run synth` and `npx cdk8s synth` produce the same dist/', () => {
    const project = tempProject();
    const npm = run(project, 'npm', ['run', '-s', 'synth']);
    expect(npm.stderr).toBe('');
    expect(npm.code).toBe(0);
    const viaNpm = snapshotTree(path.join(project, 'dist'));
    expect(Object.keys(viaNpm)).toContain('example/30-app.k8s.yaml');

    fs.rmSync(path.join(project, 'dist'), { recursive: true });
    const cli = run(project, 'npx', ['cdk8s', 'synth']);
    expect(cli.code).toBe(0);
    expect(snapshotTree(path.join(project, 'dist'))).toEqual(viaNpm);
    // The CLI's own output folder holds the same manifests, so its listing and validations see them.
    expect(snapshotTree(path.join(project, '.cdk8s.out'))).toEqual(viaNpm);
  }, 60000);

  test('bad config: both commands exit non-zero with the field in the message, and dist/ is untouched', () => {
    const project = tempProject();
    expect(run(project, 'npm', ['run', '-s', 'synth']).code).toBe(0);
    const before = snapshotTree(path.join(project, 'dist'));
    const file = path.join(project, 'config', 'example.yaml');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('namespace: app', 'namespace: Not_A_Label'));

    const npm = run(project, 'npm', ['run', '-s', 'synth']);
    expect(npm.code).toBe(1);
    expect(npm.stderr).toContain('app.namespace (got "Not_A_Label") must be a DNS label');
    expect(snapshotTree(path.join(project, 'dist'))).toEqual(before);

    const cli = run(project, 'npx', ['cdk8s', 'synth']);
    expect(cli.code).not.toBe(0);
    expect(cli.stderr).toContain('app.namespace');
    expect(snapshotTree(path.join(project, 'dist'))).toEqual(before);
  }, 60000);
});
