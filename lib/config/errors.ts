/** One problem in an environment file: where, what was found, and what to do. */
export interface ConfigIssue {
  /** File the problem is in (relative to the working directory when possible). */
  readonly file: string;
  /** Dotted field path, e.g. `app.autoscaling.minReplicas`; empty for the whole document. */
  readonly path: string;
  /** The offending value, already rendered for display (never a secret: config files hold none). */
  readonly value?: string;
  /** What is wrong and how to fix it. */
  readonly message: string;
  /** 1-based line, for YAML syntax errors. */
  readonly line?: number;
}

/** Raised when one or more environment files are invalid; `message` lists every issue. */
export class ConfigError extends Error {
  constructor(readonly issues: readonly ConfigIssue[]) {
    super(formatIssues(issues));
    this.name = 'ConfigError';
  }
}

export function formatIssue(issue: ConfigIssue): string {
  const where = issue.line !== undefined ? `${issue.file}:${issue.line}` : issue.file;
  const field = issue.path === '' ? '' : ` ${issue.path}`;
  const value = issue.value === undefined ? '' : ` (got ${issue.value})`;
  return `${where}:${field}${value} ${issue.message}`.replace(/: (\S)/, ': $1');
}

/** One problem: one line. Several: a count, then one line each. */
export function formatIssues(issues: readonly ConfigIssue[]): string {
  if (issues.length === 1) return `invalid environment configuration: ${formatIssue(issues[0] as ConfigIssue)}`;
  return [`invalid environment configuration: ${issues.length} problems`, ...issues.map((i) => `  - ${formatIssue(i)}`)].join('\n');
}

/** Renders a value for an error message, bounded so a huge value cannot flood the terminal. */
export function renderValue(value: unknown): string {
  const text = value === undefined ? 'nothing' : JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
