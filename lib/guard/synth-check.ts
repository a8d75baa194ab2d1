/**
 * Adapter for the synth's check hook (`lib/synth/run.ts` `ObjectCheck`): one line per violation or input
 * problem, empty when the objects pass. Generic over the environment type so the guard does not depend on config.
 */
import { guardObjects } from './engine';
import type { GuardOptions, KubeObject } from './types';

/**
 * A synth check running the guard. `optionsFor` derives guard options from the environment, e.g. the virtual node
 * pool's label: `guardCheck((env) => ({ virtualNodeLabels: { [env.spec.virtualNodePool.nodeLabel.key]: env.spec.virtualNodePool.nodeLabel.value } }))`.
 */
export function guardCheck<E>(optionsFor: (env: E) => GuardOptions = () => ({})): (env: E, objects: readonly KubeObject[]) => string[] {
  return (env, objects) => {
    const report = guardObjects(objects, optionsFor(env));
    return [
      ...report.inputProblems.map((p) => `[input] ${p.message}`),
      ...report.violations.map((v) => `[${v.ruleId}] ${v.message}`),
    ];
  };
}
