// @ts-check
/**
 * What the two esbuild bundle caches share (scripts/run-bundled.js for the commands, and
 * test/support/oci-sdk-bundle.js for jest's OCI SDK): a manifest of the files that went into a bundle, checked
 * by size and mtime, and writes that a concurrent reader never sees half done.
 */
const fs = require('node:fs');
const path = require('node:path');

/** @typedef {{ file: string, size: number, mtimeMs: number }} Input */

/** What the manifest records of one file that went into a bundle. */
function inputOf(/** @type {string} */ file) {
  const st = fs.statSync(file);
  return { file, size: st.size, mtimeMs: st.mtimeMs };
}

/** Whether every input recorded in the manifest is unchanged (same size and mtime). */
function isFresh(/** @type {string} */ manifest) {
  /** @type {Input[]} */
  let inputs;
  try {
    inputs = JSON.parse(fs.readFileSync(manifest, 'utf8')).inputs;
  } catch {
    return false;
  }
  for (const input of inputs) {
    try {
      const st = fs.statSync(input.file);
      if (st.size !== input.size || st.mtimeMs !== input.mtimeMs) return false;
    } catch {
      return false;
    }
  }
  return true;
}

/** Writes via a temporary file and a rename, so a concurrent run never reads half a file. Throws on failure. */
function writeAtomic(/** @type {string} */ file, /** @type {string | Uint8Array} */ data) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, data);
  fs.renameSync(tmp, file);
}

module.exports = { inputOf, isFresh, writeAtomic };
