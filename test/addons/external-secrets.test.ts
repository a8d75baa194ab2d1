import * as fs from 'fs';
import * as path from 'path';
import * as yaml from 'js-yaml';
import { EXTERNAL_SECRETS_CHART, externalSecretsAddOn } from '../../lib/addons/external-secrets';
import { renderValues } from '../../lib/addons/helm-addon';
import { Environment } from '../../lib/config';
import { helmMerge } from '../gitops/helpers';
import { ROOT, exampleEnv } from '../helpers';

/**
 * Chart defaults of external-secrets 2.9.0 that our values must change (deploy/charts/external-secrets/values.yaml):
 * the same securityContext and podSecurityContext under the controller, `webhook` and `certController`.
 */
const CHART_SECURITY_DEFAULTS = {
  podSecurityContext: { enabled: true },
  securityContext: {
    allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, enabled: true, readOnlyRootFilesystem: true,
    runAsNonRoot: true, runAsUser: 1000, seccompProfile: { type: 'RuntimeDefault' },
  },
  resources: {},
  hostNetwork: false,
};
const PODS = ['controller', 'webhook', 'certController'] as const;

function values(env: Environment = exampleEnv()): Record<string, Record<string, unknown>> {
  return yaml.load(renderValues(externalSecretsAddOn(env))) as Record<string, Record<string, unknown>>;
}
const pod = (v: Record<string, Record<string, unknown>>, p: (typeof PODS)[number]) => (p === 'controller' ? v : v[p]) as Record<string, unknown>;

describe('External Secrets Operator add-on', () => {
  test('pinned to chart 2.9.0, the version of the vendored CRDs our SecretStore/ExternalSecrets are typed against', () => {
    expect(EXTERNAL_SECRETS_CHART).toEqual({ repoURL: 'https://charts.external-secrets.io', chart: 'external-secrets', version: '2.9.0' });
    expect(fs.readFileSync(path.join(ROOT, 'crds', 'README.md'), 'utf8')).toMatch(/external-secrets\.io\.yaml.*v2\.9\.0/);
    expect(values().installCRDs).toBe(true);
  });

  test.each(PODS)('%s: after Helm merges our values over the chart defaults, no seccompProfile and no pod securityContext remain', (p) => {
    const merged = helmMerge(CHART_SECURITY_DEFAULTS, pod(values(), p)) as Record<string, Record<string, unknown>>;
    expect(merged.securityContext).toEqual({
      allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, enabled: true, readOnlyRootFilesystem: true, runAsNonRoot: true, runAsUser: 1000,
    });
    // The templates render a pod securityContext only when `enabled` and at least one other key.
    expect(merged.podSecurityContext).toEqual({ enabled: false });
  });

  test.each(PODS)('%s: requests equal limits, in whole cores and GiB', (p) => {
    const r = pod(values(), p).resources as { requests: Record<string, string>; limits: Record<string, string> };
    expect(r.requests).toEqual(r.limits);
    expect(Number.isInteger(Number(r.limits.cpu)) && Number(r.limits.cpu) >= 1).toBe(true);
    expect(r.limits.memory).toMatch(/^[1-9][0-9]*Gi$/);
  });

  test.each(PODS)('%s: on the virtual node pool, no host network, no init containers, no NetworkPolicy', (p) => {
    const v = pod(values(), p);
    expect(v.networkPolicy).toEqual({ enabled: false });
    expect(v.nodeSelector).toEqual({ 'oke-vn.dev/pool': 'virtual' });
    expect(v.hostNetwork).toBe(false);
    expect(v.extraInitContainers).toEqual([]);
    expect(v).not.toHaveProperty('terminationGracePeriodSeconds');
  });

  test('the webhook listens off the kubelet port 10250 and outside the NodePort range', () => {
    const port = values().webhook?.port as number;
    expect(port).not.toBe(10250);
    expect(port < 30000 || port > 32767).toBe(true);
    expect(externalSecretsAddOn(exampleEnv(), { webhookPort: 10443 }).values).toMatchObject({ webhook: { port: 10443 } });
  });

  test('one controller without leader election (more replicas would need leaderElect: true)', () => {
    expect(values()).toMatchObject({ replicaCount: 1, leaderElect: false });
  });

  test('a tainted pool is tolerated by all three pods', () => {
    const env = exampleEnv();
    const tainted: Environment = { ...env, virtualNodePool: { ...env.virtualNodePool, taint: { key: 'pool', value: 'vn', effect: 'NoSchedule' } } };
    for (const p of PODS) expect(pod(values(tainted), p).tolerations).toEqual([{ key: 'pool', operator: 'Equal', value: 'vn', effect: 'NoSchedule' }]);
  });

  test('server-side apply (CRDs over the 262,144-byte annotation limit) and the CRDs it owns', () => {
    const addOn = externalSecretsAddOn(exampleEnv());
    expect(addOn.syncOptions).toContain('ServerSideApply=true');
    // The SecretStore CRD really is that big: client-side apply would fail on it.
    const crds = fs.readFileSync(path.join(ROOT, 'crds', 'external-secrets.io.yaml'), 'utf8').split(/^---$/m);
    const store = crds.find((d) => /name: secretstores\.external-secrets\.io/.test(d)) as string;
    expect(Buffer.byteLength(store)).toBeGreaterThan(262144);
    expect(addOn.renders.clusterScoped).toContainEqual({ group: 'apiextensions.k8s.io', kind: 'CustomResourceDefinition' });
  });

  test('bad sizing is refused with the value and the fix', () => {
    expect(() => externalSecretsAddOn(exampleEnv(), { cpu: 0.5 })).toThrow('cpu 0.5: virtual nodes need a whole number of cores');
  });
});
