import { HelmAddOn, platformAddOns } from '../addons';
import { Environment } from '../config';
import { parseQuantity } from '../guard/quantity';
import { isRecord, rec } from '../guard/util';
import { billedPod } from './virtual-node-pod';
import { WorkloadSizing, resolveSurge } from './workloads';

/**
 * THE one place add-on pods enter sizing, cost, the diagram and the synth checks.
 *
 * The pods are read from the values we give each chart, not from a Helm render: `helm template` of the three
 * charts takes seconds, and the synth (which prints the sizing, checks it and draws it) stays under one. Every
 * values map holding `resources` (requests or limits) is one Deployment of `replicaCount` or `replicas` pods,
 * else the charts' default of one, unless switched off with `create: false` or `enabled: false`; it is named
 * `<add-on>-<values path>` (ESO's root: external-secrets; Reloader's `reloader.deployment`: reloader-reloader).
 * test/sizing/rendered-addons.test.ts renders every add-on with the pinned helm (lib/addons/render.ts) and
 * requires the same workloads, names, replicas, sizes and surge; should a chart ever render pods its values do
 * not describe, this becomes `platformAddOns(env).flatMap((a) => sizeWorkloads(renderAddOn(env, a).objects, a.name))`
 * and nothing else changes.
 */
export function addOnWorkloads(env: Environment): WorkloadSizing[] {
  return platformAddOns(env).flatMap((addOn) => workloadsFromValues(addOn));
}

const GIB = 2 ** 30;

function kebab(key: string): string {
  return key.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
}

/** external-secrets + [] -> external-secrets; + [webhook] -> external-secrets-webhook; `deployment` adds nothing. */
function componentName(addOn: HelmAddOn, path: readonly string[]): string {
  return [addOn.name, ...path.filter((p) => p !== 'deployment').map(kebab)].join('-');
}

function quantity(resources: Record<string, unknown>, key: 'cpu' | 'memory'): number | undefined {
  return parseQuantity(rec(resources.limits)[key]) ?? parseQuantity(rec(resources.requests)[key]);
}

/** The pods an add-on's values describe (see addOnWorkloads). */
export function workloadsFromValues(addOn: HelmAddOn): WorkloadSizing[] {
  const out: WorkloadSizing[] = [];
  const visit = (node: Record<string, unknown>, path: string[]) => {
    if (node.create === false || node.enabled === false) return;
    const resources = rec(node.resources);
    if (isRecord(resources.requests) || isRecord(resources.limits)) {
      // Charts default to one replica where our values set none (Reloader's deployment).
      const count = typeof node.replicaCount === 'number' ? node.replicaCount : typeof node.replicas === 'number' ? node.replicas : 1;
      const pod = {
        ocpus: quantity(resources, 'cpu') ?? 0.125,
        memoryGiB: (quantity(resources, 'memory') ?? 0.5 * GIB) / GIB,
      };
      const strategy = rec(node.updateStrategy ?? node.strategy);
      out.push({
        origin: addOn.name,
        kind: 'Deployment',
        namespace: addOn.namespace,
        name: componentName(addOn, path),
        replicas: { min: count, max: count },
        scaling: 'Helm values',
        pod,
        billed: billedPod(pod),
        surgeAtMax: strategy.type === 'Recreate' ? 0 : resolveSurge(rec(strategy.rollingUpdate).maxSurge ?? '25%', count),
        continuous: true,
      });
    }
    for (const [key, value] of Object.entries(node)) {
      if (isRecord(value) && key !== 'resources') visit(value, [...path, key]);
    }
  };
  visit({ ...addOn.values }, []);
  return out;
}
