/** Scratch folders: made under the OS temp folder, gone when the test file ends. */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { testApp } from '../helpers';
import { removeScratchDirs, scratchDir } from './scratch';

describe('scratchDir', () => {
  let fromEarlierTest = '';

  test('makes a new empty folder under the OS temp folder, named after the prefix', () => {
    const a = scratchDir('okevn-scratch-');
    const b = scratchDir('okevn-scratch-');
    expect(a).not.toBe(b);
    for (const dir of [a, b]) {
      expect(path.dirname(dir)).toBe(os.tmpdir());
      expect(path.basename(dir)).toMatch(/^okevn-scratch-/);
      expect(fs.readdirSync(dir)).toEqual([]);
    }
    fromEarlierTest = a;
  });

  test('its folders live until the file ends, not just the test; removeScratchDirs takes them and their contents', () => {
    expect(fs.existsSync(fromEarlierTest)).toBe(true);
    const dir = scratchDir('okevn-scratch-');
    fs.mkdirSync(path.join(dir, 'config'));
    fs.writeFileSync(path.join(dir, 'config', 'example.yaml'), 'name: example\n');
    removeScratchDirs();
    expect(fs.existsSync(dir)).toBe(false);
    expect(fs.existsSync(fromEarlierTest)).toBe(false);
    removeScratchDirs();
  });

  test('cdk8s test apps put their output folder in one', () => {
    const outdir = testApp().outdir;
    expect(path.basename(outdir)).toMatch(/^cdk8s\.outdir\./);
    removeScratchDirs();
    expect(fs.existsSync(outdir)).toBe(false);
  });
});
