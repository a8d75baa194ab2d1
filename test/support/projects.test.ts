/** The two test commands the README documents, and the split between them, stay as documented. */
import * as fs from 'fs';
import * as path from 'path';
import { FULL } from './buckets';
import { full, quick, run } from './jest-projects';

const ROOT = path.resolve(__dirname, '..', '..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');

function testFiles(dir: string): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = `${dir}/${e.name}`;
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : testFiles(rel);
    return e.name.endsWith('.test.ts') ? [rel] : [];
  });
}

describe('the test projects', () => {
  test('every file the full list names exists, once, and the quick project skips exactly those', () => {
    const all = [...testFiles('test'), ...testFiles('app/test')];
    for (const f of FULL) expect(all).toContain(f);
    expect(new Set(FULL).size).toBe(FULL.length);
    expect(full.testMatch).toEqual(FULL.map((f) => `<rootDir>/${f}`));
    expect(quick.testPathIgnorePatterns).toEqual(['/node_modules/', ...FULL.map((f) => `<rootDir>/${f}`)]);
  });

  test('the quick project is fenced and the full one is not; both remove a file\'s scratch folders when it ends', () => {
    expect(quick.setupFilesAfterEnv).toEqual(['<rootDir>/test/support/fence-on.js', '<rootDir>/test/support/scratch-cleanup.js']);
    expect(full.setupFilesAfterEnv).toEqual(['<rootDir>/test/support/fence-off.js', '<rootDir>/test/support/scratch-cleanup.js']);
  });

  test('the README\'s commands are the package scripts: npm test type-checks and runs both, test:quick the quick one', () => {
    expect(readme).toContain('npm run test:quick');
    expect(readme).toMatch(/^npm test\s+#/m);
    expect(pkg.scripts['test']).toBe('npm run -s typecheck && jest');
    expect(pkg.scripts['test:quick']).toBe('jest --config jest.quick.config.js');
    // The run exits by itself: a forced exit would hide a leaked handle.
    expect(run).not.toHaveProperty('forceExit');
    expect(fs.readFileSync(path.join(ROOT, 'jest.config.js'), 'utf8')).not.toMatch(/forceExit/);
  });
});
