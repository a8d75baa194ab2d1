import { invalidParameter, OciApiError } from '../../errors';
import { lineAndColumn, PolicySyntaxError, type Token } from './lexer';
import { type Location, parseStatement, type Statement } from './parser';

export { parseStatement, type Condition, type Location, type Statement } from './parser';
export { PolicySyntaxError } from './lexer';

/** A compartment as the policy checks see it. */
export interface PolicyCompartment {
  id: string;
  name: string;
  /** Parent compartment (the tenancy for top-level ones); undefined for the tenancy itself. */
  parentId?: string;
}

/** What the statements of one policy are checked against. */
export interface PolicyContext {
  /** The compartment the policy is attached to. */
  policyCompartmentId: string;
  /** Live compartments and the tenancy (root). */
  compartment(id: string): PolicyCompartment | undefined;
  /** Live child compartments of a compartment. */
  children(id: string): PolicyCompartment[];
  /** Whether a live dynamic group has that name. */
  dynamicGroupExists(name: string): boolean;
}

/**
 * Checks every statement of a policy: grammar, then what the statements refer to (aliases defined in the same
 * policy, compartments inside the policy's compartment subtree, dynamic groups that exist). The first problem is a
 * 400 InvalidParameter naming the statement (index and text) and the line/column of the problem.
 */
export function checkPolicyStatements(statements: readonly string[], ctx: PolicyContext): Statement[] {
  if (statements.length === 0) throw invalidParameter('statements', 'a policy needs at least one statement');
  const parsed = statements.map((text, i) => {
    if (typeof text !== 'string') throw invalidParameter(`statements[${i}]`, 'must be a string');
    return attempt(i, text, () => parseStatement(text));
  });
  const aliases = definedAliases(parsed);
  parsed.forEach((statement, i) => attempt(i, statements[i]!, () => checkReferences(statement, aliases, ctx)));
  return parsed;
}

function attempt<T>(index: number, text: string, run: () => T): T {
  try {
    return run();
  } catch (e) {
    if (!(e instanceof PolicySyntaxError)) throw e;
    const { line, column } = lineAndColumn(text, e.offset);
    throw new OciApiError(400, 'InvalidParameter',
      `Invalid statements[${index}] ${JSON.stringify(text)}: ${e.problem} at line ${line}, column ${column}${e.hint ? `; ${e.hint}` : ''}.`);
  }
}

type Aliases = Record<'tenancy' | 'group' | 'dynamic-group' | 'compartment', Set<string>>;

/** Aliases of the policy's Define statements ("include a Define statement in the same policy"). */
function definedAliases(statements: Statement[]): Aliases {
  const aliases: Aliases = { tenancy: new Set(), group: new Set(), 'dynamic-group': new Set(), compartment: new Set() };
  for (const s of statements) if (s.kind === 'define') aliases[s.what].add(s.alias.text.toLowerCase());
  return aliases;
}

function requireAlias(aliases: Aliases, kind: keyof Aliases, token: Token): void {
  if (!aliases[kind].has(token.text.toLowerCase())) {
    throw new PolicySyntaxError(token.start, `${kind} alias "${token.text}" is not defined in this policy`,
      `add "Define ${kind} ${token.text} as <ocid>" to the same policy`);
  }
}

function checkReferences(s: Statement, aliases: Aliases, ctx: PolicyContext): void {
  if (s.kind === 'define') return;
  if (s.ofTenancy) requireAlias(aliases, 'tenancy', s.ofTenancy);
  for (const subject of s.subjects) {
    if (!subject.ref || subject.byId) continue;
    if (s.kind === 'admit' && (subject.kind === 'group' || subject.kind === 'dynamic-group')) {
      // The admitted group lives in the other tenancy: it is named by a Define alias.
      requireAlias(aliases, subject.kind, subject.ref);
    } else if (subject.kind === 'dynamic-group' && !subject.ref.text.includes('/') && !ctx.dynamicGroupExists(subject.ref.text)) {
      throw new PolicySyntaxError(subject.ref.start, `the dynamic-group ${subject.ref.text} specified in the policy statement does not exist under the current compartment hierarchy`);
    }
  }
  if (s.grant.kind === 'associate') checkLocation(s.grant.location, aliases, ctx);
  checkLocation(s.location, aliases, ctx);
}

function checkLocation(location: Location, aliases: Aliases, ctx: PolicyContext): void {
  switch (location.kind) {
    case 'tenancy':
      if (location.alias) requireAlias(aliases, 'tenancy', location.alias);
      return;
    case 'any-tenancy':
      return;
    case 'compartment-id':
      if (!inSubtree(location.ocid.text, ctx)) throw compartmentOutside(location.ocid, location.ocid.text);
      return;
    case 'compartment-name':
      if (location.ofTenancy) {
        // A compartment of another tenancy is named by a Define alias.
        requireAlias(aliases, 'tenancy', location.ofTenancy);
        requireAlias(aliases, 'compartment', location.path);
      } else if (resolvePath(location.path.text, ctx) === undefined) {
        throw compartmentOutside(location.path, location.path.text);
      }
  }
}

function compartmentOutside(token: Token, what: string): PolicySyntaxError {
  return new PolicySyntaxError(token.start, `compartment ${what} does not exist or is not part of the policy compartment subtree`,
    'a policy can only grant access in its own compartment or the compartments below it');
}

/** Whether the compartment exists and is the policy's compartment or below it. */
function inSubtree(id: string, ctx: PolicyContext): boolean {
  return isWithin(id, ctx.policyCompartmentId, ctx);
}

/**
 * The compartment a statement's location names, seen from the policy's compartment: undefined for `tenancy` (the
 * whole tenancy) and for a location it cannot resolve here (another tenancy's, a compartment that is gone: `null`).
 */
export function locationCompartment(location: Location, ctx: PolicyContext): PolicyCompartment | null | undefined {
  switch (location.kind) {
    case 'tenancy':
      return location.alias ? null : undefined;
    case 'any-tenancy':
      return null;
    case 'compartment-id':
      return ctx.compartment(location.ocid.text) ?? null;
    case 'compartment-name':
      return location.ofTenancy ? null : resolvePath(location.path.text, ctx) ?? null;
  }
}

/** Whether compartment `id` is `ancestor` or below it (policies are inherited by the compartments below). */
export function isWithin(id: string, ancestorId: string, ctx: PolicyContext): boolean {
  for (let c = ctx.compartment(id); c !== undefined; c = c.parentId ? ctx.compartment(c.parentId) : undefined) {
    if (c.id === ancestorId) return true;
  }
  return false;
}

/**
 * A compartment path: "assumed to be a direct child of the compartment where you create the policy", a:b for
 * deeper ones (Locations). The policy's own compartment may also be named.
 */
function resolvePath(path: string, ctx: PolicyContext): PolicyCompartment | undefined {
  const [first, ...rest] = path.split(':');
  const own = ctx.compartment(ctx.policyCompartmentId);
  let current = ctx.children(ctx.policyCompartmentId).find((c) => sameName(c.name, first!))
    ?? (own && own.parentId !== undefined && sameName(own.name, first!) ? own : undefined);
  for (const segment of rest) {
    if (!current) return undefined;
    current = ctx.children(current.id).find((c) => sameName(c.name, segment));
  }
  return current;
}

function sameName(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}
