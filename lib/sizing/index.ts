export { addOnWorkloads } from './addons';
export { sizingFindings } from './check';
export { EnvironmentSizing, OUR_WORKLOADS, ScaleTotals, describeTotals, sizeEnvironment, sizingSummary } from './environment';
export { BilledPod, PodResources, VIRTUAL_NODE_ALLOCATION, billedPod, podResources } from './virtual-node-pod';
export { WorkloadSizing, sizeWorkloads } from './workloads';
