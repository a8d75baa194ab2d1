/**
 * RBAC rules (no wildcards, no cluster-wide secret listing) and OCI load balancer annotation consistency
 * (docs/virtual-nodes.md §9).
 */
import type { KubeObject, Rule } from '../types';
import { annotationsOf, groupOf, nameOf, namespaceOf, rec, recs, str } from '../util';
import { finding, objectRule } from './helpers';

const SEC = 'security' as const;

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

const LB_SHAPE = 'service.beta.kubernetes.io/oci-load-balancer-shape';
const FLEX_MIN = 'service.beta.kubernetes.io/oci-load-balancer-shape-flex-min';
const FLEX_MAX = 'service.beta.kubernetes.io/oci-load-balancer-shape-flex-max';
const LB_TYPE = 'oci.oraclecloud.com/load-balancer-type';
const NSG_KEYS = ['oci.oraclecloud.com/oci-network-security-groups', 'oci-network-load-balancer.oraclecloud.com/oci-network-security-groups', 'oci.oraclecloud.com/oci-backend-network-security-group'];
/** Fixed shapes the OCI LB service offers plus `flexible` (docs/virtual-nodes.md §9.1). */
export const LB_SHAPES: readonly string[] = ['flexible', '10Mbps-Micro', '10Mbps', '100Mbps', '400Mbps', '8000Mbps'];
/** `ocid1.networksecuritygroup.<realm>.<region>[.<future use>].<unique id>` (OCI resource identifier format). */
export const NSG_OCID = /^ocid1\.networksecuritygroup\.oc[0-9]+\.[a-z0-9-]*\.(?:[a-z0-9-]*\.)?[a-z0-9]{20,}$/;
const FLEX_RANGE = { min: 10, max: 8000 };

/** Annotation path in an object, quoted because keys contain dots and slashes. */
function annotationPath(key: string): string {
  return `metadata.annotations[${JSON.stringify(key)}]`;
}

function isLoadBalancer(obj: KubeObject): boolean {
  return rec(obj.spec).type === 'LoadBalancer';
}

/** RoleBindings/ClusterRoleBindings that bind a ClusterRole cluster-wide. */
function boundClusterWide(role: KubeObject, objects: readonly KubeObject[]): boolean {
  return objects.some((b) => b.kind === 'ClusterRoleBinding' && rec(b.roleRef).kind === 'ClusterRole' && rec(b.roleRef).name === nameOf(role));
}

export const rbacRules: readonly Rule[] = [
  objectRule({
    id: 'rbac-wildcard', category: SEC, kinds: ['Role', 'ClusterRole'],
    source: 'kube-linter wildcard-in-rules; CKV_K8S_49; CKV2_K8S_5',
    description: 'RBAC rules name their apiGroups, resources and verbs (no "*").',
    checkObject: (role) => recs(role.rules).flatMap((r, i) => (['apiGroups', 'resources', 'verbs', 'nonResourceURLs'] as const)
      .filter((f) => strings(r[f]).includes('*'))
      .map((f) => finding(`rules[${i}].${f}`, `grants "*" in ${f}`, `list the ${f} the workload needs`))),
  }),
  objectRule({
    id: 'rbac-secret-access', category: SEC, kinds: ['Role', 'ClusterRole'],
    source: 'kube-linter access-to-secrets; CKV2_K8S_1-5; Polaris',
    description: 'No ClusterRole bound cluster-wide lets a workload list or watch Secrets (a namespaced Role may, for its own namespace).',
    checkObject: (role, ctx) => {
      if (role.kind === 'Role') return [];
      if (!boundClusterWide(role, ctx.objects) && ctx.objects.some((o) => o.kind === 'RoleBinding' && rec(o.roleRef).name === nameOf(role))) return [];
      return recs(role.rules).flatMap((r, i) => {
        const secrets = strings(r.resources).some((x) => x === 'secrets' || x === '*') && (strings(r.apiGroups).includes('') || strings(r.apiGroups).includes('*'));
        const verbs = strings(r.verbs).filter((v) => v === 'list' || v === 'watch' || v === '*');
        return secrets && verbs.length > 0 && strings(r.resourceNames).length === 0
          ? [finding(`rules[${i}]`, `lets its subjects ${verbs.join('/')} every Secret in the cluster`, 'grant get on named Secrets (resourceNames), or move the grant into a namespaced Role bound with a RoleBinding')]
          : [];
      });
    },
  }),
];

export const loadBalancerRules: readonly Rule[] = [
  objectRule({
    id: 'lb-shape', category: SEC, kinds: ['Service'],
    source: 'OCI CCM load-balancer annotations (contengcreatingloadbalancer_topic-Summaryofannotations.htm, 2025-01-29)',
    description: 'LoadBalancer Services use a valid load-balancer type and shape; flexible shapes set flex-min and flex-max.',
    checkObject: (svc) => {
      if (!isLoadBalancer(svc)) return [];
      const a = annotationsOf(svc);
      const out = [];
      const type = a[LB_TYPE];
      if (type !== undefined && type !== 'lb' && type !== 'nlb') out.push(finding(annotationPath(LB_TYPE), `is "${type}"`, 'use "lb" or "nlb"'));
      const shape = a[LB_SHAPE];
      if (shape !== undefined && !LB_SHAPES.includes(shape)) out.push(finding(annotationPath(LB_SHAPE), `"${shape}" is not an OCI load balancer shape`, `use one of ${LB_SHAPES.join(', ')}`));
      if (shape === 'flexible') {
        for (const key of [FLEX_MIN, FLEX_MAX]) if (a[key] === undefined) out.push(finding(annotationPath(key), 'is missing although the shape is flexible', 'set it in Mbps (e.g. "10" and "100")'));
      }
      if (shape !== undefined && shape !== 'flexible') {
        for (const key of [FLEX_MIN, FLEX_MAX]) if (a[key] !== undefined) out.push(finding(annotationPath(key), `is set but the shape is "${shape}", so it is ignored`, 'remove it or use shape "flexible"'));
      }
      return out;
    },
  }),
  objectRule({
    id: 'lb-flex-range', category: SEC, kinds: ['Service'],
    source: 'OCI CCM load-balancer annotations; OCI flexible load balancer shape (10-8000 Mbps)',
    description: 'Flexible shape bandwidths are whole Mbps between 10 and 8000, with flex-min ≤ flex-max.',
    checkObject: (svc) => {
      if (!isLoadBalancer(svc)) return [];
      const a = annotationsOf(svc);
      const out = [];
      const read = (key: string): number | undefined => {
        const v = a[key];
        if (v === undefined) return undefined;
        const n = /^[0-9]+$/.test(v) ? Number(v) : NaN;
        if (Number.isNaN(n) || n < FLEX_RANGE.min || n > FLEX_RANGE.max) {
          out.push(finding(annotationPath(key), `"${v}" is not a whole number of Mbps between ${FLEX_RANGE.min} and ${FLEX_RANGE.max}`, 'write a plain number such as "10" or "100"'));
          return undefined;
        }
        return n;
      };
      const min = read(FLEX_MIN);
      const max = read(FLEX_MAX);
      if (min !== undefined && max !== undefined && min > max) out.push(finding(annotationPath(FLEX_MIN), `(${min}) is above flex-max (${max})`, 'make flex-min ≤ flex-max'));
      return out;
    },
  }),
  objectRule({
    id: 'lb-nsg-ocid', category: SEC, kinds: ['Service'],
    source: 'OCI CCM annotations oci.oraclecloud.com/oci-network-security-groups (≤ 5 NSG OCIDs)',
    description: 'NSG annotations hold 1 to 5 well-formed network security group OCIDs, comma-separated.',
    checkObject: (svc) => {
      const a = annotationsOf(svc);
      const out = [];
      for (const key of NSG_KEYS) {
        const v = a[key];
        if (v === undefined) continue;
        const ids = v.split(',').map((s) => s.trim());
        const bad = ids.filter((id) => !NSG_OCID.test(id));
        if (bad.length > 0) out.push(finding(annotationPath(key), `holds ${bad.map((b) => JSON.stringify(b)).join(', ')}, not a network security group OCID`, 'write NSG OCIDs (ocid1.networksecuritygroup.oc1.<region>.<id>), comma-separated'));
        if (ids.length > 5) out.push(finding(annotationPath(key), `lists ${ids.length} NSGs; OCI allows 5`, 'keep at most 5 NSGs'));
      }
      return out;
    },
  }),
];

/** Objects that must be unique in a set: same group, kind, namespace and name. */
export const duplicateRule: Rule = {
  id: 'ref-duplicate-object', category: 'reliability',
  source: 'Own: two manifests for one object make Argo CD flap between them',
  description: 'No two objects share group, kind, namespace and name.',
  check: (obj, ctx) => {
    const name = nameOf(obj);
    if (name === undefined) return [];
    const key = (o: KubeObject): string => `${groupOf(String(o.apiVersion))}/${o.kind}/${namespaceOf(o)}/${nameOf(o) ?? ''}`;
    const firstByKey = ctx.memo('duplicate-object:first', () => {
      const m = new Map<string, KubeObject>();
      for (const o of ctx.objects) if (!m.has(key(o))) m.set(key(o), o);
      return m;
    });
    return firstByKey.get(key(obj)) !== obj ? [finding('metadata.name', `duplicates another ${obj.kind} named "${name}"${str(rec(obj.metadata).namespace) === undefined ? '' : ` in namespace ${namespaceOf(obj)}`}`, 'remove one of the two definitions or rename it')] : [];
  },
};
