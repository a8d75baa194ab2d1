/**
 * Runs schema validation and every rule over a set of objects, applies annotation opt-outs, and builds the report.
 */
import { makeVirtualNodeMatcher, withPodTemplateCache } from './pods';
import { ALL_RULES, OPT_OUT_RULE_ID, SCHEMA_RULE_ID } from './rules';
import { sharedRegistry, validateObject } from './schema/validator';
import type { Finding, GuardOptions, GuardReport, InputProblem, KubeObject, ObjectRef, OptOut, RuleContext, SourceRef, Violation } from './types';
import { annotationsOf, describeRef, isRecord, rec, recs, refOf } from './util';

/**
 * Opt-out annotation prefix: `ignore-check.guard.oke-virtual-nodes.dev/<rule-id>: "<reason>"` on the object's
 * own metadata (for workloads: the Deployment/Job/... metadata, not the pod template).
 */
export const OPT_OUT_PREFIX = 'ignore-check.guard.oke-virtual-nodes.dev/';

/** Every rule id that can appear in a report. */
export const RULE_IDS: ReadonlySet<string> = new Set([SCHEMA_RULE_ID, OPT_OUT_RULE_ID, ...ALL_RULES.map((r) => r.id)]);

interface Located {
  readonly obj: KubeObject;
  readonly source?: SourceRef;
}

function where(source: SourceRef | undefined): { file?: string; index?: number } {
  return source === undefined ? {} : { file: source.file, index: source.index };
}

/** Flattens `kind: List` (and other `*List` kinds with `items`) and checks each entry has apiVersion and kind. */
function expand(value: unknown, source: SourceRef | undefined, out: Located[], problems: InputProblem[], label: string): void {
  if (!isRecord(value)) {
    problems.push({ ...where(source), message: `${label} is not a mapping (got ${Array.isArray(value) ? 'a sequence' : value === null ? 'null' : typeof value}); a Kubernetes object needs apiVersion and kind` });
    return;
  }
  const missing = ['apiVersion', 'kind'].filter((k) => typeof value[k] !== 'string' || value[k] === '');
  if (missing.length > 0) {
    problems.push({ ...where(source), message: `${label} has no ${missing.join(' and ')} (a Kubernetes object needs both, e.g. apiVersion: apps/v1 and kind: Deployment)` });
    return;
  }
  const kind = value.kind as string;
  if (kind.endsWith('List') && Array.isArray(value.items)) {
    value.items.forEach((item, i) => expand(item, source, out, problems, `item ${i} of ${kind}`));
    return;
  }
  out.push(source === undefined ? { obj: value as KubeObject } : { obj: value as KubeObject, source });
}

/** Violations listed per run; past them checking stops (a report of millions of lines helps nobody). */
export const DEFAULT_MAX_VIOLATIONS = 10_000;

/** Schema nodes of CustomResourceDefinitions from the input compiled per run. */
export const DEFAULT_MAX_CRD_SCHEMA_NODES = 60_000;

/**
 * Nodes of the `openAPIV3Schema`s of a CRD's versions (keys included), counting shared subtrees once per use as
 * compiling does; stops counting past `stopAt` (iterative: any input, even a cyclic object, ends).
 */
function schemaNodes(crd: KubeObject, stopAt: number): number {
  let count = 0;
  const stack: unknown[] = recs(rec(crd.spec).versions).map((v) => rec(v.schema).openAPIV3Schema);
  while (stack.length > 0 && count < stopAt) {
    const node = stack.pop();
    count++;
    if (Array.isArray(node)) stack.push(...node.slice(0, stopAt));
    else if (isRecord(node)) for (const [, child] of Object.entries(node)) { count++; stack.push(child); }
  }
  return count;
}

function message(ref: ObjectRef, f: Finding): string {
  return `${describeRef(ref)}: ${f.path}: ${f.problem} (fix: ${f.fix})`;
}

function violation(ruleId: string, ref: ObjectRef, f: Finding, source: SourceRef | undefined): Violation {
  const v = { ruleId, object: ref, path: f.path, message: message(ref, f), fix: f.fix };
  return source === undefined ? v : { ...v, source };
}

/** Reads opt-out annotations; malformed ones become findings of the guard-opt-out rule. */
function readOptOuts(obj: KubeObject): { reasons: Map<string, string>; problems: Finding[] } {
  const reasons = new Map<string, string>();
  const problems: Finding[] = [];
  for (const [key, value] of Object.entries(annotationsOf(obj))) {
    if (!key.startsWith(OPT_OUT_PREFIX)) continue;
    const ruleId = key.slice(OPT_OUT_PREFIX.length);
    const path = `metadata.annotations[${JSON.stringify(key)}]`;
    if (ruleId === SCHEMA_RULE_ID || ruleId === OPT_OUT_RULE_ID || ALL_RULES.some((r) => r.id === ruleId && r.category === 'schema')) {
      problems.push({ path, problem: `rule "${ruleId}" cannot be opted out of (the API server would reject the object anyway)`, fix: 'fix the object and remove the annotation' });
    } else if (!RULE_IDS.has(ruleId)) {
      problems.push({ path, problem: `names unknown rule "${ruleId}"`, fix: 'use a rule id from lib/guard/README.md' });
    } else if (value.trim() === '') {
      problems.push({ path, problem: `opts out of ${ruleId} without a reason`, fix: 'write why the rule does not apply as the annotation value' });
    } else {
      reasons.set(ruleId, value.trim());
    }
  }
  return { reasons, problems };
}

/**
 * Checks objects against the Kubernetes/CRD schemas and every rule. Synchronous; schemas are compiled on first
 * use and cached for the life of the process.
 */
export function guardObjects(objects: readonly KubeObject[], options: GuardOptions = {}): GuardReport {
  return withPodTemplateCache(() => checkAll(objects, options));
}

function checkAll(objects: readonly KubeObject[], options: GuardOptions): GuardReport {
  const deadline = options.timeLimitMs === undefined ? Infinity : Date.now() + options.timeLimitMs;
  const maxViolations = options.maxViolations ?? DEFAULT_MAX_VIOLATIONS;
  const inputProblems: InputProblem[] = [];
  const located: Located[] = [];
  objects.forEach((o, i) => {
    const source = options.sources?.[i];
    expand(o, source, located, inputProblems, source === undefined ? `object ${i}` : `document ${source.index}`);
  });

  const registry = sharedRegistry();
  const maxCrdNodes = options.maxCrdSchemaNodes ?? DEFAULT_MAX_CRD_SCHEMA_NODES;
  let crdNodes = 0;
  for (const crd of [...(options.crds ?? []), ...located.map((l) => l.obj)]) {
    if (!isRecord(crd) || crd.kind !== 'CustomResourceDefinition') continue;
    // Custom schemas are compiled into validators on first use, at ~10 KB and ~0.1 ms per schema node: bound them.
    const nodes = schemaNodes(crd, maxCrdNodes - crdNodes + 1);
    if (crdNodes + nodes > maxCrdNodes) {
      const source = located.find((l) => l.obj === crd)?.source;
      inputProblems.push({ ...where(source), message: `${describeRef(refOf(crd))}: the schemas of the CustomResourceDefinitions in the input pass ${maxCrdNodes.toLocaleString('en-US')} nodes in all (the limit: each is compiled into a validator); its custom resources cannot be checked. Guard fewer or smaller CRDs at once` });
      continue;
    }
    crdNodes += nodes;
    registry.addCrd(crd);
  }

  const enabled = new Set(options.enable ?? []);
  for (const id of enabled) {
    if (!ALL_RULES.some((r) => r.id === id && r.optional === true)) {
      inputProblems.push({ message: `cannot enable "${id}": not an optional rule (optional rules: ${ALL_RULES.filter((r) => r.optional === true).map((r) => r.id).join(', ')})` });
    }
  }
  const rules = ALL_RULES.filter((r) => r.optional !== true || enabled.has(r.id));
  const memos = new Map<string, unknown>();
  const ctx: RuleContext = {
    objects: located.map((l) => l.obj),
    canRunOnVirtualNodes: makeVirtualNodeMatcher(options.virtualNodeLabels),
    memo: <T>(key: string, make: () => T): T => {
      if (!memos.has(key)) memos.set(key, make());
      return memos.get(key) as T;
    },
  };

  const violations: Violation[] = [];
  const optOuts: OptOut[] = [];
  for (const [i, { obj, source }] of located.entries()) {
    if (Date.now() >= deadline) {
      inputProblems.push({ ...where(source), message: `checking stopped here after ${(options.timeLimitMs ?? 0) / 1000} s (the time limit), ${located.length - i} of ${located.length} objects unchecked; guard fewer files at once` });
      break;
    }
    const ref = refOf(obj);
    const schema = validateObject(obj, registry);
    if (schema.kind === 'unchecked') inputProblems.push({ ...where(source), message: `${describeRef(ref)}: ${schema.message}` });
    else for (const f of schema.findings) violations.push(violation(SCHEMA_RULE_ID, ref, f, source));

    const { reasons, problems } = readOptOuts(obj);
    for (const f of problems) violations.push(violation(OPT_OUT_RULE_ID, ref, f, source));
    for (const rule of rules) {
      let findings: Finding[];
      try {
        findings = rule.check(obj, ctx);
      } catch (err) {
        inputProblems.push({ ...where(source), message: `${describeRef(ref)}: rule ${rule.id} could not read the object (${err instanceof Error ? err.message : String(err)})` });
        continue;
      }
      if (findings.length === 0) continue;
      if (reasons.has(rule.id)) continue;
      for (const f of findings) {
        if (violations.length >= maxViolations) break;
        violations.push(violation(rule.id, ref, f, source));
      }
    }
    for (const [ruleId, reason] of reasons) {
      optOuts.push(source === undefined ? { ruleId, object: ref, reason } : { ruleId, object: ref, reason, source });
    }
    if (violations.length >= maxViolations) {
      inputProblems.push({ ...where(source), message: `checking stopped here: ${maxViolations.toLocaleString('en-US')} violations found (the limit per run), ${located.length - i - 1} of ${located.length} objects unchecked and further violations of this one not listed; fix these first` });
      break;
    }
  }
  return { violations, optOuts, inputProblems, objectCount: located.length };
}

/** True when a report has neither violations nor input problems. */
export function passed(report: GuardReport): boolean {
  return report.violations.length === 0 && report.inputProblems.length === 0;
}
