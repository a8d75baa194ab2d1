import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const LAUNCHER = path.resolve(__dirname, '..', '..', 'scripts', 'run-bundled.js');

/** A throwaway project: an entry point importing a module that reads a file beside it. */
function project() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'okevn-run-bundled-'));
  const cache = path.join(dir, 'cache');
  fs.mkdirSync(path.join(dir, 'src', 'lib'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'src', 'lib', 'data.txt'), 'beside the module');
  fs.writeFileSync(path.join(dir, 'src', 'lib', 'greeting.ts'), [
    "import * as fs from 'fs';",
    "import * as path from 'path';",
    "export const greeting: string = 'hello';",
    "export const beside = (): string => fs.readFileSync(path.join(__dirname, 'data.txt'), 'utf8');",
    'export const where = (): string => __dirname;',
    "export function fail(): never { throw new Error('failed on purpose'); }",
  ].join('\n'));
  fs.writeFileSync(path.join(dir, 'src', 'main.ts'), [
    "import { beside, fail, greeting, where } from './lib/greeting';",
    "if (process.argv.includes('--fail')) fail();",
    'console.log(JSON.stringify({ greeting, beside: beside(), where: where(), args: process.argv.slice(2), entry: process.argv[1] }));',
    'process.exitCode = 3;',
  ].join('\n'));
  const runWith = (nodeOptions: string, args: string[]) => {
    const r = spawnSync(process.execPath, [LAUNCHER, path.join(dir, 'src', 'main.ts'), ...args], {
      cwd: dir, encoding: 'utf8', env: { ...process.env, OKE_VN_RUN_CACHE: cache, NODE_OPTIONS: nodeOptions }, timeout: 30000,
    });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr, out: r.status === 3 ? JSON.parse(r.stdout) as Record<string, unknown> : undefined };
  };
  const run = (...args: string[]) => runWith('', args);
  const cacheFile = (name: string) => {
    const [key] = fs.readdirSync(cache);
    return path.join(cache, key!, name);
  };
  return { dir, run, runWith, cache, cacheFile, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

describe('scripts/run-bundled.js (how `npm run synth` starts)', () => {
  test('runs the entry with its arguments and exit code; modules keep their own __dirname', () => {
    const p = project();
    try {
      const r = p.run('--env', 'example');
      expect(r.stderr).toBe('');
      expect(r.code).toBe(3);
      expect(r.out).toEqual({
        greeting: 'hello', beside: 'beside the module', where: fs.realpathSync(path.join(p.dir, 'src', 'lib')),
        args: ['--env', 'example'], entry: fs.realpathSync(path.join(p.dir, 'src', 'main.ts')),
      });
    } finally { p.cleanup(); }
  });

  test('a warm run reuses the bundle and its V8 code cache; a changed input rebuilds it', () => {
    const p = project();
    try {
      p.run();
      expect(fs.existsSync(p.cacheFile('bundle.js.v8'))).toBe(true);
      const bundleMtime = fs.statSync(p.cacheFile('bundle.js')).mtimeMs;
      const codeCacheMtime = fs.statSync(p.cacheFile('bundle.js.v8')).mtimeMs;
      expect(p.run().out?.greeting).toBe('hello');
      expect(fs.statSync(p.cacheFile('bundle.js')).mtimeMs).toBe(bundleMtime);
      expect(fs.statSync(p.cacheFile('bundle.js.v8')).mtimeMs).toBe(codeCacheMtime);

      // An imported module (not the entry) changes: the manifest catches it.
      const module = path.join(p.dir, 'src', 'lib', 'greeting.ts');
      fs.writeFileSync(module, fs.readFileSync(module, 'utf8').replace("'hello'", "'changed'"));
      expect(p.run().out?.greeting).toBe('changed');
      expect(fs.readFileSync(p.cacheFile('bundle.js'), 'utf8')).toContain('changed');
    } finally { p.cleanup(); }
  });

  test('stack traces name the TypeScript file and line when Node maps them; one build per entry is kept', () => {
    const p = project();
    try {
      expect(p.run('--fail').stderr).not.toMatch(/greeting\.ts:\d+/);
      const mapped = p.runWith('--enable-source-maps', ['--fail']);
      expect(mapped.code).toBe(1);
      expect(mapped.stderr).toContain('failed on purpose');
      expect(mapped.stderr).toMatch(/src\/lib\/greeting\.ts:6:\d+/);
      // The mapped build replaced the plain one: the cache holds one build of this entry.
      expect(fs.readdirSync(p.cache)).toHaveLength(1);
      expect(fs.existsSync(p.cacheFile('bundle.js.map'))).toBe(true);
    } finally { p.cleanup(); }
  });

  test('a damaged cache is rebuilt, not trusted', () => {
    const p = project();
    try {
      p.run();
      fs.writeFileSync(p.cacheFile('bundle.js.v8'), 'not a code cache');
      fs.rmSync(p.cacheFile('manifest.json'));
      expect(p.run().out?.greeting).toBe('hello');
      expect(JSON.parse(fs.readFileSync(p.cacheFile('manifest.json'), 'utf8')).inputs.length).toBe(2);
    } finally { p.cleanup(); }
  });

  test('TypeScript that does not parse: exit 1 naming the file and line, nothing cached', () => {
    const p = project();
    try {
      fs.writeFileSync(path.join(p.dir, 'src', 'lib', 'greeting.ts'), 'export const greeting: string = ;\n');
      const r = p.run();
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/cannot bundle .*main\.ts/);
      expect(r.stderr).toContain('[ERROR] Unexpected ";"');
      expect(r.stderr).toMatch(/src\/lib\/greeting\.ts:1:\d+/);
      expect(fs.existsSync(path.join(p.dir, 'cache'))).toBe(false);
    } finally { p.cleanup(); }
  });

  test('without an entry point: usage and exit 2', () => {
    const r = spawnSync(process.execPath, [LAUNCHER], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('usage: node scripts/run-bundled.js <entry.ts>');
  });
});
