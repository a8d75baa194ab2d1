/** End to end: `npm run guard` over real files, its output and its exit codes. */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FIXTURES, GOOD_DIR } from './fixtures';

const ROOT = path.resolve(__dirname, '..', '..');

/** What `npm run guard` runs (package.json); the tests below run it as a process of its own, without npm's start-up. */
const GUARD_COMMAND = ['scripts/run-bundled.js', 'lib/guard/cli.ts'];

function guard(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [...GUARD_COMMAND, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The README's command itself, through npm: exit code and output as a user sees them. */
function npmRunGuard(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync('npm', ['run', '-s', 'guard', '--', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

it('npm run guard is node running that command', () => {
  const scripts = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
  expect(scripts.guard).toBe(`node ${GUARD_COMMAND.join(' ')}`);
});

const rel = (p: string): string => path.relative(ROOT, p);

it('passes the compliant set with exit code 0', () => {
  const r = npmRunGuard(rel(GOOD_DIR));
  expect(r.stdout).toBe('guard: PASS: 15 objects, 0 violations, 0 opt-outs, 0 input problems\n');
  expect(r.status).toBe(0);
});

it('prints every violation with file, document index, rule, object, path and fix, and exits 1', () => {
  const file = rel(path.join(FIXTURES, 'bad', 'traefik-chart-defaults.yaml'));
  const r = npmRunGuard(file);
  expect(r.status).toBe(1);
  const lines = r.stdout.trim().split('\n');
  expect(lines).toContain(`${file}#0: [vn-pod-termination-grace-period] Deployment traefik/traefik: spec.template.spec.terminationGracePeriodSeconds: terminationGracePeriodSeconds is set (60); virtual nodes reject a value other than the default 30; the process must finish its shutdown within 30 s (fix: remove terminationGracePeriodSeconds from the pod spec)`);
  expect(lines.filter((l) => l.startsWith(`${file}#1: [vn-daemonset] DaemonSet logging/fluent-bit: kind:`))).toHaveLength(1);
  expect(lines[lines.length - 1]).toBe('guard: FAIL: 2 objects, 16 violations, 0 opt-outs, 0 input problems');
});

it('writes the report as JSON with --format json', () => {
  const r = guard('--format', 'json', rel(path.join(FIXTURES, 'list')));
  expect(r.status).toBe(1);
  const report = JSON.parse(r.stdout) as { objectCount: number; violations: { ruleId: string; path: string; object: { name: string }; source: { file: string; index: number } }[] };
  expect(report.objectCount).toBe(2);
  expect(report.violations.map((v) => [v.ruleId, v.object.name, v.path, v.source.index])).toEqual([['schema', 'two', 'extra', 0]]);
  expect(report.violations[0]?.source.file).toBe(rel(path.join(FIXTURES, 'list', 'configmaps.yaml')));
});

it('reports bad input with file and document index and exits 2', () => {
  const dir = rel(path.join(FIXTURES, 'input-errors'));
  const r = guard(dir);
  expect(r.status).toBe(2);
  expect(r.stdout).toContain(`input error: ${dir}/broken.yaml#1: document 1 is not valid YAML: `);
  expect(r.stdout).toContain(`input error: ${dir}/no-kind.yaml#0: document 0 has no kind`);
  expect(r.stdout).toContain(`input error: ${dir}/unknown-kind.yaml#0: IngressRoute shop/web: unknown kind "IngressRoute"`);
  expect(r.stdout.trim().split('\n').pop()).toBe('guard: INPUT ERROR: 2 objects, 0 violations, 0 opt-outs, 3 input problems');
});

it('rejects bad arguments with usage and exit code 2', () => {
  const r = guard('--format', 'xml', rel(GOOD_DIR));
  expect(r.status).toBe(2);
  expect(r.stderr).toContain('--format must be human or json, not "xml"');
  expect(r.stderr).toContain('usage: npm run guard');
  expect(guard().status).toBe(2);
  expect(guard('nonexistent-dir').stdout).toContain('input error: nonexistent-dir: does not exist or cannot be read');
  const limit = guard('--time-limit', 'soon', rel(GOOD_DIR));
  expect(limit.status).toBe(2);
  expect(limit.stderr).toContain('--time-limit must be a number of seconds above 0, not "soon"');
});

it('accepts extra CRDs with --crd', () => {
  const r = guard('--crd', 'crds/argoproj.io.yaml', rel(path.join(FIXTURES, 'good', 'secrets-and-gitops.yaml')));
  expect(r.status).toBe(0);
});

it('tells what keeps the ingress-nginx manifest Oracle adapted for virtual nodes from running well there', () => {
  const r = guard('--format', 'json', rel(path.join(FIXTURES, 'bad', 'ingress-nginx-oracle-vn.yaml')));
  expect(r.status).toBe(1);
  const report = JSON.parse(r.stdout) as { violations: { ruleId: string; object: { kind: string; name: string } }[] };
  const by: Record<string, string[]> = {};
  for (const v of report.violations) (by[`${v.object.kind} ${v.object.name}`] ??= []).push(v.ruleId);
  expect(by).toEqual({
    'Service ingress-nginx-controller': ['vn-external-traffic-policy-local'],
    'Deployment ingress-nginx-controller': [
      'vn-pod-termination-grace-period', 'vn-requests-equal-limits', 'vn-requests-equal-limits', 'vn-sub-ocpu-cpu',
      'sec-run-as-non-root', 'sec-run-as-user', 'sec-run-as-group', 'sec-read-only-root-fs', 'sec-drop-all-capabilities',
      'sec-no-privilege-escalation', 'sec-resources', 'rel-replicas',
    ],
    'Job ingress-nginx-admission-create': [
      'vn-job-ttl', 'vn-pod-fs-group', 'sec-run-as-user', 'sec-run-as-group', 'sec-read-only-root-fs', 'sec-drop-all-capabilities', 'sec-resources',
    ],
  });
});

it('ends hostile input with exit 2 and a message per file, never a crash, a hang or exit 1', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'guard-hostile-'));
  try {
    const write = (name: string, text: string | Buffer): string => { fs.writeFileSync(path.join(dir, name), text); return path.join(dir, name); };
    const bomb = write('bomb.yaml', ['apiVersion: v1', 'kind: ConfigMap', 'metadata: {name: x}', 'data:', '  a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]',
      ...Array.from({ length: 8 }, (_, i) => `  a${i + 1}: &a${i + 1} [${Array(9).fill(`*a${i}`).join(', ')}]`)].join('\n'));
    const builtIns = write('built-ins.yaml', ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf']
      .map((kind) => `apiVersion: v1\nkind: ${kind}\nmetadata: {name: x}\nspec: {template: {spec: {containers: [{name: c}]}}}\n`).join('---\n'));
    const latin1 = write('latin1.yaml', Buffer.from('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: caf\xe9}\n', 'latin1'));
    const flood = write('flood.yaml', '---\na: 1\n'.repeat(150_000));
    const r = guard(bomb, builtIns, latin1, path.join(latin1, 'x.yaml'), '/dev/zero', flood);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(2);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toEqual([
      `input error: ${path.join(latin1, 'x.yaml')}: does not exist (a folder in its path is a file)`,
      `input error: ${bomb}#0: document 0 expands to more than 1,000,000 YAML nodes (line 11; an alias bomb?); remove the aliases or split the document`,
      `input error: ${latin1}: is not valid UTF-8 (byte 0xe9 at offset 51, line 3); save it as UTF-8`,
      'input error: /dev/zero: is more than 32.0 MiB, above the 32.0 MiB limit; split it into smaller files',
      `input error: ${flood}: reading stopped here: the input holds more than 10,000 YAML documents (the limit per run); guard fewer files at once`,
      ...['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf'].map((kind, i) =>
        `input error: ${builtIns}#${i}: ${kind} x: unknown kind "${kind}" (apiVersion "v1", group ""): no Kubernetes v1.34 or CRD schema validates it; pass its CustomResourceDefinition with --crd <file> (or include the CRD in the input)`),
      'guard: INPUT ERROR: 5 objects, 0 violations, 0 opt-outs, 10 input problems',
    ]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
