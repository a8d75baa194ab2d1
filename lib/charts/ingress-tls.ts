import { Environment } from '../config';
import { TraefikTls } from '../constructs/traefik-ingress-controller';
import { WebServiceIngress } from '../constructs/web-service';

/**
 * `ingress.tls` of the environment, for the two charts that share it: the app's WebService makes the certificate's
 * Secret, the ingress controller's chart serves it (Traefik) or hands it to the load balancer.
 */

/** Whether port 80 answers with a redirect to HTTPS: as set, else whenever TLS is on. */
export function redirectsHttpToHttps(tls: Environment['ingress']['tls']): boolean {
  return tls.redirectHttpToHttps ?? tls.termination !== 'none';
}

/** The app Ingress's certificate: from the vault, served by Traefik or by the load balancer; none for plain HTTP. */
export function appCertificate(env: Environment): Pick<WebServiceIngress, 'certificate' | 'terminateTlsAt'> {
  const tls = env.ingress.tls;
  if (tls.termination === 'none') return {};
  return {
    certificate: { vaultSecretName: tls.vaultSecretName, secretName: tls.secretName, refreshInterval: env.app.secretRefreshInterval },
    terminateTlsAt: tls.termination === 'loadBalancer' ? 'loadBalancer' : 'ingress',
  };
}

/** What the Traefik construct takes: the load balancer's certificate as `namespace/name` when it terminates. */
export function traefikTls(env: Environment): TraefikTls {
  const tls = env.ingress.tls;
  return {
    termination: tls.termination,
    redirectHttpToHttps: redirectsHttpToHttps(tls),
    loadBalancerCertificate: tls.termination === 'loadBalancer' ? `${env.app.namespace}/${tls.secretName}` : undefined,
  };
}
