// @ts-check
/**
 * Temporary folders of a test file, removed when the file ends: a suite run must not leave hundreds of copied
 * config folders (or a password file) in the OS temp folder. The list lives on the test file's global object,
 * so the `afterAll` of scratch-cleanup.js (a setup file of both projects) sees what the file's helpers made.
 */
const fs = require('fs');
const os = require('os');
const path = require('path');

const KEY = Symbol.for('oke-vn.scratch-dirs');

/** @returns {Set<string>} */
function made() {
  const holder = /** @type {{ [KEY]?: Set<string> }} */ (/** @type {unknown} */ (globalThis));
  return (holder[KEY] ??= new Set());
}

/**
 * A new empty folder under the OS temp folder, named `<prefix><random>`, removed after the test file's last test.
 * @param {string} prefix
 * @returns {string}
 */
function scratchDir(prefix) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  made().add(dir);
  return dir;
}

/** Removes every folder scratchDir made in this test file. */
function removeScratchDirs() {
  for (const dir of made()) fs.rmSync(dir, { recursive: true, force: true });
  made().clear();
}

module.exports = { scratchDir, removeScratchDirs };
