/**
 * Turns ajv errors into guard findings: one per problem, with a dotted field path and a fix, and never the
 * offending value (it may be secret material).
 */
import type { ErrorObject } from 'ajv';
import type { Finding } from '../types';
import { QUANTITY_PATTERN } from './convert';

/** `/spec/containers/0/name` → `spec.containers[0].name`. */
export function pointerToPath(pointer: string): string {
  let out = '';
  for (const raw of pointer.split('/').slice(1)) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (/^[0-9]+$/.test(seg)) out += `[${seg}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(seg)) out += out === '' ? seg : `.${seg}`;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}

function child(path: string, key: string): string {
  if (/^[A-Za-z_$][\w$-]*$/.test(key)) return path === '' ? key : `${path}.${key}`;
  return `${path}[${JSON.stringify(key)}]`;
}

/** One error, described without its sub-branches. */
function describe(e: ErrorObject): { path: string; problem: string; fix: string } {
  const path = pointerToPath(e.instancePath);
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'additionalProperties':
      return {
        path: child(path, String(p.additionalProperty)),
        problem: `unknown field "${String(p.additionalProperty)}"`,
        fix: 'remove it or correct its spelling (the API server rejects unknown fields under strict field validation)',
      };
    case 'required':
      return { path: child(path, String(p.missingProperty)), problem: 'required field is missing', fix: 'set it' };
    case 'type':
      return { path, problem: `must be of type ${String(p.type)}`, fix: `write a value of type ${String(p.type)}` };
    case 'enum':
      return { path, problem: 'value is not allowed', fix: `use one of: ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}` };
    case 'const':
      return { path, problem: 'value is not allowed', fix: `use ${JSON.stringify(p.allowedValue)}` };
    case 'pattern':
      return p.pattern === QUANTITY_PATTERN
        ? { path, problem: 'is not a Kubernetes quantity', fix: 'write a quantity such as 500m, 1, 512Mi or 1Gi' }
        : { path, problem: `does not match the pattern ${String(p.pattern)}`, fix: 'write a value matching the pattern' };
    case 'format':
      return { path, problem: `is not a valid ${String(p.format)}`, fix: `write a valid ${String(p.format)} value` };
    case 'minimum': case 'maximum': case 'exclusiveMinimum': case 'exclusiveMaximum':
      return { path, problem: `must be ${String(p.comparison)} ${String(p.limit)}`, fix: `use a number ${String(p.comparison)} ${String(p.limit)}` };
    case 'minLength': case 'maxLength': case 'minItems': case 'maxItems': case 'minProperties': case 'maxProperties':
      return { path, problem: `violates ${e.keyword} ${String(p.limit)}`, fix: `respect ${e.keyword} ${String(p.limit)}` };
    case 'uniqueItems':
      return { path, problem: `items ${String(p.j)} and ${String(p.i)} are identical`, fix: 'remove the duplicate item' };
    default:
      return { path, problem: e.message ?? `fails ${e.keyword}`, fix: 'correct the value' };
  }
}

/**
 * ajv reports an anyOf/oneOf failure plus one error per failed branch; the branch errors are folded into the
 * parent ("must be integer or string").
 */
export function findingsFromAjvErrors(errors: readonly ErrorObject[]): Finding[] {
  const parents = errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf');
  const isBranchOf = (e: ErrorObject, parent: ErrorObject): boolean =>
    e !== parent && e.schemaPath.startsWith(`${parent.schemaPath}/`) && e.instancePath.startsWith(parent.instancePath);
  const out: Finding[] = [];
  const seen = new Set<string>();
  for (const e of errors) {
    if (parents.some((parent) => isBranchOf(e, parent))) continue;
    let finding: Finding;
    if (e.keyword === 'anyOf' || e.keyword === 'oneOf') {
      const branches = errors.filter((x) => isBranchOf(x, e)).map(describe);
      const problems = Array.from(new Set(branches.map((b) => (b.path === pointerToPath(e.instancePath) ? b.problem : `${b.path}: ${b.problem}`))));
      finding = {
        path: pointerToPath(e.instancePath),
        problem: e.keyword === 'oneOf' && branches.length === 0 ? 'matches more than one allowed form' : `matches none of the allowed forms (${problems.join('; or ')})`,
        fix: 'write a value of one of the allowed forms',
      };
    } else {
      finding = describe(e);
    }
    const key = `${finding.path}|${finding.problem}`;
    if (!seen.has(key)) { seen.add(key); out.push(finding); }
  }
  return out;
}
