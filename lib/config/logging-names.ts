import type { FlowLogSubnet } from './schema';

/** Names of the environment's OCI Logging resources, which the bootstrap creates and the architecture picture shows. */

/** The log group of the environment's flow logs (display names are unique per compartment). */
export function logGroupName(env: { readonly cluster: { readonly name: string } }): string {
  return `${env.cluster.name}-logs`;
}

/** A subnet key in kebab case, e.g. `load-balancer`: part of a flow log's name and logical id. */
export function flowLogSubnetSlug(subnet: FlowLogSubnet): string {
  return subnet.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/** The flow log of one subnet, e.g. `oke-vn-example-flow-pods`. */
export function flowLogName(env: { readonly cluster: { readonly name: string } }, subnet: FlowLogSubnet): string {
  return `${env.cluster.name}-flow-${flowLogSubnetSlug(subnet)}`;
}
