/** Jest runs TypeScript through swc (no type-check); `npm run typecheck` is the type gate. */
const ociSdkBundle = require('./test/support/oci-sdk-bundle');

module.exports = {
  // node + the OCI SDK compiled once per worker and a cached signing key (test/support/jest-environment.js).
  testEnvironment: '<rootDir>/test/support/jest-environment.js',
  roots: ['<rootDir>/test', '<rootDir>/app/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript' } }, module: { type: 'commonjs' } }] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  // The OCI SDK from one cached bundle, not ~1,900 modules per test file (test/support/oci-sdk-bundle.js).
  moduleNameMapper: ociSdkBundle.moduleNameMapper(),
  testTimeout: 30000,
  reporters: ['default', '<rootDir>/test/summary-reporter.js'],
  // One of three full runs here stayed alive for minutes after every test had passed (a handle left
  // open somewhere; not yet found). Exit once the results are in, so CI cannot hang on it.
  forceExit: true,
};
