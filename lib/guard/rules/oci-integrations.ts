/**
 * Rules on how manifests use OCI from virtual nodes: ESO's OCI Vault principal and the CCM load balancer
 * annotations (docs/virtual-nodes.md §8, §9).
 */
import type { Finding, KubeObject, Rule } from '../types';
import { annotationsOf, has, rec } from '../util';
import { finding, objectRule } from './helpers';

const CCM_DOC = 'OCI CCM load-balancer annotations (contengcreatingloadbalancer_topic-Summaryofannotations.htm, 2025-01-29)';
const SL_MODE = 'service.beta.kubernetes.io/oci-load-balancer-security-list-management-mode';
const RULE_MODE = 'oci.oraclecloud.com/security-rule-management-mode';
const NLB_SL_MODE = 'oci-network-load-balancer.oraclecloud.com/security-list-management-mode';

const annotationPath = (key: string): string => `metadata.annotations[${JSON.stringify(key)}]`;

/** `ocid1.<type>.<realm>.<region>[.<future use>].<unique id>`. */
const ocid = (type: string): RegExp => new RegExp(`^ocid1\\.${type}\\.oc[0-9]+\\.[a-z0-9-]*\\.(?:[a-z0-9-]*\\.)?[a-z0-9]{20,}$`);

/** Known annotations with a closed set of values or a fixed syntax. */
const VALUE_CHECKS: ReadonlyArray<{ key: string; valid: (v: string) => boolean; expect: string }> = [
  { key: 'service.beta.kubernetes.io/oci-load-balancer-internal', valid: (v) => v === 'true' || v === 'false', expect: '"true" or "false"' },
  { key: 'oci-network-load-balancer.oraclecloud.com/internal', valid: (v) => v === 'true' || v === 'false', expect: '"true" or "false"' },
  { key: SL_MODE, valid: (v) => ['All', 'Frontend', 'None'].includes(v), expect: 'All, Frontend or None' },
  { key: NLB_SL_MODE, valid: (v) => ['All', 'Frontend', 'None'].includes(v), expect: 'All, Frontend or None' },
  { key: RULE_MODE, valid: (v) => ['SL-All', 'SL-Frontend', 'NSG', 'None'].includes(v), expect: 'SL-All, SL-Frontend, NSG or None' },
  { key: 'service.beta.kubernetes.io/oci-load-balancer-backend-protocol', valid: (v) => ['TCP', 'HTTP', 'HTTP2', 'GRPC'].includes(v), expect: 'TCP or HTTP' },
  { key: 'service.beta.kubernetes.io/oci-load-balancer-subnet1', valid: (v) => ocid('subnet').test(v), expect: 'a subnet OCID' },
  { key: 'service.beta.kubernetes.io/oci-load-balancer-subnet2', valid: (v) => ocid('subnet').test(v), expect: 'a subnet OCID' },
  { key: 'oci-network-load-balancer.oraclecloud.com/subnet', valid: (v) => ocid('subnet').test(v), expect: 'a subnet OCID' },
  { key: 'service.beta.kubernetes.io/oci-load-balancer-ssl-ports', valid: (v) => /^[0-9]+(,[0-9]+)*$/.test(v.replace(/\s/g, '')), expect: 'comma-separated port numbers' },
  ...['retries', 'timeout', 'interval'].flatMap((k) => [
    { key: `service.beta.kubernetes.io/oci-load-balancer-health-check-${k}`, valid: (v: string) => /^[0-9]+$/.test(v), expect: 'a whole number' },
    { key: `oci-network-load-balancer.oraclecloud.com/health-check-${k}`, valid: (v: string) => /^[0-9]+$/.test(v), expect: 'a whole number' },
  ]),
  { key: 'service.beta.kubernetes.io/oci-load-balancer-connection-idle-timeout', valid: (v) => /^[0-9]+$/.test(v), expect: 'a whole number of seconds' },
];

/** ESO SecretStore/ClusterSecretStore with the Oracle provider: which principal authenticates. */
function esoPrincipal(store: KubeObject): { principal: string; explicit: boolean } | undefined {
  const oracle = rec(rec(rec(store.spec).provider).oracle);
  if (Object.keys(oracle).length === 0) return undefined;
  const t = oracle.principalType;
  if (typeof t === 'string' && t !== '') return { principal: t, explicit: true };
  // ESO: a blank principalType means UserPrincipal when `auth` is given, else InstancePrincipal.
  return { principal: has(oracle, 'auth') ? 'UserPrincipal' : 'InstancePrincipal', explicit: false };
}

export const ociIntegrationRules: readonly Rule[] = [
  objectRule({
    id: 'vn-eso-instance-principal', category: 'virtual-node', kinds: ['SecretStore', 'ClusterSecretStore'],
    source: 'docs/virtual-nodes.md §8: instance principals are not supported with virtual nodes (contengsettingupnativeingresscontroller-prereqs.htm); ESO oracle provider docs',
    description: 'An ESO store for OCI Vault does not authenticate as an instance principal (explicitly or by leaving principalType blank without auth): virtual nodes have no instance principal.',
    checkObject: (store) => {
      const p = esoPrincipal(store);
      if (p === undefined || p.principal !== 'InstancePrincipal') return [];
      return [finding('spec.provider.oracle.principalType', `${p.explicit ? 'is InstancePrincipal' : 'is blank and no auth is given, so ESO uses InstancePrincipal'}, which does not exist for pods on virtual nodes`, 'set principalType: Workload with serviceAccountRef (OKE workload identity)')];
    },
  }),
  objectRule({
    id: 'vn-lb-security-list-mode', category: 'virtual-node', kinds: ['Service'],
    source: 'contengconfiguringloadbalancersnetworkloadbalancers-subtopic.htm: with virtual nodes security list management is never enabled',
    description: 'LoadBalancer Services do not ask the CCM to manage security lists (All/Frontend, SL-All/SL-Frontend): on virtual-node clusters it never does, so the rules would silently be missing.',
    checkObject: (svc) => {
      if (rec(svc.spec).type !== 'LoadBalancer') return [];
      const a = annotationsOf(svc);
      const out: Finding[] = [];
      for (const key of [SL_MODE, NLB_SL_MODE]) {
        if (a[key] === 'All' || a[key] === 'Frontend') out.push(finding(annotationPath(key), `is "${a[key]}", but the CCM never manages security lists on virtual-node clusters`, 'set it to "None" and open the LB → pod ports in the pod NSG (the bootstrap does)'));
      }
      if (a[RULE_MODE] === 'SL-All' || a[RULE_MODE] === 'SL-Frontend') out.push(finding(annotationPath(RULE_MODE), `is "${a[RULE_MODE]}", but the CCM never manages security lists on virtual-node clusters`, 'set it to "None" (or NSG, unconfirmed on virtual nodes)'));
      return out;
    },
  }),
  objectRule({
    id: 'lb-annotation-values', category: 'security', kinds: ['Service'],
    source: CCM_DOC,
    description: 'OCI load balancer annotations with a fixed syntax hold a valid value (internal true/false, management modes, subnet OCIDs, ports, health-check numbers).',
    checkObject: (svc) => {
      const a = annotationsOf(svc);
      return VALUE_CHECKS.filter((c) => a[c.key] !== undefined && !c.valid(a[c.key] as string))
        .map((c) => finding(annotationPath(c.key), `is ${JSON.stringify(a[c.key])}, which the cloud controller manager does not accept`, `use ${c.expect}`));
    },
  }),
];
