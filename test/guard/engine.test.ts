/**
 * The engine: opt-out annotations, kind: List, sources, input problems, and which pods the virtual-node rules
 * apply to.
 */
import { OPT_OUT_PREFIX, guardObjects, passed } from '../../lib/guard/engine';
import { GuardError, assertGuardPasses } from '../../lib/guard';
import { makeVirtualNodeMatcher, podTemplateOf } from '../../lib/guard/pods';
import type { KubeObject, PodTemplate } from '../../lib/guard/types';
import { POD, goodSet, put, web } from './fixtures';

const annotation = (rule: string): string => `metadata.annotations["${OPT_OUT_PREFIX}${rule}"]`;

describe('opt-outs', () => {
  it('suppress the named rule on that object only, and are listed with their reason', () => {
    const set = goodSet();
    put(web(set), `${POD}.terminationGracePeriodSeconds`, 45);
    put(web(set), `${POD}.hostname`, 'web');
    put(web(set), annotation('vn-pod-termination-grace-period'), 'only a real cluster can settle whether VN ignore the field');
    const report = guardObjects(set);
    expect(report.violations.map((v) => v.ruleId)).toEqual(['vn-pod-hostname']);
    expect(report.optOuts).toEqual([{
      ruleId: 'vn-pod-termination-grace-period',
      object: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'web' },
      reason: 'only a real cluster can settle whether VN ignore the field',
    }]);
  });

  it('need a reason and a known rule, and cannot silence schema errors', () => {
    const set = goodSet();
    put(web(set), annotation('vn-pod-hostname'), '  ');
    put(web(set), annotation('no-such-rule'), 'because');
    put(web(set), annotation('schema'), 'because');
    put(web(set), annotation('api-object-name'), 'because');
    const report = guardObjects(set);
    expect(report.violations.map((v) => v.ruleId)).toEqual(['guard-opt-out', 'guard-opt-out', 'guard-opt-out', 'guard-opt-out']);
    expect(report.violations.map((v) => v.message).join('\n')).toMatch(/without a reason[\s\S]*unknown rule "no-such-rule"[\s\S]*cannot be opted out/);
    expect(report.optOuts).toEqual([]);
  });
});

describe('input handling', () => {
  it('expands kind: List and reports entries without apiVersion/kind with their source', () => {
    const list: KubeObject = { apiVersion: 'v1', kind: 'List', items: [...goodSet(), { kind: 'ConfigMap', metadata: { name: 'x' } }] };
    const report = guardObjects([list], { sources: [{ file: 'all.yaml', index: 3 }] });
    expect(report.objectCount).toBe(15);
    expect(report.violations).toEqual([]);
    expect(report.inputProblems).toEqual([{ file: 'all.yaml', index: 3, message: 'item 15 of List has no apiVersion (a Kubernetes object needs both, e.g. apiVersion: apps/v1 and kind: Deployment)' }]);
    expect(passed(report)).toBe(false);
  });

  it('reports non-objects instead of crashing, and keeps checking the rest', () => {
    const report = guardObjects(['text', null, 42, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' }, spec: 'oops' }] as unknown as KubeObject[]);
    expect(report.inputProblems.map((p) => p.message)).toEqual([
      'object 0 is not a mapping (got string); a Kubernetes object needs apiVersion and kind',
      'object 1 is not a mapping (got null); a Kubernetes object needs apiVersion and kind',
      'object 2 is not a mapping (got number); a Kubernetes object needs apiVersion and kind',
    ]);
    expect(report.violations.filter((v) => v.ruleId === 'schema').map((v) => v.path)).toEqual(['spec']);
  });

  it('copies sources into violations', () => {
    const set = goodSet();
    put(web(set), `${POD}.hostname`, 'web');
    const sources = set.map((_, index) => ({ file: 'app.yaml', index }));
    const v = guardObjects(set, { sources }).violations;
    expect(v.map((x) => x.source)).toEqual([{ file: 'app.yaml', index: set.indexOf(web(set)) }]);
  });

  it('refuses to enable a rule that is not optional', () => {
    expect(guardObjects(goodSet(), { enable: ['vn-daemonset'] }).inputProblems[0]?.message).toContain('not an optional rule');
  });
});

describe('which pods the virtual-node rules apply to', () => {
  const pod = (spec: Record<string, unknown>): PodTemplate => podTemplateOf({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [], ...spec } }) as PodTemplate;
  const required = (expr: Record<string, unknown>): Record<string, unknown> => ({ affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [expr] }] } } } });

  it('treats every pod as virtual-node bound unless a selector contradicts known virtual-node labels', () => {
    const unknown = makeVirtualNodeMatcher(undefined);
    expect(unknown(pod({}))).toBe(true);
    expect(unknown(pod({ nodeSelector: { pool: 'managed' } }))).toBe(true);
    expect(unknown(pod({ nodeSelector: { 'kubernetes.io/os': 'windows' } }))).toBe(false);
    expect(unknown(pod({ nodeSelector: { 'topology.kubernetes.io/zone': 'EU-FRANKFURT-1-AD-1' } }))).toBe(true);
  });

  it('uses declared virtual-node labels as the complete set', () => {
    const declared = makeVirtualNodeMatcher({ pool: 'virtual' });
    expect(declared(pod({ nodeSelector: { pool: 'virtual' } }))).toBe(true);
    expect(declared(pod({ nodeSelector: { pool: 'managed' } }))).toBe(false);
    expect(declared(pod({ nodeSelector: { gpu: 'true' } }))).toBe(false);
    expect(declared(pod(required({ key: 'pool', operator: 'NotIn', values: ['virtual'] })))).toBe(false);
    expect(declared(pod(required({ key: 'pool', operator: 'In', values: ['virtual', 'managed'] })))).toBe(true);
    expect(declared(pod(required({ key: 'pool', operator: 'DoesNotExist' })))).toBe(false);
    expect(declared(pod(required({ key: 'gpu', operator: 'DoesNotExist' })))).toBe(true);
  });

  it('lets a DaemonSet pinned to managed nodes pass the virtual-node rules but not the security ones', () => {
    const set = goodSet();
    const ds = JSON.parse(JSON.stringify(web(set))) as KubeObject;
    ds.kind = 'DaemonSet';
    put(ds, 'metadata.name', 'agent');
    delete (ds.spec as Record<string, unknown>).strategy;
    put(ds, `${POD}.nodeSelector`, { pool: 'managed' });
    put(ds, `${POD}.hostNetwork`, true);
    set.push(ds);
    const rules = guardObjects(set, { virtualNodeLabels: { pool: 'virtual' } }).violations.filter((v) => v.object.name === 'agent').map((v) => v.ruleId);
    expect(rules).toEqual(['sec-host-namespaces', 'sec-seccomp']);
  });
});

describe('assertGuardPasses (for the synth)', () => {
  it('returns the report when clean and throws every violation otherwise', () => {
    expect(assertGuardPasses(goodSet()).violations).toEqual([]);
    const set = goodSet();
    put(web(set), `${POD}.hostname`, 'web');
    put(web(set), `${POD}.os`, { name: 'linux' });
    let thrown: unknown;
    try { assertGuardPasses(set); } catch (err) { thrown = err; }
    expect(thrown).toBeInstanceOf(GuardError);
    const err = thrown as GuardError;
    expect(err.report.violations.map((v) => v.ruleId)).toEqual(['vn-pod-hostname', 'vn-pod-os']);
    expect(err.message.split('\n').filter((l) => l.startsWith('['))).toHaveLength(2);
  });
});

describe('nulls', () => {
  it('treats null fields as unset, as the API server does (kubectl create --dry-run output)', () => {
    const set = goodSet();
    put(web(set), 'metadata.creationTimestamp', null);
    put(web(set), 'status', {});
    put(web(set), `${POD}.hostname`, null);
    expect(guardObjects(set).violations).toEqual([]);
  });
});

describe('secret values', () => {
  it('never appear in messages, whatever rule or schema error points at them', () => {
    const set = goodSet();
    put(web(set), `${POD}.containers[0].env[1]`, { name: 'API_TOKEN', value: 's3cr3t-value-1' });
    set.push({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'leak', namespace: 'shop' }, data: { k: 's3cr3t-value-2' }, stringData: { j: 's3cr3t-value-3' } });
    const report = guardObjects(set);
    expect(report.violations.map((v) => v.ruleId).sort()).toEqual(['schema', 'sec-env-secret-literal', 'sec-secret-data', 'sec-secret-data']);
    expect(JSON.stringify(report)).not.toMatch(/s3cr3t/);
  });
});
