/** Errors of the bounded readers: each names the file and says what to do, so callers print them as they are. */

/** Which bound an input hit. */
export type InputLimit = 'bytes' | 'time' | 'documents' | 'nodes' | 'depth' | 'aliases';

/** The file could not be read as text: missing, a directory, unreadable, not UTF-8. */
export class InputReadError extends Error {
  constructor(
    /** The path as given. */
    readonly file: string,
    /** What is wrong, without the file name (e.g. `is a directory; name a file`). */
    readonly reason: string,
  ) {
    super(`${file}: ${reason}`);
    this.name = 'InputReadError';
  }
}

/** The input is larger, deeper, longer or slower than a limit allows; the work stopped there. */
export class InputLimitError extends Error {
  constructor(
    /** The path as given. */
    readonly file: string,
    /** The limit that was hit. */
    readonly limit: InputLimit,
    /** What is wrong and how to fix it, without the file name. */
    readonly reason: string,
  ) {
    super(`${file}: ${reason}`);
    this.name = 'InputLimitError';
  }
}
