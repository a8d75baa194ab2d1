/**
 * Tokens of one IAM policy statement. Spaces and line breaks only separate tokens ("Spare spaces or line breaks in
 * the statement have no effect", Policy Syntax).
 */
export type TokenKind = 'word' | 'string' | 'pattern' | '{' | '}' | ',' | '=' | '!=' | 'end';

export interface Token {
  kind: TokenKind;
  /** The text as written (for a string or pattern: without the delimiters). */
  text: string;
  /** Offset of the first character in the statement. */
  start: number;
}

/** A problem at a position of the statement. */
export class PolicySyntaxError extends Error {
  constructor(
    /** Offset in the statement where the problem is. */
    readonly offset: number,
    /** What is wrong, e.g. `unknown verb "frobnicate"`. */
    readonly problem: string,
    /** How to fix it, when there is something useful to say. */
    readonly hint?: string,
  ) {
    super(problem);
    this.name = 'PolicySyntaxError';
  }
}

/** Names, OCIDs, variables, compartment paths (a:b), identity-domain groups (domain/group), `2.subnet.id`. */
const WORD_CHAR = /[A-Za-z0-9_\-.:/@#$*]/;

export function tokenize(statement: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < statement.length) {
    const c = statement[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (c === '{' || c === '}' || c === ',' || c === '=') {
      tokens.push({ kind: c, text: c, start: i });
      i++;
    } else if (c === '!') {
      if (statement[i + 1] !== '=') throw new PolicySyntaxError(i, 'unexpected "!"', 'the operators are = and !=');
      tokens.push({ kind: '!=', text: '!=', start: i });
      i += 2;
    } else if (c === "'") {
      const close = statement.indexOf("'", i + 1);
      if (close < 0) throw new PolicySyntaxError(i, 'unterminated quoted value', "close it with a single quote '");
      tokens.push({ kind: 'string', text: statement.slice(i + 1, close), start: i });
      i = close + 1;
    } else if (c === '"') {
      throw new PolicySyntaxError(i, 'unexpected double quote', "values are written in single quotes, e.g. 'app'");
    } else if (c === '/') {
      // A pattern such as /HR*/ (Conditions); a "/" inside a word (domain/group) is part of the word.
      const close = statement.indexOf('/', i + 1);
      if (close < 0) throw new PolicySyntaxError(i, 'unterminated pattern', 'a pattern is written between slashes, e.g. /A-Users-*/');
      tokens.push({ kind: 'pattern', text: statement.slice(i + 1, close), start: i });
      i = close + 1;
    } else if (WORD_CHAR.test(c)) {
      const start = i;
      while (i < statement.length && WORD_CHAR.test(statement[i]!)) i++;
      tokens.push({ kind: 'word', text: statement.slice(start, i), start });
    } else {
      throw new PolicySyntaxError(i, `unexpected character "${c}"`);
    }
  }
  tokens.push({ kind: 'end', text: '', start: statement.length });
  return tokens;
}

/** A token as an error message shows it. */
export function describe(token: Token): string {
  if (token.kind === 'end') return 'the end of the statement';
  if (token.kind === 'string') return `'${token.text}'`;
  if (token.kind === 'pattern') return `/${token.text}/`;
  return `"${token.text}"`;
}

/** 1-based line and column of an offset (OCI reports 'line L, char C'). */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const lines = before.split('\n');
  return { line: lines.length, column: lines[lines.length - 1]!.length + 1 };
}
