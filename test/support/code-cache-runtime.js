/**
 * jest's runtime, compiling each module once per worker instead of once per test file. jest gives every test
 * file its own module registry and context and compiles every module it requires afresh, so a worker parses
 * and compiles cdk8s, cdk8s-plus-27, the generated imports/ and the OCI SDK again for each file. A
 * `vm.Script` is independent of any context: compiled once, it runs in each file's context and yields that
 * context's own module function (new closures, fresh state; V8 shares only the bytecode). Sources that use a
 * dynamic `import()` keep jest's own path, because a Script binds its import callback to the file that
 * compiled it.
 */
const vm = require('vm');

const KEY = Symbol.for('oke-vn.jest-script-cache');
const holder = /** @type {Record<symbol, unknown>} */ (/** @type {unknown} */ (vm));

if (holder[KEY] === undefined) {
  /** @type {Map<string, { code: string, script: vm.Script | undefined }>} */
  const scripts = new Map();
  holder[KEY] = scripts;
  const compileFunction = vm.compileFunction;
  /**
   * @param {string} code
   * @param {string[] | undefined} params
   * @param {vm.CompileFunctionOptions | undefined} options
   */
  const compileOnce = function (code, params, options) {
    const context = options?.parsingContext;
    if (options === undefined || context === undefined || options.cachedData !== undefined || options.produceCachedData !== undefined) {
      return compileFunction(code, params, options);
    }
    const filename = options.filename ?? '';
    const key = `${filename}\0${(params ?? []).join(',')}`;
    let entry = scripts.get(key);
    // The same file can come back transformed differently (another project's config): compare the source
    // itself (usually the very string jest's transform cache handed out before, so the check is cheap).
    if (entry === undefined || entry.code !== code) {
      entry = {
        code,
        // The wrapper sits on a line of its own, and lineOffset -1 keeps the code's line numbers (source maps).
        script: code.includes('import(') ? undefined : new vm.Script(`(function (${(params ?? []).join(', ')}) {\n${code}\n})`, { filename, lineOffset: -1 }),
      };
      scripts.set(key, entry);
    }
    return entry.script === undefined ? compileFunction(code, params, options) : entry.script.runInContext(context);
  };
  vm.compileFunction = /** @type {typeof vm.compileFunction} */ (/** @type {unknown} */ (compileOnce));
}

module.exports = require('jest-runtime');
