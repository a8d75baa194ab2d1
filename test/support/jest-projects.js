/** The two jest projects and the run's options, shared by jest.config.js and jest.quick.config.js. */
const os = require('os');
const { FULL } = require('./buckets');

const fullPaths = FULL.map((f) => `<rootDir>/${f}`);
const ociSdkBundle = require('./oci-sdk-bundle');

const shared = {
  // node + the OCI SDK compiled once per worker and a cached signing key (jest-environment.js).
  testEnvironment: '<rootDir>/test/support/jest-environment.js',
  // The OCI SDK from one cached bundle, not ~1,900 modules per test file (oci-sdk-bundle.js).
  moduleNameMapper: ociSdkBundle.moduleNameMapper(),
  roots: ['<rootDir>/test', '<rootDir>/app/test'],
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript' } }, module: { type: 'commonjs' } }] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  // Compiles each module once per worker, not once per test file (code-cache-runtime.js).
  runtime: '<rootDir>/test/support/code-cache-runtime.js',
};

const quick = {
  ...shared,
  displayName: 'quick',
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', ...fullPaths],
  setupFilesAfterEnv: ['<rootDir>/test/support/fence-on.js', '<rootDir>/test/support/scratch-cleanup.js'],
};

const full = {
  ...shared,
  displayName: 'full',
  testMatch: fullPaths,
  // Compiles app/ once per run (app/build), before the files that start it; jest runs a project's global
  // setup only when one of its files runs, so the quick command never pays for it.
  globalSetup: '<rootDir>/test/support/build-app.js',
  setupFilesAfterEnv: ['<rootDir>/test/support/fence-off.js', '<rootDir>/test/support/scratch-cleanup.js'],
};

/** Options of the whole run, shared by both configs. */
const run = {
  testTimeout: 30000,
  reporters: ['default', '<rootDir>/test/summary-reporter.js'],
  // Most of the suite's time is CPU (synths, the fake's request signatures), the rest waits on MariaDB,
  // child processes and the fake's clock: one worker per core plus one keeps every core busy.
  maxWorkers: os.availableParallelism() + 1,
};

/**
 * Workers of the quick command alone: its files never wait on a process, a socket or a database (the fence
 * sees to it), so a worker per core is enough and an extra one only adds contention (11.6-12.5 s against
 * 12.5-13.7 s on two cores).
 */
const quickWorkers = os.availableParallelism();

module.exports = { quick, full, run, quickWorkers };
