/** Sizing: what every pod reserves, from the objects (ours) and the add-ons' values, and the checks on it. */
import * as fs from 'fs';
import * as path from 'path';
import * as yaml from 'js-yaml';
import { HelmAddOn, platformAddOns } from '../../lib/addons';
import { workloadsFromValues } from '../../lib/sizing/addons';
import { Environment } from '../../lib/config';
import { KubeObject } from '../../lib/guard/types';
import { addOnWorkloads, billedPod, podResources, sizeEnvironment, sizeWorkloads, sizingFindings, sizingSummary } from '../../lib/sizing';
import { synthesizeEnvironment } from '../../lib/synth/environment-app';
import { SynthCheckError, synth } from '../../lib/synth/run';
import { ROOT, exampleEnv, tempConfig } from '../helpers';

const container = (cpu: string | undefined, memory: string | undefined) => ({
  name: 'c', image: 'x:1', resources: cpu === undefined ? {} : { requests: { cpu, memory }, limits: { cpu, memory } },
});
const deployment = (name: string, replicas: number | undefined, containers: object[], extra: object = {}): KubeObject => ({
  apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: 'ns' },
  spec: { ...(replicas === undefined ? {} : { replicas }), template: { spec: { containers } }, ...extra },
});

describe('one pod', () => {
  test('sums its containers; the limit counts; defaults for a container without either', () => {
    expect(podResources({ containers: [container('500m', '512Mi'), container('1', '1Gi')] })).toEqual({ ocpus: 1.5, memoryGiB: 1.5 });
    expect(podResources({ containers: [{ name: 'c', resources: { requests: { cpu: '250m' }, limits: { cpu: '2' } } }] })).toEqual({ ocpus: 2, memoryGiB: 0.5 });
    expect(podResources({ containers: [{ name: 'a' }, { name: 'b' }] })).toEqual({ ocpus: 0.25, memoryGiB: 1 });
  });

  test('is billed whole OCPUs and whole GB after 0.25 GB of runtime memory', () => {
    expect(billedPod({ ocpus: 1, memoryGiB: 1 })).toEqual({ ocpus: 1, memoryGB: 2 });
    expect(billedPod({ ocpus: 1, memoryGiB: 2 })).toEqual({ ocpus: 1, memoryGB: 3 });
    expect(billedPod({ ocpus: 1.5, memoryGiB: 1.75 })).toEqual({ ocpus: 2, memoryGB: 2 });
    expect(billedPod({ ocpus: 0.125, memoryGiB: 0.5 })).toEqual({ ocpus: 1, memoryGB: 1 });
  });
});

describe('workloads', () => {
  test('an HPA sets the range of the Deployment it targets; replicas otherwise; surge from the strategy', () => {
    const objects: KubeObject[] = [
      deployment('web', undefined, [container('1', '2Gi')]),
      deployment('api', 3, [container('2', '4Gi')], { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1 } } }),
      deployment('batch', 2, [container('1', '1Gi')], { strategy: { type: 'Recreate' } }),
      { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'web', namespace: 'ns' }, spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: 3, maxReplicas: 10 } },
      // Same name, other namespace: not this HPA's target.
      { ...deployment('web', 4, [container('1', '1Gi')]), metadata: { name: 'web', namespace: 'other' } },
    ];
    const byName = Object.fromEntries(sizeWorkloads(objects, 'charts').map((w) => [`${w.namespace}/${w.name}`, w]));
    expect(byName['ns/web']?.replicas).toEqual({ min: 3, max: 10 });
    expect(byName['ns/web']?.scaling).toBe('HPA web');
    expect(byName['ns/web']?.surgeAtMax).toBe(3); // default 25 % of 10, rounded up
    expect(byName['ns/api']).toMatchObject({ replicas: { min: 3, max: 3 }, surgeAtMax: 1, pod: { ocpus: 2, memoryGiB: 4 } });
    expect(byName['ns/batch']?.surgeAtMax).toBe(0);
    expect(byName['other/web']?.replicas).toEqual({ min: 4, max: 4 });
  });

  test('Jobs, CronJobs, StatefulSets and DaemonSets: counted by their own rules', () => {
    const job = (ttl?: number): KubeObject => ({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: ttl === undefined ? 'kept' : 'once', namespace: 'ns' }, spec: { parallelism: 2, ...(ttl === undefined ? {} : { ttlSecondsAfterFinished: ttl }), template: { spec: { containers: [container('1', '1Gi')] } } } });
    const objects: KubeObject[] = [
      job(), job(300),
      { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'nightly', namespace: 'ns' }, spec: { schedule: '0 1 * * *', jobTemplate: { spec: { template: { spec: { containers: [container('1', '1Gi')] } } } } } },
      { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'db', namespace: 'ns' }, spec: { replicas: 3, template: { spec: { containers: [container('1', '1Gi')] } } } },
      { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'agent', namespace: 'ns' }, spec: { template: { spec: { containers: [container('1', '1Gi')] } } } },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm', namespace: 'ns' } },
    ];
    const w = Object.fromEntries(sizeWorkloads(objects, 'charts').map((x) => [x.name, x]));
    expect(Object.keys(w).sort()).toEqual(['agent', 'db', 'kept', 'nightly', 'once']);
    expect(w.kept).toMatchObject({ replicas: { min: 2, max: 2 }, continuous: true });
    expect(w.once).toMatchObject({ replicas: { min: 2, max: 2 }, continuous: false });
    expect(w.nightly).toMatchObject({ replicas: { min: 1, max: 1 }, continuous: false });
    expect(w.db).toMatchObject({ replicas: { min: 3, max: 3 }, surgeAtMax: 0 });
    expect(w.agent?.replicas).toEqual({ min: 0, max: 0 });
  });

  test('add-on pods come from the values each add-on gives its chart: one Deployment per values map with resources', () => {
    const env = exampleEnv();
    const limits = { limits: { cpu: '1', memory: '1Gi' } };
    const addOn: HelmAddOn = {
      ...platformAddOns(env)[0] as HelmAddOn,
      name: 'external-secrets',
      values: { replicaCount: 2, resources: limits, webhook: { replicaCount: 3, resources: { limits: { cpu: '2', memory: '512Mi' } } }, certController: { create: false, resources: limits } },
    };
    expect(workloadsFromValues(addOn).map((w) => [w.name, w.replicas.max, w.pod.ocpus, w.pod.memoryGiB])).toEqual([
      ['external-secrets', 2, 1, 1],
      ['external-secrets-webhook', 3, 2, 0.5],
    ]);
    expect(addOnWorkloads(env).map((w) => w.origin)).toEqual(platformAddOns(env).map((a) => a.name));
    const without: Environment = { ...env, gitops: { ...env.gitops, installMetricsServer: false } };
    expect(addOnWorkloads(without).map((w) => w.name)).not.toContain('metrics-server');
  });

  test('an add-on values map with resources but no replica count is one pod (the charts\' default)', () => {
    const env = exampleEnv();
    const addOn = { ...platformAddOns(env)[0] as HelmAddOn, name: 'reloader', namespace: 'reloader', values: { reloader: { deployment: { resources: { limits: { cpu: '1', memory: '1Gi' } } } }, off: { create: false, resources: { limits: { cpu: '1' } } } } };
    const sized = workloadsFromValues(addOn);
    expect(sized.map((w) => [w.name, w.replicas.max, w.pod.ocpus, w.pod.memoryGiB])).toEqual([['reloader-reloader', 1, 1, 1]]);
  });

  test('no metrics-server when the environment does not install it', () => {
    const env = exampleEnv();
    const without: Environment = { ...env, gitops: { ...env.gitops, installMetricsServer: false } };
    expect(addOnWorkloads(without).map((w) => w.name)).not.toContain('metrics-server');
  });
});

/** Our workloads read back from the committed YAML, independently of the sizing code. */
function fromDist(): Array<{ name: string; min: number; max: number; cpu: number; gib: number }> {
  const dir = path.join(ROOT, 'dist', 'example');
  const docs = fs.readdirSync(dir).filter((f) => f.endsWith('.k8s.yaml')).flatMap((f) => yaml.loadAll(fs.readFileSync(path.join(dir, f), 'utf8')) as KubeObject[]);
  const hpa = (name: string) => docs.find((d) => d.kind === 'HorizontalPodAutoscaler' && (d.spec as { scaleTargetRef: { name: string } }).scaleTargetRef.name === name)?.spec as { minReplicas: number; maxReplicas: number } | undefined;
  return docs.filter((d) => d.kind === 'Deployment').map((d) => {
    const spec = d.spec as { replicas?: number; template: { spec: { containers: Array<{ resources: { limits: { cpu: string; memory: string } } }> } } };
    const c = spec.template.spec.containers;
    const h = hpa(d.metadata?.name ?? '');
    return {
      name: d.metadata?.name ?? '',
      min: h?.minReplicas ?? spec.replicas ?? 1,
      max: h?.maxReplicas ?? spec.replicas ?? 1,
      cpu: c.reduce((s, x) => s + Number(x.resources.limits.cpu), 0),
      gib: c.reduce((s, x) => s + Number(x.resources.limits.memory.replace(/Mi$/, '')) / 1024, 0),
    };
  });
}

describe('an environment', () => {
  test('totals = the sum over the synthesized pods plus the add-ons\' pods', () => {
    const env = exampleEnv();
    const ours = fromDist();
    expect(ours.map((w) => w.name).sort()).toEqual([env.app.name, 'traefik'].sort());
    const addOns = addOnWorkloads(env);
    const sum = (scale: 'min' | 'max') => ({
      pods: ours.reduce((s, w) => s + w[scale], 0) + addOns.reduce((s, w) => s + w.replicas[scale], 0),
      ocpus: ours.reduce((s, w) => s + w[scale] * w.cpu, 0) + addOns.reduce((s, w) => s + w.replicas[scale] * w.pod.ocpus, 0),
      memoryGiB: ours.reduce((s, w) => s + w[scale] * w.gib, 0) + addOns.reduce((s, w) => s + w.replicas[scale] * w.pod.memoryGiB, 0),
    });
    const sizing = sizeEnvironment(env, (yaml.loadAll(fs.readFileSync(path.join(ROOT, 'dist', 'example', '30-app.k8s.yaml'), 'utf8')) as KubeObject[])
      .concat(yaml.loadAll(fs.readFileSync(path.join(ROOT, 'dist', 'example', '20-ingress-controller.k8s.yaml'), 'utf8')) as KubeObject[]));
    expect(sizing.min).toEqual(sum('min'));
    expect(sizing.max).toEqual(sum('max'));
    expect(sizingSummary('example', sizing)).toBe(
      `example: reserves ${sizing.min.pods} pods, ${sizing.min.ocpus} OCPU, ${sizing.min.memoryGiB} GiB at minimum scale; `
      + `${sizing.max.pods} pods, ${sizing.max.ocpus} OCPU, ${sizing.max.memoryGiB} GiB at maximum (requests = limits, add-ons included; prices: npm run cost -- --env example)`,
    );
  });

  test('fails when the pods cannot fit the pod subnet, naming the field, the count and the fix', () => {
    const base = exampleEnv();
    const env: Environment = { ...base, network: { ...base.network, podSubnetCidr: '10.0.32.0/28' } };
    const objects = synthesizeEnvironment(env).manifests.flatMap((f) => f.objects);
    const findings = sizingFindings(env, sizeEnvironment(env, objects));
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatch(/^network\.podSubnetCidr \(10\.0\.32\.0\/28\) has 13 usable IPs, but the pool can need \d+ at once: .* \+ 3 virtual nodes/);
    expect(findings[0]).toContain('use a larger block');
  });

  test('fails when a pod is larger than one pod of the shape can be', () => {
    const env = exampleEnv();
    const huge = [deployment('huge', 1, [container('1', '64Gi')]), deployment('wide', 1, [container('65', '64Gi')])];
    const findings = sizingFindings(env, sizeEnvironment(env, huge));
    expect(findings).toEqual([
      'Deployment ns/huge: a pod is allocated 65 GB (its 64 GiB + 0.25 GB runtime, rounded up) but a Pod.Standard.E4.Flex pod with 1 OCPU can have at most 64 GB (64 per OCPU, 1024 in all); lower its memory or raise its CPU',
      'Deployment ns/wide: a pod is allocated 65 OCPU, more than a Pod.Standard.E4.Flex pod can have (64); lower its CPU or pick another virtualNodePool.podShape',
    ]);
  });

  test('the synth stops on it and leaves dist/ as it was', () => {
    const t = tempConfig();
    synth({ configDir: t.configDir, outDir: t.outDir });
    const before = fs.readFileSync(path.join(t.outDir, 'example', '30-app.k8s.yaml'), 'utf8');
    // Passes the environment file's own estimate, not the count over the real objects and add-ons.
    t.edit('example.yaml', (s) => s.replace('podSubnetCidr: 10.0.32.0/20', 'podSubnetCidr: 10.0.32.0/27').replace('size: 3', 'size: 13'));
    let error: unknown;
    try {
      synth({ configDir: t.configDir, outDir: t.outDir });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SynthCheckError);
    expect((error as Error).message).toMatch(/example: network\.podSubnetCidr \(10\.0\.32\.0\/27\) has 29 usable IPs, but the pool can need (\d+) at once: .* \+ 13 virtual nodes/);
    expect(fs.readFileSync(path.join(t.outDir, 'example', '30-app.k8s.yaml'), 'utf8')).toBe(before);
  });
});
