import { PodDisruptionBudget } from '../../lib/constructs/pod-disruption-budget';
import { WorkloadNamespace } from '../../lib/constructs/workload-namespace';
import { findObject, synthObjects } from '../helpers';

describe('PodDisruptionBudget', () => {
  test('maxUnavailable with AlwaysAllow for unhealthy pods', () => {
    const pdb = findObject(synthObjects((s) => new PodDisruptionBudget(s, 'pdb', { name: 'web', namespace: 'shop', selectorLabels: { app: 'web' } })), 'PodDisruptionBudget');
    expect(pdb.apiVersion).toBe('policy/v1');
    expect(pdb.spec).toEqual({ maxUnavailable: 1, selector: { matchLabels: { app: 'web' } }, unhealthyPodEvictionPolicy: 'AlwaysAllow' });
  });
  test('refuses a budget that blocks every eviction', () => {
    expect(() => synthObjects((s) => new PodDisruptionBudget(s, 'pdb', { name: 'web', namespace: 'shop', selectorLabels: { app: 'web' }, maxUnavailable: 0 }))).toThrow(/blocks every eviction/);
  });
});

describe('WorkloadNamespace', () => {
  test('enforces PSA baseline, warns and audits restricted (pod seccomp is impossible on virtual nodes)', () => {
    const ns = findObject(synthObjects((s) => new WorkloadNamespace(s, 'ns', { name: 'shop', loadBalancerReadinessGates: true })), 'Namespace');
    expect(ns.metadata?.labels).toEqual({
      'pod-security.kubernetes.io/enforce': 'baseline', 'pod-security.kubernetes.io/enforce-version': 'v1.34',
      'pod-security.kubernetes.io/warn': 'restricted', 'pod-security.kubernetes.io/warn-version': 'v1.34',
      'pod-security.kubernetes.io/audit': 'restricted', 'pod-security.kubernetes.io/audit-version': 'v1.34',
      'loadbalancer.oci.oraclecloud.com/pod-readiness-gate-inject': 'enabled',
    });
  });
});
