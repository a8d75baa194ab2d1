/**
 * A rotated secret reaches running pods: ESO rewrites the Secret, virtual nodes do not refresh mounted Secret
 * volumes, so Reloader rolls the app Deployment, which names its Secrets. Rendered from the pinned chart.
 */
import { RELOADER_CHART, RELOAD_ON_SECRETS } from '../../lib/addons/reloader';
import { WAVES } from '../../lib/gitops/sync-policy';
import type { KubeObject } from '../../lib/guard/types';
import { exampleEnv } from '../helpers';
import { environmentOutput, wave } from '../gitops/helpers';
import { one, podOf, rendered } from './helpers';

const { objects } = rendered('reloader');
const deployment = one(objects, 'Deployment', 'reloader-reloader');
const { spec, container } = podOf(deployment);
const out = environmentOutput(exampleEnv());
const app = out.file('30-app.k8s.yaml');

describe('Reloader add-on', () => {
  test('pinned chart 2.2.16 (Reloader v1.4.21) from the Stakater chart repository', () => {
    expect(RELOADER_CHART).toEqual({ repoURL: 'https://stakater.github.io/stakater-charts', chart: 'reloader', version: '2.2.16' });
    expect(container.image).toBe('ghcr.io/stakater/reloader:v1.4.21');
  });

  test('the trigger: the app Deployment names exactly the Secrets its ExternalSecrets write for its pods', () => {
    const appDeployment = one(app, 'Deployment', 'app');
    const targets = app.filter((o) => o.kind === 'ExternalSecret').map((o) => (o.spec as { target: { name: string } }).target.name);
    expect(targets.sort()).toEqual(['app-db', 'app-ocir-pull', 'app-tls']);
    // app-tls is Traefik's to read (it watches Secrets): no pod mounts it, nothing to roll.
    const forPods = targets.filter((t) => t !== 'app-tls');
    const annotation = (appDeployment.metadata as { annotations: Record<string, string> }).annotations[RELOAD_ON_SECRETS];
    expect(annotation?.split(',').sort()).toEqual(forPods.sort());
    // The mounted password and the pull secret are those Secrets.
    const podSpec = podOf(appDeployment).spec as { volumes: Array<{ secret?: { secretName: string } }>; imagePullSecrets: Array<{ name: string }> };
    expect(podSpec.volumes.flatMap((v) => (v.secret === undefined ? [] : [v.secret.secretName]))).toEqual(['app-db']);
    expect(podSpec.imagePullSecrets).toEqual([{ name: 'app-ocir-pull' }]);
  });

  test('Reloader watches that namespace only: Role and RoleBinding there, no ClusterRole', () => {
    expect(objects.filter((o) => o.kind === 'ClusterRole' || o.kind === 'ClusterRoleBinding')).toEqual([]);
    const roles = objects.filter((o) => o.kind === 'Role' && o.metadata?.namespace === 'app');
    expect(roles).toHaveLength(1);
    const rules = (roles[0] as KubeObject & { rules: Array<{ resources: string[]; verbs: string[] }> }).rules;
    expect(rules.some((r) => r.resources.includes('secrets') && r.verbs.includes('watch'))).toBe(true);
    expect(rules.some((r) => r.resources.includes('deployments') && r.verbs.includes('patch'))).toBe(true);
    expect(container.args).toEqual(['--log-level=info', '--namespaces=app,reloader', '--reload-strategy=annotations']);
  });

  test('rollouts through a pod-template annotation (no drift for Argo CD), after the workloads in the root sync', () => {
    const application = out.application('argocd/apps/reloader.k8s.yaml');
    expect(wave(application)).toBe(WAVES.addonsAfterWorkloads);
    expect(wave(application)).toBeGreaterThan(wave(out.application('argocd/apps/workloads.k8s.yaml')));
    expect(application.spec).not.toHaveProperty('ignoreDifferences');
  });

  test('the pod fits virtual nodes: equal requests and limits, read-only root with one emptyDir, only run-as fields at pod level', () => {
    expect(container.resources).toEqual({ requests: { cpu: '1', memory: '1Gi' }, limits: { cpu: '1', memory: '1Gi' } });
    expect(spec.securityContext).toEqual({ runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001 });
    expect(container.securityContext).toEqual({ allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, readOnlyRootFilesystem: true });
    expect((spec.volumes as Array<Record<string, unknown>>).filter((v) => 'emptyDir' in v)).toHaveLength(1);
    expect(spec.nodeSelector).toEqual({ 'oke-vn.dev/pool': 'virtual' });
  });
});
