// @ts-check
/**
 * jest's node environment plus two savings for the tests that talk to the fake OCI API through the SDK
 * (each measured in CPU seconds over test/bootstrap and test/fake-oci; nothing a test sees changes):
 *
 * - The OCI SDK bundle (test/support/oci-sdk-bundle.js) is compiled once per worker process, with V8's code
 *   cache on disk, and run in each test file's own context: every file still gets its own fresh SDK
 *   instance in its own realm, without compiling ~8 MB of JavaScript again.
 * - The SDK's RSA signing key is parsed once instead of on every request (test/support/sign-key-cache.js).
 * - `globalThis.__okeVnWorkerCache(key, make)` keeps a JSON value per worker process, for test files to share
 *   what is costly to make and never changes (the test signing key pair: test/support/test-key.ts).
 */
const fs = require('node:fs');
const Module = require('node:module');
const path = require('node:path');
const vm = require('node:vm');
const { TestEnvironment } = require('jest-environment-node');
const { LOADER_GLOBAL } = require('./oci-sdk-bundle');
require('./sign-key-cache');

/** @typedef {{ script: vm.Script, writeCache: boolean }} CompiledBundle */

/** Values test files share in this worker process (JSON data, copied into this realm), by key. */
/** @type {Map<string, unknown>} */
const workerValues = new Map();

/** Compiled bundles of this worker process, by file. */
/** @type {Map<string, CompiledBundle>} */
const compiled = new Map();

/** The bundle as one script; with its code cache when there is a usable one. */
function compile(/** @type {string} */ file) {
  let found = compiled.get(file);
  if (found !== undefined) return found;
  /** @type {Buffer | undefined} */
  let cachedData;
  try { cachedData = fs.readFileSync(`${file}.v8`); } catch { cachedData = undefined; }
  const script = new vm.Script(Module.wrap(fs.readFileSync(file, 'utf8')), { filename: file, cachedData });
  found = { script, writeCache: cachedData === undefined || script.cachedDataRejected === true };
  compiled.set(file, found);
  return found;
}

/** Writes the code cache of bundles compiled without one (after a test file ran, so it holds what it compiled). */
function writeCodeCaches() {
  for (const [file, entry] of compiled) {
    if (!entry.writeCache) continue;
    entry.writeCache = false;
    try {
      const tmp = `${file}.v8.${process.pid}.tmp`;
      fs.writeFileSync(tmp, entry.script.createCachedData());
      fs.renameSync(tmp, `${file}.v8`);
    } catch {
      // The cache only saves time.
    }
  }
}

class OkeVnTestEnvironment extends TestEnvironment {
  /**
   * @param {import('@jest/environment').JestEnvironmentConfig} config
   * @param {import('@jest/environment').EnvironmentContext} context
   */
  constructor(config, context) {
    super(config, context);
    const vmContext = this.getVmContext();
    /** Runs the bundle as a CommonJS module of this test file (its `require` is the file's jest require). */
    const run = (/** @type {string} */ file, /** @type {NodeJS.Require} */ requireFromSandbox) => {
      if (vmContext === null) throw new Error('the test environment is torn down');
      const wrapper = compile(file).script.runInContext(vmContext);
      const mod = { exports: {} };
      wrapper.call(mod.exports, mod.exports, requireFromSandbox, mod, file, path.dirname(file));
      return mod.exports;
    };
    Object.defineProperty(this.global, LOADER_GLOBAL, { value: run, configurable: true });
    /** The worker's value for `key`, made (by the calling test file) when there is none yet. */
    const workerCache = (/** @type {string} */ key, /** @type {() => unknown} */ make) => {
      // A copy made here, so the cache holds nothing of the test file's realm once the file is done.
      if (!workerValues.has(key)) workerValues.set(key, JSON.parse(JSON.stringify(make())));
      return workerValues.get(key);
    };
    Object.defineProperty(this.global, '__okeVnWorkerCache', { value: workerCache, configurable: true });
  }

  async teardown() {
    writeCodeCaches();
    await super.teardown();
  }
}

module.exports = OkeVnTestEnvironment;
