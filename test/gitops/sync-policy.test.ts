import { ApiObject, Chart, Testing } from 'cdk8s';
import { HOOK, HOOK_DELETE_POLICY, MissingSyncWaveError, SYNC_OPTIONS, WAVES, applySyncPolicy, groupKind, waveOf } from '../../lib/gitops/sync-policy';
import { KubeObject } from '../../lib/synth/environment-app';
import { exampleEnv, testApp } from '../helpers';
import { environmentOutput, wave } from './helpers';

describe('sync-wave policy', () => {
  const out = environmentOutput(exampleEnv());
  const ours = ['10-namespaces.k8s.yaml', '20-ingress-controller.k8s.yaml', '25-db-user.k8s.yaml', '30-app.k8s.yaml'].flatMap((f) => out.file(f));
  const byKind = (kind: string) => ours.filter((o) => o.kind === kind);
  const waves = (objects: readonly KubeObject[]) => [...new Set(objects.map(wave))];

  test('root level: the operator add-ons (CRDs, webhook, metrics API) come before the Application of our manifests', () => {
    const eso = wave(out.application('argocd/apps/external-secrets.k8s.yaml'));
    const ms = wave(out.application('argocd/apps/metrics-server.k8s.yaml'));
    const workloads = wave(out.application('argocd/apps/workloads.k8s.yaml'));
    expect(eso).toBeLessThan(workloads);
    expect(ms).toBeLessThan(workloads);
  });

  test('inside our manifests: namespaces and RBAC < SecretStores < ExternalSecrets < the DB-user Job < ingress controller and app', () => {
    const foundation = [...byKind('Namespace'), ...byKind('ServiceAccount'), ...byKind('ClusterRole'), ...byKind('ClusterRoleBinding'), ...byKind('Role'), ...byKind('RoleBinding'), ...byKind('IngressClass')];
    const store = byKind('SecretStore');
    const externalSecrets = byKind('ExternalSecret');
    const jobs = byKind('Job');
    const workloads = [...byKind('Deployment'), ...byKind('Service'), ...byKind('HorizontalPodAutoscaler'), ...byKind('PodDisruptionBudget'), ...byKind('Ingress')];
    expect(store.map((o) => o.metadata?.namespace).sort()).toEqual(['app', 'db-user']);
    expect(externalSecrets.length).toBeGreaterThanOrEqual(2);
    expect(jobs.map((o) => `${o.metadata?.namespace}/${o.metadata?.name}`)).toEqual(['db-user/db-user']);
    expect(byKind('Deployment').map((d) => d.metadata?.name).sort()).toEqual(['app', 'traefik']);
    // Every object of ours is in exactly one of these groups, so every object is ordered.
    expect(foundation.length + store.length + externalSecrets.length + jobs.length + workloads.length).toBe(ours.length);
    const [f, s, e, j, w] = [waves(foundation), waves(store), waves(externalSecrets), waves(jobs), waves(workloads)];
    expect([f, s, e, j, w].map((x) => x.length)).toEqual([1, 1, 1, 1, 1]);
    expect(f[0]).toBeLessThan(s[0] as number);
    expect(s[0]).toBeLessThan(e[0] as number);
    expect(e[0]).toBeLessThan(j[0] as number);
    expect(j[0]).toBeLessThan(w[0] as number);
  });

  test('the Job is a Sync hook re-created on every sync (a finished Job is deleted by its TTL; its template is immutable)', () => {
    for (const o of ours) {
      const annotations = o.metadata?.annotations as Record<string, string>;
      if (o.kind === 'Job') {
        expect(annotations[HOOK]).toBe('Sync');
        expect(annotations[HOOK_DELETE_POLICY]).toBe('BeforeHookCreation');
        expect((o.spec as { ttlSecondsAfterFinished?: number }).ttlSecondsAfterFinished).toBeGreaterThan(0);
      } else {
        expect(annotations[HOOK]).toBeUndefined();
      }
    }
  });

  test('custom resources whose CRDs arrive with the ESO Application skip the dry run; nothing else does', () => {
    for (const o of ours) {
      const options = (o.metadata?.annotations as Record<string, string>)[SYNC_OPTIONS];
      if (o.apiVersion.startsWith('external-secrets.io/')) expect(options).toBe('SkipDryRunOnMissingResource=true');
      else expect(options).toBeUndefined();
    }
  });

  test('a kind without a place in the order stops the synth, naming the object and how to give the kind a wave', () => {
    const app = testApp();
    const chart = new Chart(app, 'c');
    new ApiObject(chart, 'monitor', { apiVersion: 'monitoring.coreos.com/v1', kind: 'ServiceMonitor', metadata: { name: 'orders', namespace: 'shop' } });
    expect(() => applySyncPolicy(chart)).toThrow(MissingSyncWaveError);
    expect(() => applySyncPolicy(chart)).toThrow(
      "no sync wave for monitoring.coreos.com/ServiceMonitor (ServiceMonitor shop/orders): give the kind a place in the order: in a workload module, syncWaves: { 'monitoring.coreos.com/ServiceMonitor': 'workloads' }",
    );
    applySyncPolicy(chart, { 'monitoring.coreos.com/ServiceMonitor': 'externalSecret' });
    expect(wave(Testing.synth(chart)[0] as KubeObject)).toBe(WAVES.externalSecret);
  });

  test('kinds virtual nodes reject have a wave, so they reach the guard (which says why and what instead)', () => {
    for (const [apiVersion, kind] of [['apps/v1', 'DaemonSet'], ['v1', 'PersistentVolumeClaim'], ['networking.k8s.io/v1', 'NetworkPolicy'], ['batch/v1', 'Job'], ['batch/v1', 'CronJob']]) {
      expect(typeof waveOf(apiVersion as string, kind as string)).toBe('number');
    }
  });

  test('extra waves add kinds, never move a built-in one', () => {
    expect(waveOf('apps/v1', 'Deployment', { 'apps/Deployment': 'foundation' })).toBe(WAVES.workloads);
    expect(waveOf('batch/v1', 'Job', { 'batch/Job': 'workloads' })).toBe(WAVES.jobs);
  });

  test('every Job, a workload module\'s too, is a Sync hook in the jobs wave (before the workloads); a CronJob is a tracked workload', () => {
    const app = testApp();
    const chart = new Chart(app, 'c');
    new ApiObject(chart, 'migrate', { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'migrate', namespace: 'shop' } });
    new ApiObject(chart, 'report', { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'report', namespace: 'shop' } });
    applySyncPolicy(chart);
    const [job, cron] = Testing.synth(chart) as KubeObject[];
    expect(wave(job!)).toBe(WAVES.jobs);
    expect(job!.metadata?.annotations).toMatchObject({ [HOOK]: 'Sync', [HOOK_DELETE_POLICY]: 'BeforeHookCreation' });
    expect(wave(cron!)).toBe(WAVES.workloads);
    expect((cron!.metadata?.annotations as Record<string, string>)[HOOK]).toBeUndefined();
    expect(WAVES.externalSecret).toBeLessThan(WAVES.jobs);
    expect(WAVES.jobs).toBeLessThan(WAVES.workloads);
  });

  test('kinds are keyed by API group, the core group by kind alone', () => {
    expect(groupKind('v1', 'Service')).toBe('Service');
    expect(groupKind('networking.k8s.io/v1', 'Ingress')).toBe('networking.k8s.io/Ingress');
    expect(waveOf('external-secrets.io/v1', 'ExternalSecret')).toBe(WAVES.externalSecret);
    expect(() => waveOf('example.com/v1', 'Service')).toThrow('example.com/Service');
  });
});
