import * as yaml from 'js-yaml';
import { renderValues } from '../../lib/addons/helm-addon';
import { METRICS_SERVER_CHART, metricsServerAddOn } from '../../lib/addons/metrics-server';
import { helmMerge } from '../gitops/helpers';
import { exampleEnv } from '../helpers';

/** Chart defaults of metrics-server 3.13.x that virtual nodes object to (charts/metrics-server/values.yaml). */
const CHART_DEFAULTS = {
  securityContext: {
    allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true, runAsUser: 1000,
    seccompProfile: { type: 'RuntimeDefault' }, capabilities: { drop: ['ALL'] },
  },
  priorityClassName: 'system-cluster-critical',
  containerPort: 10250,
  defaultArgs: ['--cert-dir=/tmp', '--kubelet-preferred-address-types=InternalIP,ExternalIP,Hostname', '--kubelet-use-node-status-port', '--metric-resolution=15s'],
  livenessProbe: { httpGet: { path: '/livez', port: 'https', scheme: 'HTTPS' }, initialDelaySeconds: 0, periodSeconds: 10, failureThreshold: 3 },
  readinessProbe: { httpGet: { path: '/readyz', port: 'https', scheme: 'HTTPS' }, initialDelaySeconds: 20, periodSeconds: 10, failureThreshold: 3 },
  resources: { requests: { cpu: '100m', memory: '200Mi' } },
  hostNetwork: { enabled: false },
  tmpVolume: { emptyDir: {} },
};

function merged(options = {}): Record<string, unknown> {
  const values = yaml.load(renderValues(metricsServerAddOn(exampleEnv(), options)));
  return helmMerge(CHART_DEFAULTS, values) as Record<string, unknown>;
}

describe('metrics-server add-on', () => {
  test('pinned chart, in kube-system (where the chart binds its auth-reader role anyway)', () => {
    expect(METRICS_SERVER_CHART).toEqual({ repoURL: 'https://kubernetes-sigs.github.io/metrics-server/', chart: 'metrics-server', version: '3.13.1' });
    expect(metricsServerAddOn(exampleEnv()).namespace).toBe('kube-system');
  });

  test('metric resolution of 60 s: virtual kubelets report over at least a minute', () => {
    const args = merged().defaultArgs as string[];
    expect(args.filter((a) => a.startsWith('--metric-resolution='))).toEqual(['--metric-resolution=60s']);
    expect(args).toContain('--cert-dir=/tmp');
    expect(merged({ metricResolutionSeconds: 90 }).defaultArgs).toContain('--metric-resolution=90s');
    expect(() => metricsServerAddOn(exampleEnv(), { metricResolutionSeconds: 15 })).toThrow('metricResolutionSeconds 15: virtual nodes report metrics over at least 60 s; use 60 or more');
  });

  test('after the Helm merge: no seccompProfile, no priority class, no probes, off port 10250', () => {
    const m = merged();
    expect(m.securityContext).toEqual({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true, runAsUser: 1000, capabilities: { drop: ['ALL'] } });
    expect(m.priorityClassName).toBe(''); // the template renders priorityClassName only when non-empty
    expect(m).not.toHaveProperty('livenessProbe');
    expect(m).not.toHaveProperty('readinessProbe');
    expect(m.containerPort).toBe(4443);
    expect(m.podSecurityContext).toEqual({});
    expect(m.hostNetwork).toEqual({ enabled: false });
    expect(m.tmpVolume).toEqual({ emptyDir: {} }); // the pod's one emptyDir, no sizeLimit
  });

  test('requests equal limits in whole cores; two replicas, a PDB and a surge-only rollout keep the metrics API up', () => {
    const m = merged();
    const r = m.resources as { requests: Record<string, string>; limits: Record<string, string> };
    expect(r.requests).toEqual(r.limits);
    expect(r.limits).toEqual({ cpu: '1', memory: '1Gi' });
    expect(m).toMatchObject({ replicas: 2, podDisruptionBudget: { enabled: true, minAvailable: 1 }, updateStrategy: { rollingUpdate: { maxUnavailable: 0 } } });
    expect(m.nodeSelector).toEqual({ 'oke-vn.dev/pool': 'virtual' });
  });
});
