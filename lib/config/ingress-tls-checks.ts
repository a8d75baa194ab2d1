import type { SemanticIssue } from './checks';
import type { EnvironmentSpec } from './schema';

/**
 * HTTPS settings that contradict each other or the load balancer. Each issue names both fields and the fix.
 */
export function ingressTlsIssues(spec: EnvironmentSpec): SemanticIssue[] {
  const out: SemanticIssue[] = [];
  const tls = spec.ingress.tls;
  const lb = spec.ingress.loadBalancer;
  if (tls.termination === 'loadBalancer' && lb.type === 'nlb') {
    out.push({
      path: 'ingress.tls.termination', value: tls.termination,
      message: 'is "loadBalancer", but ingress.loadBalancer.type is "nlb": a Network Load Balancer passes TCP through and does not terminate TLS; '
        + 'use termination "traefik" (the default) or ingress.loadBalancer.type "lb"',
    });
  }
  if (tls.termination === 'none' && tls.redirectHttpToHttps === true) {
    out.push({
      path: 'ingress.tls.redirectHttpToHttps', value: true,
      message: 'is true, but ingress.tls.termination is "none": there is no HTTPS to redirect to; remove redirectHttpToHttps or choose termination "traefik"',
    });
  }
  return out;
}

/** Whether port 80 answers with a redirect to HTTPS: explicitly set, else whenever TLS is on. */
export function redirectsHttpToHttps(tls: EnvironmentSpec['ingress']['tls']): boolean {
  return tls.redirectHttpToHttps ?? tls.termination !== 'none';
}
