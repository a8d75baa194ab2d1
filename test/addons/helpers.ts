import { HelmAddOn, platformAddOns } from '../../lib/addons';
import { RenderedAddOn, renderAddOn } from '../../lib/addons/render';
import { Environment } from '../../lib/config';
import type { KubeObject } from '../../lib/guard/types';
import { exampleEnv } from '../helpers';

/** The example environment's add-on of that name, rendered (cached per process by renderAddOn). */
export function rendered(name: string, env: Environment = exampleEnv()): RenderedAddOn {
  const addOn = platformAddOns(env).find((a) => a.name === name) as HelmAddOn;
  if (addOn === undefined) throw new Error(`no add-on ${name}`);
  return renderAddOn(env, addOn);
}

/** The one rendered object of a kind (and name). */
export function one(objects: readonly KubeObject[], kind: string, name?: string): KubeObject {
  const found = objects.filter((o) => o.kind === kind && (name === undefined || o.metadata?.name === name));
  if (found.length !== 1) throw new Error(`expected one ${kind} ${name ?? ''}, found ${found.length}: ${objects.map((o) => `${o.kind}/${o.metadata?.name}`).join(', ')}`);
  return found[0] as KubeObject;
}

/** Pod spec and first container of a rendered Deployment. */
export function podOf(deployment: KubeObject): { spec: Record<string, unknown>; container: Record<string, unknown> } {
  const spec = (deployment.spec as { template: { spec: Record<string, unknown> } }).template.spec;
  return { spec, container: (spec.containers as Record<string, unknown>[])[0] as Record<string, unknown> };
}
