export { ConfigError, ConfigIssue, formatIssue, formatIssues } from './errors';
export { Environment, LoadOptions, listEnvironments, loadEnvironment } from './load';
export { Outputs, outputsSchema } from './outputs';
export { EnvironmentSpec, POD_SHAPE_LIMITS, environmentFileSchema } from './schema';
export { VaultReader, vaultReaders } from './vault-readers';
