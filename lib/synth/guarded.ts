import { Environment } from '../config';
import { guardCheck } from '../guard/synth-check';
import { ObjectCheck } from './run';

/**
 * The guard as a synth check: every object of an environment is validated (schemas, virtual-node,
 * security and reliability rules) before anything is written. Pods count as virtual-node pods when
 * they can land on the environment's pool, which carries its `nodeLabel`.
 */
export const guardSynthCheck: ObjectCheck = guardCheck((env: Environment) => ({
  virtualNodeLabels: { [env.virtualNodePool.nodeLabel.key]: env.virtualNodePool.nodeLabel.value },
}));
