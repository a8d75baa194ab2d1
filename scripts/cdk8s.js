#!/usr/bin/env node
// @ts-check
/**
 * `npx cdk8s ...` in this project: cdk8s-cli, without its upgrade check. Before any command the CLI asks
 * registry.npmjs.org for a newer version of itself (cdk8s-cli 2.207.60 lib/cli/index.js, `--check-upgrade`
 * defaults to true); offline that request's child process dies with a stack trace on stderr
 * (cdk8s-team/cdk8s#571, open). The CLI here is pinned in package.json, so the check has nothing to offer.
 *
 * npm runs a project's own `bin` for `npx <name>` before the one in node_modules/.bin (libnpmexec), so this
 * file answers `npx cdk8s`. `CDK8S_CHECK_UPGRADE` is the CLI's own switch (yargs `.env('CDK8S')`); a value
 * set by the caller wins. Every argument goes to the CLI unchanged.
 */
const { spawnSync } = require('node:child_process');
const path = require('node:path');

process.env.CDK8S_CHECK_UPGRADE ??= 'false';
let cli;
try {
  // The project's own cdk8s-cli: this repository's, or that of a project using this one as a library. Its
  // `exports` hide bin/, so the bin is found beside its package.json.
  const manifest = require.resolve('cdk8s-cli/package.json', { paths: [process.cwd(), path.join(__dirname, '..')] });
  cli = path.join(path.dirname(manifest), 'bin', 'cdk8s');
} catch {
  process.stderr.write('cdk8s-cli is not installed here; run `npm ci` (or `npm install --save-dev cdk8s-cli`)\n');
  process.exit(1);
}
// A process of its own, not require(): yargs reads `--version` from the package.json of the main module.
const run = spawnSync(process.execPath, [cli, ...process.argv.slice(2)], { stdio: 'inherit' });
if (run.error !== undefined) throw run.error;
process.exit(run.status ?? 1);
