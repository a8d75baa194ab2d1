import type { Resource } from './engine';
import { clusterResources } from './resources/cluster';
import { databaseResources } from './resources/database';
import { iamResources } from './resources/iam';
import { loggingResources } from './resources/logging';
import { networkResources } from './resources/network';
import { registryResources } from './resources/registry';
import { vaultResources } from './resources/vault';

/**
 * Every resource of an environment, module by module. Order here only fixes the summary's order; the engine
 * runs them by their dependencies (network → cluster → pool; vault → key → KMS policy → cluster; vault → key → secrets
 * → MySQL; log group → flow logs of the subnets; Workload Identity policy last).
 */
export function stackResources(): Resource[] {
  return [...networkResources, ...loggingResources, ...registryResources, ...vaultResources, ...databaseResources, ...clusterResources, ...iamResources];
}
