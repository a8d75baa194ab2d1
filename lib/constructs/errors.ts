/**
 * Invalid construct props: a value the construct cannot turn into manifests that virtual nodes, the API
 * server or the OCI cloud controller would accept. The message names the prop, the value and the fix.
 *
 * The synth reports it as one line naming the environment and the workload (no stack trace): bad input is
 * the user's to fix, not a crash. Any other exception from a construct is a bug and keeps its stack.
 */
export class PropsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PropsError';
  }
}
