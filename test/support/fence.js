/**
 * The quick project's promise: no child process, no database, no network. Jest hands test files the real
 * `child_process` and `net` modules (core modules are shared by every file a worker runs), so the fence
 * wraps their entry points once per worker and consults a switch each project's setup file sets before a
 * file runs: on in quick files, off in full ones. A quick file that spawns, listens or connects fails at
 * that call, naming the call and where the file belongs.
 */
const childProcess = require('child_process');
const net = require('net');

const STATE = Symbol.for('oke-vn.test-fence');

/** @returns {{ on: boolean, file: string }} */
function state() {
  const holder = /** @type {Record<symbol, { on: boolean, file: string } | undefined>} */ (/** @type {unknown} */ (net));
  let s = holder[STATE];
  if (s === undefined) {
    s = { on: false, file: '' };
    holder[STATE] = s;
    install(s);
  }
  return s;
}

/** @param {{ on: boolean, file: string }} s */
function install(s) {
  /**
   * @param {Record<string, unknown>} target
   * @param {string} name
   * @param {string} what
   */
  const guard = (target, name, what) => {
    const original = /** @type {(...args: unknown[]) => unknown} */ (target[name]);
    target[name] = function fenced(/** @type {unknown[]} */ ...args) {
      if (s.on) {
        throw new Error(`${what} in a quick test (${s.file}). Quick tests run without child processes, databases or `
          + 'network; list this file in test/support/buckets.js (FULL) so it runs with `npm test` only.');
      }
      return original.apply(this, args);
    };
  };
  const cp = /** @type {Record<string, unknown>} */ (/** @type {unknown} */ (childProcess));
  for (const name of ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork']) {
    guard(cp, name, `child_process.${name}()`);
  }
  guard(/** @type {Record<string, unknown>} */ (/** @type {unknown} */ (net.Server.prototype)), 'listen', 'a network listener (server.listen())');
  guard(/** @type {Record<string, unknown>} */ (/** @type {unknown} */ (net.Socket.prototype)), 'connect', 'a network connection (socket.connect())');
}

/**
 * @param {boolean} on
 * @param {string} file
 */
function setFence(on, file) {
  const s = state();
  s.on = on;
  s.file = file;
}

module.exports = { setFence };
