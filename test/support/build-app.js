// @ts-check
/**
 * Jest globalSetup: compiles app/src to app/build once per jest run, before any test file starts, so the files that
 * run the built server (`node app/build/main.js`, as the image does) neither compile it again nor race each other
 * writing app/build. The command is the app's own `build` script (`tsc -b`, app/package.json), which `npm run app`
 * also runs through `prestart`: it type-checks and emits only when a source, an option or the compiler changed
 * (app/tsconfig.build.tsbuildinfo records what went in), so an unchanged app costs a fraction of a second here and in
 * every `npm run app` a test starts afterwards.
 */
const { execFileSync } = require('node:child_process');
const path = require('node:path');

const APP_DIR = path.join(__dirname, '..', '..', 'app');
/** Set for the test files of this run (jest workers inherit it): the build is done. */
const BUILT_ENV = 'OKE_VN_APP_BUILT';

function buildApp() {
  const tsc = require.resolve('typescript/bin/tsc', { paths: [APP_DIR] });
  try {
    execFileSync(process.execPath, [tsc, '-b', path.join(APP_DIR, 'tsconfig.build.json')], { cwd: APP_DIR, stdio: 'pipe', encoding: 'utf8' });
  } catch (err) {
    const out = /** @type {{ stdout?: string }} */ (err).stdout ?? '';
    throw new Error(`app/ does not compile (tsc -b app/tsconfig.build.json):\n${out}`);
  }
  process.env[BUILT_ENV] = '1';
}

module.exports = Object.assign(buildApp, { BUILT_ENV });
