/** `npm run test:quick`: the quick project of jest.config.js alone, so paths and flags pass through as usual. */
const { quick, run, quickWorkers } = require('./test/support/jest-projects');

const { displayName: _displayName, ...project } = quick;
module.exports = { ...project, ...run, maxWorkers: quickWorkers };
