import type { Resource } from './engine';
import { clusterResources } from './resources/cluster';
import { databaseResources } from './resources/database';
import { iamResources } from './resources/iam';
import { networkResources } from './resources/network';
import { registryResources } from './resources/registry';
import { vaultResources } from './resources/vault';

/**
 * Every resource of an environment, module by module. Order here only fixes the summary's order; the engine
 * runs them by their dependencies (network → cluster → pool; vault → key → secret → MySQL; IAM last).
 */
export function stackResources(): Resource[] {
  return [...networkResources, ...registryResources, ...vaultResources, ...databaseResources, ...clusterResources, ...iamResources];
}
