/**
 * The add-on pods the sizing reads from the values are the pods the charts really render: every add-on is
 * rendered with the pinned helm (lib/addons/render.ts, as Argo CD renders its Application) and sized from the
 * rendered objects the way our own objects are.
 */
import { platformAddOns } from '../../lib/addons';
import { renderAddOnAsync } from '../../lib/addons/render';
import { Environment } from '../../lib/config';
import { WorkloadSizing, addOnWorkloads, sizeWorkloads } from '../../lib/sizing';
import { exampleEnv } from '../helpers';

async function renderedWorkloads(env: Environment): Promise<WorkloadSizing[]> {
  const addOns = platformAddOns(env);
  const rendered = await Promise.all(addOns.map((a) => renderAddOnAsync(env, a)));
  return rendered.flatMap((r) => sizeWorkloads(r.objects, r.addOn.name));
}

/** What sizing uses of a workload; `scaling` says where the count came from, so it differs by design. */
const comparable = (w: WorkloadSizing) => ({ ...w, scaling: undefined });

test('the example: the values describe exactly the rendered Deployments (names, replicas, sizes, surge)', async () => {
  const env = exampleEnv();
  const rendered = await renderedWorkloads(env);
  expect(rendered.length).toBeGreaterThan(0);
  expect(addOnWorkloads(env).map(comparable)).toEqual(rendered.map(comparable));
}, 120000);

test('without metrics-server and with a tainted pool, still the same', async () => {
  const base = exampleEnv();
  const env: Environment = {
    ...base,
    gitops: { ...base.gitops, installMetricsServer: false },
    virtualNodePool: { ...base.virtualNodePool, taint: { key: 'oke-vn.dev/dedicated', value: 'virtual-nodes', effect: 'NoSchedule' } },
  };
  expect(addOnWorkloads(env).map(comparable)).toEqual((await renderedWorkloads(env)).map(comparable));
}, 120000);
