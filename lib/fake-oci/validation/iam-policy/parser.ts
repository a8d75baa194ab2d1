import { closest, isKnownVariable, knownVariables, RESOURCE_TYPES, VERBS } from './catalog';
import { describe, PolicySyntaxError, type Token, tokenize } from './lexer';

/**
 * Parser of one IAM policy statement (Policy Syntax, Conditions, Locations, cross-tenancy and Deny pages):
 *
 *   statement  := (Allow | Deny) subjects to grant in location [where]
 *               | Endorse subjects to (grant | associate) in location [where]
 *               | Admit subjects of tenancy ALIAS to (grant | associate) in location [where]
 *               | Define (tenancy | group | dynamic-group | compartment) ALIAS as OCID
 *   subjects   := subject {, subject}      subject := group REF | dynamic-group REF | service NAME | any-user | any-group
 *   REF        := NAME | 'quoted name' | id OCID    (after a comma the kind may be left out: group A, B / group id X, id Y)
 *   grant      := (inspect | read | use | manage) RESOURCE-TYPE | { PERMISSION {, PERMISSION} }
 *   associate  := associate RESOURCE-TYPE in location with RESOURCE-TYPE
 *   location   := tenancy [ALIAS] | any-tenancy | compartment id OCID | compartment PATH [of tenancy ALIAS]
 *   where      := where condition    condition := VARIABLE (= | !=) VALUE | (all | any) { condition {, condition} }
 *   VALUE      := 'string' | /pattern/ | VARIABLE | N.variable (a reference to the Nth resource of an associate)
 *
 * Keywords are case-insensitive. Aliases, `tenancy ALIAS` and `any-tenancy` belong to cross-tenancy statements.
 */

export type PolicyVerb = 'allow' | 'deny' | 'endorse' | 'admit';
export type DefineKind = 'tenancy' | 'group' | 'dynamic-group' | 'compartment';

export interface Subject {
  kind: 'group' | 'dynamic-group' | 'service' | 'any-user' | 'any-group';
  /** Name or OCID token (absent for any-user / any-group). */
  ref?: Token;
  byId?: boolean;
}

export type Location =
  | { kind: 'tenancy'; alias?: Token; at: Token }
  | { kind: 'any-tenancy'; at: Token }
  | { kind: 'compartment-id'; ocid: Token; at: Token }
  | { kind: 'compartment-name'; path: Token; ofTenancy?: Token; at: Token };

export type Grant =
  | { kind: 'verb'; verb: string; resourceType: Token }
  | { kind: 'permissions'; permissions: Token[] }
  | { kind: 'associate'; resourceType: Token; location: Location; withResourceType: Token };

export type Condition =
  | { kind: 'compare'; variable: Token; operator: '=' | '!='; value: Token }
  | { kind: 'all' | 'any'; conditions: Condition[] };

export type Statement =
  | { kind: 'define'; what: DefineKind; alias: Token; ocid: Token }
  | { kind: PolicyVerb; subjects: Subject[]; ofTenancy?: Token; grant: Grant; location: Location; where?: Condition };

/** OCIDs: ocid1.<type>.<realm>.[region][.future].<unique>. */
const OCID = /^ocid1\.([a-z0-9]+)\.[a-z0-9]+\.[a-z0-9-]*(\.[a-z0-9-]*)?\.[a-z0-9]+$/i;
const PERMISSION = /^[A-Z][A-Z0-9_]*$/i;
const NAME = /^[A-Za-z0-9_][A-Za-z0-9_.\-@/]*$/;
const PATH = /^[A-Za-z0-9_][A-Za-z0-9_.\-]*(:[A-Za-z0-9_][A-Za-z0-9_.\-]*)*$/;
const ASSOCIATE_REFERENCE = /^\d+\.[a-z][\w-]*(\.[\w-]+)+$/i;
/** Words that end a name position: a name can't be one of these. */
const RESERVED = new Set(['to', 'in', 'of', 'where', 'with', 'as', 'id']);
const OCID_TYPES: Record<string, string[]> = {
  group: ['group'], 'dynamic-group': ['dynamicgroup'], tenancy: ['tenancy'], compartment: ['compartment', 'tenancy'],
};

/** Parses one statement; throws PolicySyntaxError at the first problem. */
export function parseStatement(statement: string): Statement {
  return new Parser(tokenize(statement)).statement();
}

class Parser {
  private i = 0;

  constructor(private readonly tokens: Token[]) {}

  statement(): Statement {
    const first = this.peek();
    if (first.kind === 'end') throw new PolicySyntaxError(0, 'the statement is empty');
    const verb = this.isWord(first) ? first.text.toLowerCase() : '';
    let result: Statement;
    switch (verb) {
      case 'define':
        this.next();
        result = this.define();
        break;
      case 'allow':
      case 'deny':
      case 'endorse':
      case 'admit': {
        this.next();
        const crossTenancy = verb === 'endorse' || verb === 'admit';
        const subjects = this.subjects();
        let ofTenancy: Token | undefined;
        if (verb === 'admit') {
          this.keyword('of', 'an Admit statement names the other tenancy: Admit group <alias> of tenancy <alias> to …');
          this.keyword('tenancy');
          ofTenancy = this.name('tenancy alias');
        }
        this.keyword('to', 'after the subject comes "to <verb> <resource-type>"');
        const grant = this.grant(crossTenancy);
        this.keyword('in', 'after the resource-type comes the location: in tenancy | in compartment <name> | in compartment id <ocid>');
        const location = this.location(crossTenancy);
        const where = this.where();
        result = { kind: verb, subjects, ...(ofTenancy ? { ofTenancy } : {}), grant, location, ...(where ? { where } : {}) };
        break;
      }
      default:
        throw new PolicySyntaxError(first.start, `a statement starts with Allow, Endorse, Admit, Define or Deny, not ${describe(first)}`);
    }
    const rest = this.peek();
    if (rest.kind !== 'end') {
      throw new PolicySyntaxError(rest.start, `unexpected ${describe(rest)} after the end of the statement`,
        result.kind === 'define' ? undefined : 'a statement ends after its location or its where clause');
    }
    return result;
  }

  private define(): Statement {
    const kindToken = this.peek();
    const what = this.isWord(kindToken) ? kindToken.text.toLowerCase() : '';
    if (!['tenancy', 'group', 'dynamic-group', 'compartment'].includes(what)) {
      throw new PolicySyntaxError(kindToken.start, `Define takes tenancy, group, dynamic-group or compartment, not ${describe(kindToken)}`);
    }
    this.next();
    const alias = this.name(`${what} alias`);
    this.keyword('as', `Define ${what} <alias> as <ocid>`);
    const ocid = this.ocid(what);
    return { kind: 'define', what: what as DefineKind, alias, ocid };
  }

  private subjects(): Subject[] {
    const subjects = [this.subject(undefined)];
    while (this.peek().kind === ',') {
      this.next();
      subjects.push(this.subject(subjects[subjects.length - 1]!.kind));
    }
    return subjects;
  }

  private subject(previous: Subject['kind'] | undefined): Subject {
    const t = this.peek();
    const word = this.isWord(t) ? t.text.toLowerCase() : '';
    if (word === 'any-user' || word === 'any-group') {
      this.next();
      return { kind: word };
    }
    if (word === 'group' || word === 'dynamic-group' || word === 'service') {
      this.next();
      return this.subjectRef(word);
    }
    // "group A, B" and "group id X, id Y": the kind carries over after a comma.
    if (previous === 'group' || previous === 'dynamic-group' || previous === 'service') return this.subjectRef(previous);
    throw new PolicySyntaxError(t.start, `unknown subject ${describe(t)}`, 'a subject is group <name>, group id <ocid>, dynamic-group <name>, dynamic-group id <ocid>, service <name>, any-user or any-group');
  }

  private subjectRef(kind: 'group' | 'dynamic-group' | 'service'): Subject {
    const t = this.peek();
    if (kind !== 'service' && this.isWord(t) && t.text.toLowerCase() === 'id') {
      this.next();
      return { kind, ref: this.ocid(kind), byId: true };
    }
    return { kind, ref: this.name(`${kind} name`, true) };
  }

  private grant(crossTenancy: boolean): Grant {
    const t = this.peek();
    if (t.kind === '{') {
      this.next();
      const permissions: Token[] = [];
      for (;;) {
        const p = this.next();
        if (p.kind !== 'word' || !PERMISSION.test(p.text)) {
          throw new PolicySyntaxError(p.start, `expected a permission such as SECRET_BUNDLE_READ, found ${describe(p)}`);
        }
        permissions.push(p);
        const sep = this.next();
        if (sep.kind === '}') break;
        if (sep.kind !== ',') throw new PolicySyntaxError(sep.start, `expected "," or "}" in the permission list, found ${describe(sep)}`);
      }
      return { kind: 'permissions', permissions };
    }
    const word = this.isWord(t) ? t.text.toLowerCase() : '';
    if ((VERBS as readonly string[]).includes(word)) {
      this.next();
      return { kind: 'verb', verb: word, resourceType: this.resourceType() };
    }
    if (word === 'associate' && crossTenancy) {
      this.next();
      const resourceType = this.resourceType();
      this.keyword('in');
      const location = this.location(true);
      this.keyword('with', 'associate <resource-type> in <location> with <resource-type> in <location>');
      return { kind: 'associate', resourceType, location, withResourceType: this.resourceType() };
    }
    throw new PolicySyntaxError(t.start, `unknown verb ${describe(t)}`,
      `expected ${VERBS.join(', ')}${crossTenancy ? ', associate' : ''} or a {PERMISSION, …} list`);
  }

  private resourceType(): Token {
    const t = this.next();
    if (t.kind !== 'word') throw new PolicySyntaxError(t.start, `expected a resource-type, found ${describe(t)}`);
    if (!RESOURCE_TYPES.has(t.text.toLowerCase())) {
      const guess = closest(t.text, RESOURCE_TYPES.keys());
      throw new PolicySyntaxError(t.start, `unknown resource-type ${describe(t)}`,
        guess ? `did you mean ${guess}?` : 'name an individual resource-type (e.g. secret-bundles), a family (e.g. secret-family) or all-resources');
    }
    return t;
  }

  private location(crossTenancy: boolean): Location {
    const at = this.next();
    const word = this.isWord(at) ? at.text.toLowerCase() : '';
    if (word === 'tenancy') {
      const next = this.peek();
      if (crossTenancy && this.isWord(next) && !['where', 'with'].includes(next.text.toLowerCase())) {
        return { kind: 'tenancy', alias: this.name('tenancy alias'), at };
      }
      return { kind: 'tenancy', at };
    }
    if (word === 'any-tenancy' && crossTenancy) return { kind: 'any-tenancy', at };
    if (word === 'compartment') {
      const next = this.peek();
      if (this.isWord(next) && next.text.toLowerCase() === 'id') {
        this.next();
        return { kind: 'compartment-id', ocid: this.ocid('compartment'), at };
      }
      const path = this.next();
      if (path.kind !== 'word' || !PATH.test(path.text) || RESERVED.has(path.text.toLowerCase())) {
        throw new PolicySyntaxError(path.start, `expected a compartment name or path (a:b), found ${describe(path)}`, 'or write compartment id <ocid>');
      }
      const of = this.peek();
      if (crossTenancy && this.isWord(of) && of.text.toLowerCase() === 'of') {
        this.next();
        this.keyword('tenancy');
        return { kind: 'compartment-name', path, ofTenancy: this.name('tenancy alias'), at };
      }
      return { kind: 'compartment-name', path, at };
    }
    throw new PolicySyntaxError(at.start, `expected a location after "in", found ${describe(at)}`,
      `the location is tenancy, compartment <name> or compartment id <ocid>${crossTenancy ? ' (or tenancy <alias>, any-tenancy)' : ''}`);
  }

  private where(): Condition | undefined {
    const t = this.peek();
    if (t.kind === 'end') return undefined;
    if (!this.isWord(t) || t.text.toLowerCase() !== 'where') return undefined;
    this.next();
    return this.condition();
  }

  private condition(): Condition {
    const t = this.peek();
    const word = this.isWord(t) ? t.text.toLowerCase() : '';
    if ((word === 'all' || word === 'any') && this.tokens[this.i + 1]?.kind === '{') {
      this.next();
      this.next();
      if (this.peek().kind === '}') throw new PolicySyntaxError(this.peek().start, `empty ${word} {} group`, 'put at least one condition between the braces');
      const conditions = [this.condition()];
      for (;;) {
        const sep = this.next();
        if (sep.kind === '}') break;
        if (sep.kind !== ',') {
          throw new PolicySyntaxError(sep.start, `expected "," or "}" in the ${word} {…} group, found ${describe(sep)}`,
            sep.kind === 'end' ? 'the braces are unbalanced: close the group with }' : undefined);
        }
        conditions.push(this.condition());
      }
      return { kind: word, conditions };
    }
    const variable = this.next();
    if (variable.kind !== 'word') throw new PolicySyntaxError(variable.start, `expected a condition variable, found ${describe(variable)}`);
    if (!isKnownVariable(variable.text)) {
      const guess = closest(variable.text, knownVariables());
      throw new PolicySyntaxError(variable.start, `unknown variable ${describe(variable)}`,
        guess ? `did you mean ${guess}?` : 'see General Variables for All Requests and the service\'s policy reference');
    }
    const op = this.next();
    if (op.kind !== '=' && op.kind !== '!=') throw new PolicySyntaxError(op.start, `expected = or != after ${variable.text}, found ${describe(op)}`);
    const value = this.next();
    const ok = value.kind === 'string' || value.kind === 'pattern'
      || (value.kind === 'word' && (isKnownVariable(value.text) || ASSOCIATE_REFERENCE.test(value.text)));
    if (!ok) {
      throw new PolicySyntaxError(value.start, `invalid right-hand side ${describe(value)} in the condition on ${variable.text}`,
        value.kind === 'word' ? `values are quoted: ${variable.text} = '${value.text}'` : 'expected a quoted value, a /pattern/ or a variable');
    }
    return { kind: 'compare', variable, operator: op.kind, value };
  }

  private keyword(word: string, hint?: string): Token {
    const t = this.next();
    if (!this.isWord(t) || t.text.toLowerCase() !== word) throw new PolicySyntaxError(t.start, `expected "${word}", found ${describe(t)}`, hint);
    return t;
  }

  private name(what: string, allowQuoted = false): Token {
    const t = this.next();
    if ((allowQuoted && t.kind === 'string' && t.text.trim() !== '') || (t.kind === 'word' && NAME.test(t.text) && !RESERVED.has(t.text.toLowerCase()))) return t;
    throw new PolicySyntaxError(t.start, `expected a ${what}, found ${describe(t)}`);
  }

  private ocid(kind: string): Token {
    const t = this.next();
    const m = t.kind === 'word' ? OCID.exec(t.text) : null;
    if (!m) throw new PolicySyntaxError(t.start, `expected an OCID (ocid1.…), found ${describe(t)}`);
    const allowed = OCID_TYPES[kind];
    if (allowed && !allowed.includes(m[1]!.toLowerCase())) {
      throw new PolicySyntaxError(t.start, `${t.text} is a ${m[1]} OCID, not a ${kind} OCID`);
    }
    return t;
  }

  private isWord(t: Token): boolean {
    return t.kind === 'word';
  }

  private peek(): Token {
    return this.tokens[this.i]!;
  }

  private next(): Token {
    const t = this.tokens[this.i]!;
    if (t.kind !== 'end') this.i++;
    return t;
  }
}
