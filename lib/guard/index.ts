/**
 * The guard: strict schema validation plus virtual-node, security and reliability rules over Kubernetes objects.
 *
 * - In the synth: `guardObjects(objects)` and refuse to write when `passed(report)` is false.
 * - In jest: `import '<root>/lib/guard/jest'` then `expect(objects).toPassGuard()`.
 * - On the command line: `npm run guard -- <dir or file ...> [--format json]`.
 */
import { guardObjects, passed } from './engine';
import { formatReport } from './format';
import { DEFAULT_LOAD_LIMITS, loadPaths, type LoadOptions } from './load';
import type { GuardOptions, GuardReport, KubeObject } from './types';

export type { GuardOptions, GuardReport, InputProblem, KubeObject, ObjectRef, OptOut, Rule, SourceRef, Violation } from './types';
export { guardObjects, passed, OPT_OUT_PREFIX, RULE_IDS } from './engine';
export { formatReport, type ReportFormat } from './format';
export { DEFAULT_LOAD_LIMITS, loadPaths, loadText, type LoadOptions, type LoadedDocuments } from './load';
export { ALL_RULES } from './rules';

/**
 * Loads YAML files/directories and guards everything in them; load problems join the report's input problems.
 * `timeLimitMs` bounds the whole run (reading, parsing and checking; default 30 s): the checks get what reading
 * left over.
 */
export function guardPaths(paths: readonly string[], options: GuardOptions & LoadOptions = {}): GuardReport {
  const started = Date.now();
  const timeLimitMs = options.timeLimitMs ?? DEFAULT_LOAD_LIMITS.timeLimitMs;
  const loaded = loadPaths(paths, { ...options, timeLimitMs });
  const report = guardObjects(loaded.documents as KubeObject[], { ...options, sources: loaded.sources, timeLimitMs: Math.max(0, timeLimitMs - (Date.now() - started)) });
  return { ...report, inputProblems: [...loaded.problems, ...report.inputProblems] };
}

/** Thrown by {@link assertGuardPasses}; the message is the human report (every violation, one per line). */
export class GuardError extends Error {
  constructor(readonly report: GuardReport) {
    super(formatReport(report, 'human'));
    this.name = 'GuardError';
  }
}

/** For the synth: guards the objects and throws a {@link GuardError} listing everything found unless they pass. */
export function assertGuardPasses(objects: readonly KubeObject[], options: GuardOptions = {}): GuardReport {
  const report = guardObjects(objects, options);
  if (!passed(report)) throw new GuardError(report);
  return report;
}
export { guardCheck } from './synth-check';
