import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as yaml from 'js-yaml';
import { removeTempProject, scratchDir, snapshotTree, tempProject } from '../helpers';

function run(cwd: string, command: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  const base: NodeJS.ProcessEnv = { ...process.env, CI: 'true', ...env };
  delete base.CDK8S_CHECK_UPGRADE; // what scripts/cdk8s.js sets is part of what is tested
  const r = spawnSync(command, args, { cwd, encoding: 'utf8', env: base, timeout: 60000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** No stack trace: no "    at fn (file:line)" frames and no uncaught "Error:" line. */
function expectNoStackTrace(stderr: string): void {
  expect(stderr).not.toMatch(/^\s+at .+:\d+/m);
  expect(stderr).not.toMatch(/^(\w*Error): /m);
}

/**
 * One throw-away project for the file, synthesized by `npm run synth` as a user's first step; every command below runs
 * there (a test that edits the config puts it back). One project means one bundle built and one npm synth, not three.
 */
let shared: { project: string; npm: ReturnType<typeof run>; viaNpm: Record<string, string> } | undefined;
function synthesized(): NonNullable<typeof shared> {
  if (shared === undefined) {
    const project = tempProject();
    const npm = run(project, 'npm', ['run', '-s', 'synth']);
    shared = { project, npm, viaNpm: snapshotTree(path.join(project, 'dist')) };
  }
  return shared;
}
afterAll(() => {
  if (shared !== undefined) removeTempProject(shared.project);
});

describe('the real synth commands', () => {
  test('`npm run synth` and `npx cdk8s synth` produce the same dist/; npx runs the CLI without its upgrade check', () => {
    const { project, npm, viaNpm } = synthesized();
    expect(npm.stderr).toBe('');
    expect(npm.code).toBe(0);
    expect(Object.keys(viaNpm)).toContain('example/30-app.k8s.yaml');

    fs.rmSync(path.join(project, 'dist'), { recursive: true });
    // A fresh HOME: the CLI's upgrade check (offline: a stack trace before our code runs) caches the
    // registry's answer in ~/.cdk8s-cli.version whenever it runs; scripts/cdk8s.js turns it off.
    const home = scratchDir('okevn-home-');
    const cli = run(project, 'npx', ['cdk8s', 'synth'], { HOME: home, npm_config_cache: path.join(os.homedir(), '.npm') });
    expect(cli.code).toBe(0);
    expectNoStackTrace(cli.stderr);
    expect(fs.existsSync(path.join(home, '.cdk8s-cli.version'))).toBe(false);
    expect(snapshotTree(path.join(project, 'dist'))).toEqual(viaNpm);
    // The CLI's own output folder holds the same manifests, so its listing and validations see them.
    expect(snapshotTree(path.join(project, '.cdk8s.out'))).toEqual(viaNpm);
    // The wrapper runs the CLI as its own process, so the CLI reports its own version, not ours.
    const cliVersion = JSON.parse(fs.readFileSync(path.join(project, 'node_modules', 'cdk8s-cli', 'package.json'), 'utf8')).version;
    expect(run(project, process.execPath, ['scripts/cdk8s.js', '--version']).stdout.trim()).toBe(cliVersion);
  }, 60000);

  test('bad config: both commands exit non-zero with the field in the message, and dist/ is untouched', () => {
    const { project, npm: first } = synthesized();
    expect(first.code).toBe(0);
    const before = snapshotTree(path.join(project, 'dist'));
    const file = path.join(project, 'config', 'example.yaml');
    const original = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(file, original.replace('namespace: app', 'namespace: Not_A_Label'));
    try {
      const npm = run(project, 'npm', ['run', '-s', 'synth']);
      expect(npm.code).toBe(1);
      expect(npm.stderr).toContain('app.namespace (got "Not_A_Label") must be a DNS label');
      expect(snapshotTree(path.join(project, 'dist'))).toEqual(before);

      const cli = run(project, 'npx', ['cdk8s', 'synth']);
      expect(cli.code).toBe(1);
      expect(cli.stderr).toContain('app.namespace');
      expectNoStackTrace(cli.stderr);
      expect(snapshotTree(path.join(project, 'dist'))).toEqual(before);
    } finally {
      fs.writeFileSync(file, original);
    }
  }, 60000);

  test('`npx cdk8s synth --stdout` prints the manifests only, as valid multi-document YAML, in apply order', () => {
    const { project } = synthesized();
    const cli = run(project, 'npx', ['cdk8s', 'synth', '--stdout']);
    expect(cli.stderr).toBe('');
    expect(cli.code).toBe(0);
    const docs = yaml.loadAll(cli.stdout) as Array<{ apiVersion?: string; kind?: string; metadata?: { name?: string } }>;
    const manifests = Object.entries(snapshotTree(path.join(project, 'dist'))).filter(([f]) => f.endsWith('.k8s.yaml'));
    const expected = manifests.flatMap(([, text]) => yaml.loadAll(text));
    expect(docs).toHaveLength(expected.length);
    expect(docs).toEqual(expect.arrayContaining(expected));
    for (const d of docs) expect(typeof d.apiVersion === 'string' && typeof d.kind === 'string').toBe(true);
    expect(docs[0]?.kind).toBe('Namespace');
  }, 60000);
});
