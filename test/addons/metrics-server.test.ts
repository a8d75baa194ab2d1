/** metrics-server as its pinned chart renders it with our values: Oracle's virtual-node settings, on the pool. */
import { METRICS_SERVER_CHART, metricsServerAddOn } from '../../lib/addons/metrics-server';
import { renderAddOn } from '../../lib/addons/render';
import { exampleEnv } from '../helpers';
import { one, podOf, rendered } from './helpers';

const { objects } = rendered('metrics-server');
const deployment = one(objects, 'Deployment', 'metrics-server');
const { spec, container } = podOf(deployment);

describe('metrics-server add-on', () => {
  test('pinned chart, everything in kube-system (where the chart binds its auth-reader role anyway)', () => {
    expect(METRICS_SERVER_CHART).toEqual({ repoURL: 'https://kubernetes-sigs.github.io/metrics-server/', chart: 'metrics-server', version: '3.13.1' });
    expect([...new Set(objects.map((o) => o.metadata?.namespace).filter((n) => n !== undefined))]).toEqual(['kube-system']);
    expect(one(objects, 'APIService').metadata?.name).toBe('v1beta1.metrics.k8s.io');
  });

  test('metric resolution of 60 s: virtual kubelets report over at least a minute', () => {
    const args = container.args as string[];
    expect(args.filter((a) => a.startsWith('--metric-resolution='))).toEqual(['--metric-resolution=60s']);
    expect(args).toContain('--cert-dir=/tmp');
    expect(args).toContain('--secure-port=4443');
    const slower = podOf(one(renderAddOn(exampleEnv(), metricsServerAddOn(exampleEnv(), { metricResolutionSeconds: 90 })).objects, 'Deployment')).container.args as string[];
    expect(slower).toContain('--metric-resolution=90s');
    expect(() => metricsServerAddOn(exampleEnv(), { metricResolutionSeconds: 15 })).toThrow('metricResolutionSeconds 15: virtual nodes report metrics over at least 60 s; use 60 or more');
  });

  test('no seccompProfile, no priority class, no probes, off port 10250, one emptyDir', () => {
    expect(container.securityContext).toEqual({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, capabilities: { drop: ['ALL'] } });
    expect(spec).not.toHaveProperty('priorityClassName');
    expect(spec).not.toHaveProperty('securityContext');
    expect(container).not.toHaveProperty('livenessProbe');
    expect(container).not.toHaveProperty('readinessProbe');
    expect(container.ports).toEqual([{ name: 'https', containerPort: 4443, protocol: 'TCP' }]);
    expect(spec.volumes).toEqual([{ name: 'tmp', emptyDir: {} }]);
    expect(spec.nodeSelector).toEqual({ 'oke-vn.dev/pool': 'virtual' });
  });

  test('requests equal limits in whole cores; two replicas, a PDB and a surge-only rollout keep the metrics API up', () => {
    expect(container.resources).toEqual({ requests: { cpu: '1', memory: '1Gi' }, limits: { cpu: '1', memory: '1Gi' } });
    expect(deployment.spec).toMatchObject({ replicas: 2, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } } });
    expect(one(objects, 'PodDisruptionBudget').spec).toMatchObject({ minAvailable: 1 });
  });
});
