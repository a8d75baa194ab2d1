/**
 * Errors of the synth that are the user's to fix (bad input, not bugs): printed without a stack trace,
 * one line per problem, exit code 1, nothing written.
 */

function format(header: string, problems: readonly string[]): string {
  if (problems.length === 1) return `${header}: ${problems[0] as string}`;
  return [`${header}: ${problems.length} problems`, ...problems.map((p) => `  - ${p}`)].join('\n');
}

/** Something in the workloads (a module, a construct's props, a kind without a sync wave) stops the synth. */
export class SynthError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(format('synth stopped, dist/ left as it was', problems));
    this.name = 'SynthError';
  }
}

/** Raised when checks (the guard) find problems in the synthesized objects; nothing was written. */
export class SynthCheckError extends Error {
  constructor(readonly findings: readonly string[]) {
    super(format('synth stopped, dist/ left as it was; the synthesized objects break rules', findings));
    this.name = 'SynthCheckError';
  }
}
