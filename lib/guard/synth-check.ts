/**
 * Adapter for the synth's check hook (`lib/synth/run.ts` `ObjectCheck`): one line per violation or input
 * problem, empty when the objects pass. Generic over the environment type so the guard does not depend on config.
 */
import { guardObjects } from './engine';
import type { GuardOptions, GuardReport, KubeObject } from './types';

/**
 * A synth check running the guard. `optionsFor` derives guard options from the environment, e.g. the virtual node
 * pool's label: `guardCheck((env) => ({ virtualNodeLabels: { [env.virtualNodePool.nodeLabel.key]: env.virtualNodePool.nodeLabel.value } }))`.
 * `onReport` sees every report, passing or not (to print the opt-outs of a successful synth).
 */
export function guardCheck<E>(
  optionsFor: (env: E) => GuardOptions = () => ({}),
  onReport?: (env: E, report: GuardReport) => void,
): (env: E, objects: readonly KubeObject[]) => string[] {
  return (env, objects) => {
    const report = guardObjects(objects, optionsFor(env));
    onReport?.(env, report);
    return [
      ...report.inputProblems.map((p) => `[input] ${p.message}`),
      ...report.violations.map((v) => `[${v.ruleId}] ${v.message}`),
    ];
  };
}
