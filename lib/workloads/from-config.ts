import { Environment } from '../config';
import { WorkloadModule } from './types';

/** Workloads declared as data in the environment file (`workloads:`), as modules. */
export function configWorkloads(_env: Environment): WorkloadModule[] {
  return [];
}
