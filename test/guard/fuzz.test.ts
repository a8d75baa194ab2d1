/**
 * Fuzz: generated hostile YAML through the guard's real path (file read, split, parse, checks), in-process.
 * Every case must end as a report (never an exception), with no rule tripping over the input ("could not read the
 * object"), and the hostile families must be stopped by the limit that names them. Seeded: a failure prints the
 * seed and case number, and `hostileCase(seed, n, objects)` replays it.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { guardObjects, guardPaths, type KubeObject } from '../../lib/guard';
import { rec } from '../../lib/guard/util';
import { hostileCase, type HostileCase } from '../hostile-yaml';
import { find, get, goodSet, put, web } from './fixtures';

const SEED = 20_260_514;
const CASES = Number(process.env.FUZZ_CASES ?? 160);

let dir: string;
beforeAll(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'guard-fuzz-')); });
afterAll(() => { fs.rmSync(dir, { recursive: true, force: true }); });

/** What the report must say for a case of this family, beyond "no crash". */
function expectedProblem(c: HostileCase): RegExp | undefined {
  switch (c.family) {
    case 'self-alias': return /refers to a collection that contains it/;
    case 'document-flood': return /more than 10,000 YAML documents \(the limit per run\)/;
    case 'bad-bytes': return c.bytes?.includes(0) === true ? /not a text file/ : /is not valid UTF-8 \(byte 0x[0-9a-f]{2} at offset \d+, line 4\)/;
    default: return undefined;
  }
}

/** Leaves of an alias bomb case, read back from its text: width^levels. */
function bombLeaves(text: string): number {
  const width = (/l0: &l0 \[(.*)\]/.exec(text)?.[1] ?? '').split(',').length;
  const levels = (text.match(/&l\d+/g) ?? []).length;
  return width ** levels;
}

const objects = goodSet();

test.each(Array.from({ length: CASES }, (_, n) => n))(`seed ${SEED} case %i ends in a report, stopped by the limit it hits`, (n) => {
  const c = hostileCase(SEED, n, objects);
  const file = path.join(dir, `case-${n}.yaml`);
  fs.writeFileSync(file, c.bytes ?? c.text);

  const report = guardPaths([file]);
  const problems = report.inputProblems.map((p) => p.message);

  expect(problems.filter((m) => m.includes('could not read the object'))).toEqual([]);
  const expected = expectedProblem(c);
  if (expected !== undefined) expect(problems.some((m) => expected.test(m))).toBe(true);
  if (c.family === 'alias-bomb' && bombLeaves(c.text) > 2_000_000) {
    expect(problems.some((m) => /expands to more than 1,000,000 YAML nodes/.test(m))).toBe(true);
  }
  if (c.family === 'deep-nesting') expect(problems.some((m) => /nests deeper than 100 levels/.test(m))).toBe((c.depth ?? 0) > 100);
});

describe('names of Object.prototype members are plain names', () => {
  test('a Service selecting on a label named __proto__ or constructor is matched like any other label', () => {
    for (const key of ['__proto__', 'constructor']) {
      const set = goodSet();
      const svc = find(set, 'Service', 'web');
      const selector = JSON.parse(`{"${key}": "x"}`) as Record<string, string>; // an own key, as YAML gives it
      put(svc, 'spec.selector', selector);
      const findings = (): string[] => guardObjects(set).violations.filter((v) => v.ruleId === 'ref-service-targets').map((v) => v.path);
      expect(findings()).toEqual(['spec.selector']);
      Object.defineProperty(rec(get(web(set), 'spec.template.metadata.labels')), key, { value: 'x', enumerable: true });
      expect(findings()).toEqual([]);
    }
  });
});

describe('CustomResourceDefinitions from the input are compiled within a budget', () => {
  /**
   * A CRD whose spec schema has `width` string properties, and one custom resource breaking it. Each case uses its
   * own group: CRDs stay registered for the rest of the process.
   */
  const crdSet = (width: number, group: string, kind: string): KubeObject[] => {
    const properties = Object.fromEntries(Array.from({ length: width }, (_, i) => [`p${i}`, { type: 'string' }]));
    return [
      {
        apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: `${kind.toLowerCase()}s.${group}` },
        spec: {
          group, scope: 'Namespaced', names: { kind, plural: `${kind.toLowerCase()}s`, singular: kind.toLowerCase(), listKind: `${kind}List` },
          versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties } } } } }],
        },
      },
      { apiVersion: `${group}/v1`, kind, metadata: { name: 'g', namespace: 'x' }, spec: { p0: 5 } },
    ];
  };

  test('within the budget the custom resource is validated; past it the CRD is an input problem naming the limit', () => {
    const within = guardObjects(crdSet(50, 'within.example.com', 'Gadget'));
    expect(within.inputProblems).toEqual([]);
    expect(within.violations.map((v) => `${v.ruleId} ${v.path}`)).toEqual(['schema spec.p0']);
    const past = guardObjects(crdSet(50, 'past.example.com', 'Gizmo'), { maxCrdSchemaNodes: 100 });
    expect(past.inputProblems.map((p) => p.message)).toEqual([
      'CustomResourceDefinition gizmos.past.example.com: the schemas of the CustomResourceDefinitions in the input pass 100 nodes in all (the limit: each is compiled into a validator); its custom resources cannot be checked. Guard fewer or smaller CRDs at once',
      expect.stringMatching(/^Gizmo x\/g: unknown kind "Gizmo"/),
    ]);
  });
});

describe('the report is bounded', () => {
  test('checking stops at the violation limit with an input problem saying how much was left unchecked', () => {
    const set = goodSet();
    const containers = Array.from({ length: 40 }, (_, i) => ({ name: `c${i}`, image: 'nginx:1.27' }));
    put(web(set), 'spec.template.spec.containers', containers);
    const report = guardObjects(set, { maxViolations: 25 });
    expect(report.violations).toHaveLength(25);
    expect(report.inputProblems).toEqual([{ message: expect.stringMatching(/^checking stopped here: 25 violations found \(the limit per run\), \d+ of \d+ objects unchecked and further violations of this one not listed; fix these first$/) }]);
  });
});

test('checking stops at the time limit with an input problem saying how much was left unchecked', () => {
  const set = goodSet();
  const report = guardObjects(set, { timeLimitMs: 0 });
  expect(report.violations).toEqual([]);
  expect(report.inputProblems).toEqual([{ message: `checking stopped here after 0 s (the time limit), ${set.length} of ${set.length} objects unchecked; guard fewer files at once` }]);
});
