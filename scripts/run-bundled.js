// @ts-check
/**
 * Runs a TypeScript entry point as one esbuild bundle with V8's code cache: `node scripts/run-bundled.js
 * main.ts [args...]`. This is how `npm run synth` (and `npx cdk8s synth`, via cdk8s.yaml) start.
 *
 * Why not tsx or ts-node: synth loads ~5 MB of generated bindings (imports/) and cdk8s-plus-27; through a
 * require hook each of hundreds of modules is resolved, read, transformed or looked up in a cache, and
 * compiled on every run (tsx: ~1.3 s here; ts-node, which also type-checks: ~9 s). A bundle is one file
 * whose compiled code V8 keeps in `bundle.js.v8`, so a warm run only executes. Nothing is type-checked
 * here: `npm run typecheck` does that.
 *
 * The bundle lives in node_modules/.cache/oke-vn-run/<key>/ and is rebuilt (~0.5 s) when any file that
 * went into it changed size or mtime, or when Node, esbuild or this script changed (OKE_VN_RUN_CACHE moves
 * it, e.g. when node_modules is read-only). Set NODE_OPTIONS=--enable-source-maps to see TypeScript lines
 * in stack traces.
 */
const crypto = require('node:crypto');
const fs = require('node:fs');
const Module = require('node:module');
const path = require('node:path');
const vm = require('node:vm');
const { inputOf, isFresh, writeAtomic } = require('./bundle-cache');

/** @param {string} dir */
function nodeModulesCache(dir) {
  return path.join(dir, 'node_modules', '.cache', 'oke-vn-run');
}

/** The project folder: the nearest parent of the entry with a node_modules folder. */
function projectDirOf(/** @type {string} */ entry) {
  for (let dir = path.dirname(entry); ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'node_modules'))) return dir;
    if (path.dirname(dir) === dir) return path.dirname(entry);
  }
}

/** Cache folder of one entry point, keyed by everything that changes the bundle besides its inputs. */
function cacheDirFor(/** @type {string} */ entry) {
  const key = crypto.createHash('sha256')
    .update(entry).update('\0').update(process.version).update('\0')
    .update(require('esbuild/package.json').version).update('\0')
    .update(process.sourceMapsEnabled ? 'source maps' : 'no source maps').update('\0')
    .update(fs.readFileSync(__filename))
    .digest('hex').slice(0, 16);
  return path.join(process.env.OKE_VN_RUN_CACHE ?? nodeModulesCache(projectDirOf(entry)), key);
}

/**
 * esbuild gives every module of a bundle the bundle's own `__dirname`. Our modules that read files beside
 * them (the guard's schemas, its README) get their real folder back, as under Node's own loader.
 * @returns {import('esbuild').Plugin}
 */
function keepDirname() {
  return {
    name: 'keep-dirname',
    setup(build) {
      build.onLoad({ filter: /\.ts$/ }, (args) => {
        if (args.path.includes(`${path.sep}node_modules${path.sep}`)) return undefined;
        const source = fs.readFileSync(args.path, 'utf8');
        if (!/\b__(dirname|filename)\b/.test(source)) return undefined;
        // On the first line, so line numbers (and source maps) stay as they are.
        const prelude = `var __dirname = ${JSON.stringify(path.dirname(args.path))}, __filename = ${JSON.stringify(args.path)}; `;
        return { contents: prelude + source, loader: 'ts' };
      });
    },
  };
}

/** Writes a cache file atomically; a failure only costs time (a read-only node_modules still runs, from memory). */
function writeCache(/** @type {string} */ file, /** @type {string | Uint8Array} */ data) {
  try {
    writeAtomic(file, data);
  } catch {
    // The cache only saves time.
  }
}

/** Bundles the entry; resolves to the code (also written to `bundle`, with its map and manifest). */
async function build(/** @type {string} */ entry, /** @type {string} */ bundle, /** @type {string} */ manifest) {
  const esbuild = require('esbuild');
  let result;
  try {
    result = await esbuild.build({
      entryPoints: [entry], outfile: bundle, bundle: true, platform: 'node', format: 'cjs', target: `node${process.versions.node.split('.')[0]}`,
      // A map doubles the build (~0.4 s) and only serves stack traces: built when Node will use it.
      sourcemap: process.sourceMapsEnabled ? 'linked' : false, metafile: true, write: false, logLevel: 'silent', plugins: [keepDirname()],
    });
  } catch (e) {
    const errors = /** @type {{ errors?: import('esbuild').Message[] }} */ (e).errors ?? [];
    const text = esbuild.formatMessagesSync(errors, { kind: 'error', color: false }).join('\n');
    process.stderr.write(`error: cannot bundle ${path.relative(process.cwd(), entry)}\n${text || String(e)}\n`);
    process.exit(1);
  }
  const code = result.outputFiles.find((f) => f.path === bundle)?.text ?? '';
  const map = result.outputFiles.find((f) => f.path === `${bundle}.map`);
  const cwd = process.cwd();
  const inputs = Object.keys(result.metafile?.inputs ?? {}).map((rel) => inputOf(path.resolve(cwd, rel)));
  pruneOtherBuilds(entry, path.dirname(bundle));
  writeCache(bundle, code);
  if (map) writeCache(`${bundle}.map`, map.contents);
  try { fs.rmSync(`${bundle}.v8`, { force: true }); } catch { /* stale code cache is rejected by V8 anyway */ }
  writeCache(manifest, JSON.stringify({ entry, inputs }));
  return code;
}

/** Removes earlier builds of the same entry (another Node, esbuild or launcher version), so the cache stays one per entry. */
function pruneOtherBuilds(/** @type {string} */ entry, /** @type {string} */ keep) {
  const root = path.dirname(keep);
  for (const name of fs.existsSync(root) ? fs.readdirSync(root) : []) {
    const dir = path.join(root, name);
    if (dir === keep) continue;
    try {
      if (JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')).entry === entry) fs.rmSync(dir, { recursive: true, force: true });
    } catch {
      // Not a build of ours, or being written by a concurrent run: leave it.
    }
  }
}

/** Runs the bundle as a CommonJS module, with V8's code cache when there is one. */
function run(/** @type {string} */ bundle, /** @type {string} */ code) {
  const codeCache = `${bundle}.v8`;
  if (process.sourceMapsEnabled && fs.existsSync(bundle)) {
    // Node maps stack traces only for modules its own loader compiled (so from the file, not from memory).
    require(bundle);
    return;
  }
  /** @type {Buffer | undefined} */
  let cachedData;
  try { cachedData = fs.readFileSync(codeCache); } catch { cachedData = undefined; }
  const script = new vm.Script(Module.wrap(code), { filename: bundle, cachedData });
  // JSDoc cast: under node16 resolution TypeScript types a CommonJS file's `module` as just `{ exports }`.
  const mod = new Module(bundle, /** @type {Module} */ (/** @type {unknown} */ (module)));
  mod.filename = bundle;
  const localRequire = Module.createRequire(bundle);
  // Taken at exit, after the run: V8 compiles functions lazily, and only ones compiled by then are cached.
  if (cachedData === undefined || script.cachedDataRejected === true) {
    process.once('exit', () => writeCache(codeCache, script.createCachedData()));
  }
  script.runInThisContext()(mod.exports, localRequire, mod, bundle, path.dirname(bundle));
}

async function main() {
  const [arg] = process.argv.splice(2, 1);
  if (arg === undefined) {
    process.stderr.write('usage: node scripts/run-bundled.js <entry.ts> [args...]\n');
    process.exit(2);
  }
  const entry = fs.realpathSync(path.resolve(arg));
  process.argv[1] = entry;
  const dir = cacheDirFor(entry);
  const bundle = path.join(dir, 'bundle.js');
  const manifest = path.join(dir, 'manifest.json');
  let code;
  if (isFresh(manifest)) {
    try { code = fs.readFileSync(bundle, 'utf8'); } catch { code = undefined; }
  }
  run(bundle, code ?? await build(entry, bundle, manifest));
}

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
  process.exit(1);
});
