import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { ROOT, scratchDir } from '../helpers';

describe('npm run import', () => {
  test('regenerates the committed imports/ byte for byte from the vendored schema and CRDs, offline', () => {
    const dir = scratchDir('okevn-import-');
    for (const f of ['cdk8s.yaml', 'package.json']) fs.copyFileSync(path.join(ROOT, f), path.join(dir, f));
    for (const f of ['crds', 'schemas', 'scripts', 'node_modules']) fs.symlinkSync(path.join(ROOT, f), path.join(dir, f));
    const r = spawnSync('npm', ['run', '-s', 'import'], { cwd: dir, encoding: 'utf8', timeout: 60000 });
    expect(r.status).toBe(0);
    for (const f of fs.readdirSync(path.join(ROOT, 'imports'))) {
      expect(fs.readFileSync(path.join(dir, 'imports', f), 'utf8') === fs.readFileSync(path.join(ROOT, 'imports', f), 'utf8')).toBe(true);
    }
    expect(fs.readdirSync(path.join(dir, 'imports')).sort()).toEqual(['argoproj.io.ts', 'external-secrets.io.ts', 'k8s.ts']);
  }, 60000);
});
