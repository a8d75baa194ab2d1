import * as fs from 'fs';
import * as path from 'path';
import { main } from '../../lib/synth/cli';
import { synth } from '../../lib/synth/run';
import { snapshotTree, tempConfig } from '../helpers';

function captureStderr(fn: () => number): { code: number; stderr: string } {
  const chunks: string[] = [];
  const out = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
  const err = jest.spyOn(process.stderr, 'write').mockImplementation((c: string | Uint8Array) => {
    chunks.push(String(c));
    return true;
  });
  try {
    return { code: fn(), stderr: chunks.join('') };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

describe('synth', () => {
  test('is deterministic: two runs give byte-identical trees', () => {
    const t = tempConfig();
    synth({ configDir: t.configDir, outDir: t.outDir });
    const first = snapshotTree(t.outDir);
    synth({ configDir: t.configDir, outDir: `${t.outDir}2` });
    expect(snapshotTree(`${t.outDir}2`)).toEqual(first);
    expect(Object.keys(first).sort()).toEqual([
      'example/10-namespaces.k8s.yaml', 'example/20-ingress-controller.k8s.yaml', 'example/25-db-user.k8s.yaml', 'example/30-app.k8s.yaml',
      'example/architecture.svg',
      'example/argocd/apps/external-secrets.k8s.yaml', 'example/argocd/apps/metrics-server.k8s.yaml', 'example/argocd/apps/reloader.k8s.yaml', 'example/argocd/apps/workloads.k8s.yaml',
      'example/argocd/bootstrap.k8s.yaml',
      'example/helm-values/external-secrets.yaml', 'example/helm-values/metrics-server.yaml', 'example/helm-values/reloader.yaml',
    ]);
    expect(JSON.stringify(first)).not.toMatch(/20\d\d-\d\d-\d\dT/); // no timestamps
  });

  test('writes one folder per environment and drops environments no longer configured', () => {
    const t = tempConfig();
    fs.copyFileSync(path.join(t.configDir, 'example.yaml'), path.join(t.configDir, 'staging.yaml'));
    synth({ configDir: t.configDir, outDir: t.outDir });
    expect(fs.readdirSync(t.outDir).sort()).toEqual(['example', 'staging']);
    fs.rmSync(path.join(t.configDir, 'staging.yaml'));
    synth({ configDir: t.configDir, outDir: t.outDir });
    expect(fs.readdirSync(t.outDir)).toEqual(['example']);
  });

  test('--env rewrites only that environment', () => {
    const t = tempConfig();
    fs.copyFileSync(path.join(t.configDir, 'example.yaml'), path.join(t.configDir, 'staging.yaml'));
    synth({ configDir: t.configDir, outDir: t.outDir });
    fs.writeFileSync(path.join(t.outDir, 'example', 'marker'), 'kept');
    t.edit('staging.yaml', (s) => s.replace('host: app.example.com', 'host: staging.example.com'));
    expect(captureStderr(() => main(['--env', 'staging', '--config', t.configDir, '--out', t.outDir])).code).toBe(0);
    expect(fs.readFileSync(path.join(t.outDir, 'example', 'marker'), 'utf8')).toBe('kept');
    expect(fs.readFileSync(path.join(t.outDir, 'staging', '30-app.k8s.yaml'), 'utf8')).toContain('host: staging.example.com');
  });

  const badInputs: ReadonlyArray<readonly [string, (s: string) => string, string]> = [
    ['malformed OCID', (s) => s.replace(/tenancyId: \S+/, 'tenancyId: ocid1.tenancy.oc1..x'), 'oci.tenancyId'],
    ['unknown key', (s) => s.replace('targetCpuUtilization: 70', 'targetCpuUtilisation: 70'), 'app.autoscaling.targetCpuUtilisation'],
    ['min replicas > max', (s) => s.replace('maxReplicas: 6', 'maxReplicas: 1'), 'app.autoscaling'],
    ['image tag latest', (s) => s.replace('tag: "0.1.0"', 'tag: latest'), 'app.image.tag'],
    ['YAML syntax error', (s) => `${s}\n  : : [\n`, 'YAML syntax error'],
  ];

  test.each(badInputs)('a config error (%s) exits 1, names the field, and leaves dist/ byte-for-byte as it was', (_n, edit, field) => {
    const t = tempConfig();
    synth({ configDir: t.configDir, outDir: t.outDir });
    const before = snapshotTree(t.outDir);
    t.edit('example.yaml', edit);
    const { code, stderr } = captureStderr(() => main(['--config', t.configDir, '--out', t.outDir]));
    expect(code).toBe(1);
    expect(stderr).toContain(field);
    expect(snapshotTree(t.outDir)).toEqual(before);
    expect(fs.readdirSync(path.dirname(t.outDir)).filter((f) => f.includes('staging') || f.includes('-old-'))).toEqual([]);
  });

  test('a failing object check stops the synth before anything is written', () => {
    const t = tempConfig();
    synth({ configDir: t.configDir, outDir: t.outDir });
    const before = snapshotTree(t.outDir);
    t.edit('example.yaml', (s) => s.replace('host: app.example.com', 'host: changed.example.com'));
    expect(() => synth({ configDir: t.configDir, outDir: t.outDir, checks: [(_env, objects) => objects.filter((o) => o.kind === 'Ingress').map(() => 'Ingress found')] }))
      .toThrow(/^synth stopped, dist\/ left as it was; the synthesized objects break rules: example: Ingress found$/);
    expect(snapshotTree(t.outDir)).toEqual(before);
  });

  test('usage errors exit 2', () => {
    expect(captureStderr(() => main(['--bogus'])).code).toBe(2);
  });
});
