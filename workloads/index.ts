// Your workloads, by environment: `{ <env>: [module, ...] }` (README "Add your own workload").
// Each module becomes dist/<env>/40-<name>.k8s.yaml; config/<env>.yaml must exist.
import type { WorkloadRegistry } from '../lib';

export const workloads: WorkloadRegistry = {};
