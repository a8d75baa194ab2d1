/** Builders that keep each rule a small declaration. */
import { containersOf, podTemplateOf, type ContainerAt, type ContainerField } from '../pods';
import type { Finding, KubeObject, PodTemplate, Rule, RuleCategory, RuleContext } from '../types';
import { setInStoredObject, type StoredType } from '../stored';
import { join, rec } from '../util';

export function finding(path: string, problem: string, fix: string): Finding {
  return { path, problem, fix };
}

/** Which pods a pod rule looks at. */
export type PodScope =
  /** Pods that can land on a virtual node (the virtual-node rules). */
  | 'virtual-nodes'
  /** Pods pinned away from virtual nodes (security checks that a virtual-node rule already covers there). */
  | 'off-virtual-nodes'
  /** Every pod. */
  | 'all';

interface BaseDef {
  readonly id: string;
  readonly category: RuleCategory;
  readonly description: string;
  readonly source: string;
  readonly optional?: boolean;
}

export interface PodRuleDef extends BaseDef {
  /** @default 'virtual-nodes' for category virtual-node, else 'all' */
  readonly scope?: PodScope;
  /** Restrict to these owner kinds. @default every workload kind */
  readonly kinds?: readonly string[];
  readonly checkPod: (pod: PodTemplate, ctx: RuleContext) => Finding[];
}

function inScope(scope: PodScope, pod: PodTemplate, ctx: RuleContext): boolean {
  if (scope === 'all') return true;
  const vn = ctx.canRunOnVirtualNodes(pod);
  return scope === 'virtual-nodes' ? vn : !vn;
}

/** A rule over the pod template of a workload. */
export function podRule(def: PodRuleDef): Rule {
  const scope = def.scope ?? (def.category === 'virtual-node' ? 'virtual-nodes' : 'all');
  return {
    id: def.id, category: def.category, description: def.description, source: def.source,
    ...(def.optional === true ? { optional: true } : {}),
    check: (obj, ctx) => {
      if (def.kinds !== undefined && !def.kinds.includes(obj.kind)) return [];
      const pod = podTemplateOf(obj);
      if (pod === undefined || !inScope(scope, pod, ctx)) return [];
      return def.checkPod(pod, ctx);
    },
  };
}

export interface ContainerRuleDef extends Omit<PodRuleDef, 'checkPod'> {
  /** Container lists to visit. @default ['initContainers', 'containers', 'ephemeralContainers'] */
  readonly fields?: readonly ContainerField[];
  readonly checkContainer: (c: ContainerAt, pod: PodTemplate, ctx: RuleContext) => Finding[];
}

/** A rule over every container of a workload's pod template. */
export function containerRule(def: ContainerRuleDef): Rule {
  const fields = def.fields ?? ['initContainers', 'containers', 'ephemeralContainers'];
  return podRule({
    ...def,
    checkPod: (pod, ctx) => containersOf(pod, fields).flatMap((c) => def.checkContainer(c, pod, ctx)),
  });
}

/**
 * A rule that reports each listed pod-spec field when the stored pod carries it: a value the API server drops or
 * defaults (lib/guard/stored.ts) is no finding.
 */
export function podFieldsAbsent(def: BaseDef & { readonly fields: readonly string[]; readonly why: string; readonly at?: (pod: PodTemplate) => { obj: Record<string, unknown>; path: string; type: StoredType } }): Rule {
  return podRule({
    ...def,
    checkPod: (pod) => {
      const where = def.at?.(pod) ?? { obj: pod.spec, path: pod.specPath, type: 'PodSpec' as const };
      return def.fields.filter((f) => setInStoredObject(where.obj, f, where.type)).map((f) =>
        finding(join(where.path, f), `${f} is set (${JSON.stringify(where.obj[f])}); ${def.why}`, `remove ${f} from the pod spec`));
    },
  });
}

/** A rule that reports each listed container field when the stored container carries it (in every container list). */
export function containerFieldsAbsent(def: BaseDef & { readonly fields: readonly string[]; readonly why: string; readonly inSecurityContext?: boolean }): Rule {
  const { fields, ...rest } = def;
  return containerRule({
    ...rest,
    checkContainer: (c) => {
      const obj = def.inSecurityContext === true ? rec(c.container.securityContext) : c.container;
      const base = def.inSecurityContext === true ? `${c.path}.securityContext` : c.path;
      return fields.filter((f) => setInStoredObject(obj, f, def.inSecurityContext === true ? 'SecurityContext' : 'Container')).map((f) =>
        finding(join(base, f), `container "${c.name}" sets ${f} (${JSON.stringify(obj[f])}); ${def.why}`, `remove ${f} from container "${c.name}"`));
    },
  });
}

/** A rule over objects of some kinds. */
export function objectRule(def: BaseDef & { readonly kinds: readonly string[]; readonly checkObject: (obj: KubeObject, ctx: RuleContext) => Finding[] }): Rule {
  return {
    id: def.id, category: def.category, description: def.description, source: def.source,
    ...(def.optional === true ? { optional: true } : {}),
    check: (obj, ctx) => (def.kinds.includes(obj.kind) ? def.checkObject(obj, ctx) : []),
  };
}
