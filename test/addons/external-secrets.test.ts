/**
 * ESO as its pinned chart renders it with our values: the controller only (no webhook, no cert-controller: they
 * cannot start on virtual nodes, see lib/addons/external-secrets.ts), fit for the virtual node pool.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { EXTERNAL_SECRETS_CHART, externalSecretsAddOn } from '../../lib/addons/external-secrets';
import { renderAddOn } from '../../lib/addons/render';
import { Environment } from '../../lib/config';
import { ROOT, exampleEnv } from '../helpers';
import { environmentOutput, wave } from '../gitops/helpers';
import { one, podOf, rendered } from './helpers';

const { objects } = rendered('external-secrets');

describe('External Secrets Operator add-on', () => {
  test('pinned to chart 2.9.0, the version of the vendored CRDs our SecretStore/ExternalSecrets are typed against', () => {
    expect(EXTERNAL_SECRETS_CHART).toEqual({ repoURL: 'https://charts.external-secrets.io', chart: 'external-secrets', version: '2.9.0' });
    expect(fs.readFileSync(path.join(ROOT, 'crds', 'README.md'), 'utf8')).toMatch(/external-secrets\.io\.yaml.*v2\.9\.0/);
  });

  test('no webhook and no cert-controller: no Deployment, Secret, Service or ValidatingWebhookConfiguration for them', () => {
    expect(objects.filter((o) => o.kind === 'Deployment').map((o) => o.metadata?.name)).toEqual(['external-secrets']);
    expect(objects.filter((o) => ['Secret', 'Service', 'ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration'].includes(o.kind))).toEqual([]);
    expect(JSON.stringify(objects)).not.toMatch(/cert-controller|external-secrets-webhook/);
  });

  test('the sync order matches: no caBundle to ignore, no webhook to wait for; the add-on wave comes before the SecretStore', () => {
    const out = environmentOutput(exampleEnv());
    const app = out.application('argocd/apps/external-secrets.k8s.yaml');
    expect(app.spec).not.toHaveProperty('ignoreDifferences');
    expect(JSON.stringify(app)).not.toContain('RespectIgnoreDifferences');
    const store = out.file('30-app.k8s.yaml').find((o) => o.kind === 'SecretStore');
    expect(wave(app)).toBeLessThan(wave(out.application('argocd/apps/workloads.k8s.yaml')));
    expect(wave(store as never)).toBeGreaterThan(0);
  });

  test('the controller pod: requests == limits in whole cores, the pool\'s nodeSelector, UID/GID 10001, no seccompProfile, a readiness probe', () => {
    const { spec, container } = podOf(one(objects, 'Deployment', 'external-secrets'));
    expect(container.resources).toEqual({ requests: { cpu: '1', memory: '1Gi' }, limits: { cpu: '1', memory: '1Gi' } });
    expect(spec.nodeSelector).toEqual({ 'oke-vn.dev/pool': 'virtual' });
    expect(container.securityContext).toEqual({
      allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, readOnlyRootFilesystem: true, runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001,
    });
    expect(spec).not.toHaveProperty('securityContext');
    expect(container.readinessProbe).toMatchObject({ httpGet: { path: '/readyz' } });
    // Rendered by the chart whatever the values; a plain omitempty bool the API server drops (the guard passes it).
    expect(spec.hostNetwork).toBe(false);
  });

  test('a tainted pool is tolerated', () => {
    const env = exampleEnv();
    const tainted: Environment = { ...env, virtualNodePool: { ...env.virtualNodePool, taint: { key: 'pool', value: 'vn', effect: 'NoSchedule' } } };
    const { spec } = podOf(one(renderAddOn(tainted, externalSecretsAddOn(tainted)).objects, 'Deployment', 'external-secrets'));
    expect(spec.tolerations).toEqual([{ key: 'pool', operator: 'Equal', value: 'vn', effect: 'NoSchedule' }]);
  });

  test('server-side apply: the published chart\'s CRDs exceed the 262,144-byte annotation limit', () => {
    const addOn = externalSecretsAddOn(exampleEnv());
    expect(addOn.syncOptions).toContain('ServerSideApply=true');
    const crds = fs.readFileSync(path.join(ROOT, 'crds', 'external-secrets.io.yaml'), 'utf8').split(/^---$/m);
    const store = crds.find((d) => /name: secretstores\.external-secrets\.io/.test(d)) as string;
    expect(Buffer.byteLength(store)).toBeGreaterThan(262144);
    expect(addOn.renders.clusterScoped).toContainEqual({ group: 'apiextensions.k8s.io', kind: 'CustomResourceDefinition' });
  });

  test('bad sizing is refused with the value and the fix', () => {
    expect(() => externalSecretsAddOn(exampleEnv(), { cpu: 0.5 })).toThrow('cpu 0.5: virtual nodes need a whole number of cores');
  });
});
