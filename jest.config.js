/**
 * Two projects: `quick` (no child process, database or network, enforced by test/support/fence.js) and
 * `full` (the files test/support/buckets.js lists). `npm test` type-checks and runs both; `npm run
 * test:quick` runs the first (jest.quick.config.js). Jest runs TypeScript through swc (no type-check);
 * `npm run typecheck` is the type gate.
 */
const { quick, full, run } = require('./test/support/jest-projects');

module.exports = { ...run, projects: [quick, full] };
