/** `npm run diagram` (the real command): the file it writes is byte for byte the one the synth writes beside the manifests. */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { synth } from '../../lib/synth/run';
import { ROOT, scratchDir, tempConfig } from '../helpers';

describe('architecture.svg', () => {
  test('the synth writes it beside the manifests, byte for byte what `npm run diagram` writes', () => {
    const t = tempConfig();
    synth({ configDir: t.configDir, outDir: t.outDir });
    const fromSynth = fs.readFileSync(path.join(t.outDir, 'example', 'architecture.svg'), 'utf8');
    const out = scratchDir('okevn-diagram-');
    const r = spawnSync('npm', ['run', '-s', 'diagram', '--', '--env', 'example', '--config', t.configDir, '--out', out], { cwd: ROOT, encoding: 'utf8', timeout: 60000 });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(`  ${path.join(out, 'example', 'architecture.svg')}\n`);
    expect(fs.readFileSync(path.join(out, 'example', 'architecture.svg'), 'utf8')).toBe(fromSynth);
    expect(fs.readdirSync(path.join(out, 'example'))).toEqual(['architecture.svg']);
  }, 60000);
});
