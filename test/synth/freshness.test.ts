import * as fs from 'fs';
import * as path from 'path';
import { checkFreshness, formatStale } from '../../lib/synth/freshness';
import { synth } from '../../lib/synth/run';
import { CONFIG_DIR, ROOT, tempConfig } from '../helpers';

describe('dist/ freshness', () => {
  test('the committed dist/ is exactly what a fresh synth of config/ gives', () => {
    const outDir = path.relative(process.cwd(), path.join(ROOT, 'dist')) || 'dist';
    const stale = checkFreshness({ configDir: CONFIG_DIR, outDir });
    // Fails with the file list and the fix (npm run synth, commit dist/) when someone forgot to re-synth.
    if (stale.length > 0) throw new Error(formatStale(stale, outDir));
  });

  test('passes on a fresh synth', () => {
    const t = tempConfig();
    synth({ configDir: t.configDir, outDir: t.outDir });
    expect(checkFreshness({ configDir: t.configDir, outDir: t.outDir })).toEqual([]);
  });

  test('a stale dist/ fails, naming each file, how it differs, and the fix', () => {
    const t = tempConfig();
    synth({ configDir: t.configDir, outDir: t.outDir });
    const file = (rel: string) => path.join(t.outDir, 'example', rel);
    // A config change that was not re-synthesized, a deleted file, a hand-edited file and a leftover.
    t.edit('example.yaml', (s) => s.replace('host: app.example.com', 'host: shop.example.com'));
    fs.rmSync(file('helm-values/metrics-server.yaml'));
    fs.writeFileSync(file('argocd/bootstrap.k8s.yaml'), fs.readFileSync(file('argocd/bootstrap.k8s.yaml'), 'utf8').replace('targetRevision: main', 'targetRevision: dev'));
    fs.writeFileSync(file('99-old.k8s.yaml'), 'kind: ConfigMap\n');

    const stale = checkFreshness({ configDir: t.configDir, outDir: t.outDir });
    expect(stale.map((s) => [path.relative(t.outDir, s.file), s.problem])).toEqual([
      ['example/30-app.k8s.yaml', 'differs'],
      ['example/99-old.k8s.yaml', 'extra'],
      // The picture shows the host too: a stale picture is caught like a stale manifest.
      ['example/architecture.svg', 'differs'],
      ['example/argocd/bootstrap.k8s.yaml', 'differs'],
      ['example/helm-values/metrics-server.yaml', 'missing'],
    ]);
    const app = fs.readFileSync(file('30-app.k8s.yaml'), 'utf8').split('\n');
    expect(app[(stale[0]?.line as number) - 1]).toContain('app.example.com');

    const message = formatStale(stale, 'dist');
    expect(message).toContain('dist/ is stale: 5 file(s) differ from a fresh synth');
    expect(message).toContain(`${file('30-app.k8s.yaml')}: differs from a fresh synth (first difference at line ${stale[0]?.line})`);
    expect(message).toContain(`${file('helm-values/metrics-server.yaml')}: missing`);
    expect(message).toContain(`${file('99-old.k8s.yaml')}: not produced by the synth any more`);
    expect(message).toContain('Fix: run `npm run synth` and commit dist/');

    synth({ configDir: t.configDir, outDir: t.outDir });
    expect(checkFreshness({ configDir: t.configDir, outDir: t.outDir })).toEqual([]);
  });

  test('an environment folder no longer configured is reported; --env limits the check to that environment', () => {
    const t = tempConfig();
    fs.copyFileSync(path.join(t.configDir, 'example.yaml'), path.join(t.configDir, 'staging.yaml'));
    synth({ configDir: t.configDir, outDir: t.outDir });
    fs.rmSync(path.join(t.configDir, 'staging.yaml'));
    const stale = checkFreshness({ configDir: t.configDir, outDir: t.outDir });
    expect(stale.length).toBeGreaterThan(0);
    expect(stale.every((s) => s.problem === 'extra' && s.file.startsWith(path.join(t.outDir, 'staging')))).toBe(true);
    expect(checkFreshness({ configDir: t.configDir, outDir: t.outDir, environments: ['example'] })).toEqual([]);
  });
});
