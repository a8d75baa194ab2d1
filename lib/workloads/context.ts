import { Environment } from '../config';
import { virtualNodeScheduling } from '../charts/scheduling';
import { WorkloadContext } from './types';

/** The context every workload module of an environment receives. */
export function workloadContext(env: Environment): WorkloadContext {
  return {
    env,
    scheduling: virtualNodeScheduling(env),
    ingressClassName: env.ingress.className,
    vault: { id: env.vault.id, region: env.oci.region },
  };
}
