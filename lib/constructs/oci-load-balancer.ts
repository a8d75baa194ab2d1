/**
 * Typed builder for the OCI cloud-controller-manager annotations on a `type: LoadBalancer` Service.
 * Keys and semantics: docs/load-balancer-annotations.md (from Oracle's "Summary of Annotations for Load Balancers
 * and Network Load Balancers" and oracle/oci-cloud-controller-manager's file of that name).
 */
import { PropsError } from './errors';

export type OciLoadBalancerType = 'lb' | 'nlb';

export interface OciHealthCheck {
  /** @default 10000 */
  readonly intervalMs?: number;
  /** @default 3000 */
  readonly timeoutMs?: number;
  /** @default 3 */
  readonly retries?: number;
}

export interface OciLoadBalancerOptions {
  /** OCI Load Balancer (layer 4/7) or Network Load Balancer (layer 4). */
  readonly type: OciLoadBalancerType;
  /** LB only: shape; `flexible` takes min/max bandwidth. */
  readonly shape?: 'flexible' | '100Mbps' | '400Mbps' | '8000Mbps';
  /** LB flexible shape: minimum Mbps. */
  readonly minMbps?: number;
  /** LB flexible shape: maximum Mbps. */
  readonly maxMbps?: number;
  /** Private load balancer (cannot be changed after creation). */
  readonly internal: boolean;
  /** Subnet the load balancer is placed in. */
  readonly subnetId: string;
  /** NSGs on the load balancer's VNICs (at most 5). */
  readonly nsgIds: readonly string[];
  readonly healthCheck?: OciHealthCheck;
  /** LB only: terminate TLS on these Service ports with `tlsSecretName`. */
  readonly sslPorts?: readonly number[];
  /** LB only: Secret (`name` or `namespace/name`) with the listener certificate. */
  readonly tlsSecretName?: string;
}

const LB = 'service.beta.kubernetes.io/oci-load-balancer-';
const NLB = 'oci-network-load-balancer.oraclecloud.com/';

/**
 * Annotations for an OCI (N)LB in front of pods on virtual nodes. Security rules are always ours to
 * manage on virtual nodes ("security list management is never enabled"), so the mode is `None` and the
 * bootstrap's NSGs carry the rules.
 */
export function ociLoadBalancerAnnotations(o: OciLoadBalancerOptions): Record<string, string> {
  if (o.nsgIds.length === 0 || o.nsgIds.length > 5) throw new PropsError(`nsgIds: OCI load balancers take 1 to 5 NSGs, got ${o.nsgIds.length}`);
  const hc = { intervalMs: 10000, timeoutMs: 3000, retries: 3, ...o.healthCheck };
  const a: Record<string, string> = { 'oci.oraclecloud.com/load-balancer-type': o.type };
  if (o.type === 'lb') {
    const shape = o.shape ?? 'flexible';
    a[`${LB}shape`] = shape;
    if (shape === 'flexible') {
      const min = o.minMbps ?? 10;
      const max = o.maxMbps ?? 100;
      if (min > max) throw new PropsError(`minMbps (${min}) must not exceed maxMbps (${max})`);
      a[`${LB}shape-flex-min`] = String(min);
      a[`${LB}shape-flex-max`] = String(max);
    }
    a[`${LB}internal`] = String(o.internal);
    a[`${LB}subnet1`] = o.subnetId;
    a['oci.oraclecloud.com/oci-network-security-groups'] = o.nsgIds.join(',');
    a[`${LB}security-list-management-mode`] = 'None';
    a[`${LB}health-check-interval`] = String(hc.intervalMs);
    a[`${LB}health-check-timeout`] = String(hc.timeoutMs);
    a[`${LB}health-check-retries`] = String(hc.retries);
    if (o.tlsSecretName !== undefined) {
      a[`${LB}ssl-ports`] = (o.sslPorts ?? [443]).join(',');
      a[`${LB}tls-secret`] = o.tlsSecretName;
    }
  } else {
    a[`${NLB}internal`] = String(o.internal);
    a[`${NLB}subnet`] = o.subnetId;
    a[`${NLB}oci-network-security-groups`] = o.nsgIds.join(',');
    a[`${NLB}security-list-management-mode`] = 'None';
    a[`${NLB}health-check-interval`] = String(hc.intervalMs);
    a[`${NLB}health-check-timeout`] = String(hc.timeoutMs);
    a[`${NLB}health-check-retries`] = String(hc.retries);
    if (o.tlsSecretName !== undefined) throw new PropsError('tlsSecretName: a Network Load Balancer does not terminate TLS; use type "lb" or terminate TLS in Traefik');
  }
  return a;
}
