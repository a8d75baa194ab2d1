import * as fs from 'fs';
import * as path from 'path';
import * as lib from '../lib';
import { KUBERNETES_DEFINITIONS, VENDORED_CRDS } from '../lib/guard/schema/validator';
import { ROOT, exampleEnv } from './helpers';

const { ASSETS } = require('../scripts/build-assets.js') as { ASSETS: string[] };

const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  main: string; types: string; exports: Record<string, string | { types: string; default: string }>; files: string[];
};
const buildConfig = JSON.parse(fs.readFileSync(path.join(ROOT, 'tsconfig.build.json'), 'utf8')) as { compilerOptions: { outDir: string; rootDir: string }; include: string[] };

/** The source tsc compiles to a build path (`build/lib/x.js` ← `lib/x.ts`, with rootDir "."). */
function sourceOf(target: string): string {
  const rel = path.relative(buildConfig.compilerOptions.outDir, target.replace(/^\.\//, ''));
  return rel.replace(/\.d\.ts$|\.js$/, '.ts');
}

describe('the package as a library', () => {
  test('main, types and every export point at files `npm run build` emits from lib/', () => {
    expect(buildConfig.compilerOptions.rootDir).toBe('.');
    const targets = [pkg.main, pkg.types, ...Object.entries(pkg.exports).filter(([k]) => k !== './package.json')
      .flatMap(([, v]) => (typeof v === 'string' ? [v] : [v.types, v.default]))];
    for (const target of targets) {
      const source = sourceOf(target);
      expect(fs.existsSync(path.join(ROOT, source))).toBe(true);
      expect(buildConfig.include.some((glob) => source.startsWith(glob.replace('**/*.ts', '')))).toBe(true);
      expect(pkg.files.some((f) => target.replace(/^\.\//, '').startsWith(f))).toBe(true);
    }
    expect(pkg.exports['.']).toEqual({ types: './build/lib/index.d.ts', default: './build/lib/index.js' });
  });

  test('the build copies exactly the files the compiled guard reads, and publishes them', () => {
    expect(ASSETS.map((a) => path.join(ROOT, a)).sort()).toEqual([KUBERNETES_DEFINITIONS, ...VENDORED_CRDS].sort());
    for (const a of ASSETS) expect(pkg.files.some((f) => `build/${a}`.startsWith(f))).toBe(true);
  });

  test('the entry point exports constructs, loader, synth, guard and the workload API, and they work together', () => {
    const env = lib.loadEnvironment('example', { configDir: path.join(ROOT, 'config') });
    const module: lib.WorkloadModule = {
      name: 'orders',
      build: (chart, ctx) => { new lib.WebService(chart, 'Orders', { name: 'orders', namespace: 'shop', image: 'fra.ocir.io/ns/orders:1.0.0', scheduling: ctx.scheduling }); },
    };
    const out = lib.synthesizeEnvironment(env, [module]);
    const objects = out.manifests.flatMap((m) => m.objects);
    expect(lib.passed(lib.guardObjects(objects, { virtualNodeLabels: { [env.virtualNodePool.nodeLabel.key]: env.virtualNodePool.nodeLabel.value } }))).toBe(true);
    expect(lib.guardSynthCheck(exampleEnv(), objects)).toEqual([]);
    for (const name of ['main', 'synth', 'checkFreshness', 'Worker', 'VirtualNodeDeployment', 'WorkloadNamespace', 'ingressNamespaces', 'applySyncPolicy', 'PropsError', 'SynthError', 'ConfigError']) {
      expect(typeof (lib as Record<string, unknown>)[name]).toBe('function');
    }
  });

  test('the jest matcher is an entry point of its own: importing the library registers nothing with jest', () => {
    expect(lib).not.toHaveProperty('toPassGuard');
    expect(pkg.exports['./jest']).toEqual({ types: './build/lib/guard/jest.d.ts', default: './build/lib/guard/jest.js' });
  });
});
