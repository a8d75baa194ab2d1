/**
 * Jest matcher: `expect(objects).toPassGuard(options?)` passes when the guard finds no violation and no input
 * problem. `objects` may be an array of manifests (e.g. `Testing.synth(chart)`) or a single object.
 */
import { guardObjects, passed } from './engine';
import { formatReport } from './format';
import type { GuardOptions, KubeObject } from './types';

declare global {
  namespace jest {
    interface Matchers<R> {
      /** Passes when the objects have no guard violation and no input problem. */
      toPassGuard(options?: GuardOptions): R;
    }
  }
}

/** The matcher itself, exported for `expect.extend` in custom setups. */
export function toPassGuard(this: jest.MatcherContext, received: unknown, options?: GuardOptions): jest.CustomMatcherResult {
  const objects = (Array.isArray(received) ? received : [received]) as KubeObject[];
  const report = guardObjects(objects, options);
  const pass = passed(report);
  return {
    pass,
    message: () => (pass
      ? `expected the objects to fail the guard, but they pass:\n${formatReport(report, 'human')}`
      : `expected the objects to pass the guard:\n${formatReport(report, 'human')}`),
  };
}

expect.extend({ toPassGuard });
